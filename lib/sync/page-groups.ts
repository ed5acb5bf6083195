// Groups created with their members in one go, through /Bulk (issue 15 goal 3). In an initial
// cycle whose writes go through /Bulk, a users page also writes each group that is not linked yet
// and whose last member (in the directory's id order, the users phase's order) is in the page.
// The group's POST carries its members: those provisioned before by their target id, those
// created in this page by their operation's bulkId ("bulkId:<id>", reserved before their POST is
// queued), so it goes in the same /Bulk request as its last members (after them: valid whether
// the target resolves references in any order or only from earlier operations) or in a later one
// (which carries the ids the target gave, bulk-queue.ts) — instead of a POST in the groups phase
// and then a PATCH of its members.
// A member whose POST failed makes its reference unresolvable (409 from the target, or from the
// queue): the group is then created with the members whose writes succeeded, once those writes
// have ended (write-object.ts). A POST carries at most the profile's maxMembersPerPatch members;
// the rest follow as member PATCHes that are part of the create (sent even when the mapping's
// Update action is off). The groups phase still reads these groups (it repairs a page that
// died between a POST and its records) but does not count them a second time (phases.ts).
import { sql } from "../db/sql";
import type { AppContext } from "./types";

/** groupId → its members in this page that had no link when the page started */
export type PageGroups = Map<string, string[]>;

/** A member of a group being created: its directory id and what the POST carries (a target id or "bulkId:<id>"). */
export type NewMember = { userId: string; value: string };

/** The groups a users page completes (see above); empty unless writes go through /Bulk. */
export async function groupsCompletedBy(ctx: AppContext, userIds: string[], lastUserId: string): Promise<PageGroups> {
  const out: PageGroups = new Map();
  const doc = ctx.groups;
  if (!userIds.length || !doc.enabled || !doc.actions.create || !doc.attributeMappings.some((m) => m.target === "members" && m.type !== "none")) return out;
  if (ctx.client.profile.memberUpdate !== "diff" || !(await ctx.client.bulkActive())) return out;
  const rows = await sql<{ groupId: string; userId: string }>(
    `SELECT gm."groupId", gm."userId" FROM group_member gm
     WHERE gm."userId" = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM group_member g2 WHERE g2."groupId" = gm."groupId" AND g2."userId" > $2)
       AND NOT EXISTS (SELECT 1 FROM sync_link l WHERE l."appId" = $3 AND l."objectType" = 'group' AND l."sourceId" = gm."groupId" AND l.state <> 'deleted')`,
    [userIds, lastUserId, ctx.app.id],
  );
  for (const r of rows) out.set(r.groupId, [...(out.get(r.groupId) ?? []), r.userId]);
  return out;
}

type Slot = { first: Promise<string | null>; final: Promise<string | null>; announce: (v: string) => void; end: (v: string | null) => void };

/**
 * What each member written in the page will be in its group's POST. `first`: as soon as it is
 * known — "bulkId:<id>" when its create is about to be queued, else its target id (or null: not
 * provisioned) when its write ends; `final`: when its write has ended.
 */
export class MemberSlots {
  private readonly slots = new Map<string, Slot>();

  constructor(userIds: Iterable<string>) {
    for (const id of userIds) {
      let resolveFirst!: (v: string | null) => void;
      let resolveFinal!: (v: string | null) => void;
      const first = new Promise<string | null>((r) => (resolveFirst = r));
      const final = new Promise<string | null>((r) => (resolveFinal = r));
      this.slots.set(id, {
        first, final, announce: resolveFirst,
        end: (v) => {
          resolveFirst(v);
          resolveFinal(v);
        },
      });
    }
  }

  has(userId: string): boolean {
    return this.slots.has(userId);
  }

  /** The user's create is about to be queued with this bulkId. */
  announce(userId: string, bulkId: string): void {
    this.slots.get(userId)?.announce(`bulkId:${bulkId}`);
  }

  /** The user's write ended: its target id, or null when it is not provisioned. */
  end(userId: string, targetId: string | null): void {
    this.slots.get(userId)?.end(targetId);
  }

  /**
   * The members of a group being created (its POST carries the first of them): `linked`
   * (provisioned before the page) by target id, the page's members as soon as each is known
   * (settled: once their writes have ended, by target id).
   */
  async members(linked: Map<string, string>, inPage: string[], settled: boolean): Promise<NewMember[]> {
    const pending = inPage.filter((u) => !linked.has(u) && this.slots.has(u));
    const values = await Promise.all(pending.map((u) => (settled ? this.slots.get(u)!.final : this.slots.get(u)!.first)));
    return [
      ...pending.flatMap((userId, i) => (values[i] ? [{ userId, value: values[i]! }] : [])),
      ...[...linked].map(([userId, value]) => ({ userId, value })),
    ];
  }
}
