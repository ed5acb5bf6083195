// Group membership in the target: provisioned directory members only, written as member
// operations (never a replace of the group) or, where the target's PATCH semantics for
// members are unknown (GoTo), as the group's full list (lib/scim fullListWrite); tracked in
// sync_member_link.
import { iterateMemberIds } from "../directory/groups";
import { db } from "../db";
import { sql } from "../db/sql";
import { Batcher, settledAll } from "./batcher";
import type { ModifiedProperty } from "../logs/provisioning-log";
import { lt, type StepCode, type Text } from "../logs/text";
import type { AppContext } from "./types";

type Tracer = { step(code: StepCode, status: "success" | "failure" | "skipped", text: Text): void };

async function directoryMembers(groupId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = null; ;) {
    const page = await iterateMemberIds(groupId, { afterUserId: after, limit: 5000 });
    ids.push(...page.userIds);
    if (!page.nextAfterUserId) return ids;
    after = page.nextAfterUserId;
  }
}

/** A group's provisioned directory members and the members Provisio wrote to its target group (user id → target id; null: no live link). */
export type MemberState = { desired: Map<string, string>; current: Map<string, string | null> };

/** The member state of a page of groups in two queries (not four per group). */
export async function preloadMembers(appId: string, groupIds: string[]): Promise<Map<string, MemberState>> {
  const out = new Map<string, MemberState>(groupIds.map((g) => [g, { desired: new Map(), current: new Map() }]));
  if (!groupIds.length) return out;
  const desired = await db.$queryRaw<{ groupId: string; userId: string; targetId: string }[]>`
    SELECT gm."groupId", gm."userId", l."targetId" FROM group_member gm
    JOIN sync_link l ON l."appId" = ${appId} AND l."objectType" = 'user' AND l."sourceId" = gm."userId" AND l.state <> 'deleted'
    WHERE gm."groupId" = ANY(${groupIds}::text[])`;
  for (const r of desired) out.get(r.groupId)!.desired.set(r.userId, r.targetId);
  const current = await db.$queryRaw<{ groupId: string; userId: string; targetId: string | null }[]>`
    SELECT ml."groupId", ml."userId", l."targetId" FROM sync_member_link ml
    LEFT JOIN sync_link l ON l."appId" = ml."appId" AND l."objectType" = 'user' AND l."sourceId" = ml."userId" AND l.state <> 'deleted'
    WHERE ml."appId" = ${appId} AND ml."groupId" = ANY(${groupIds}::text[])`;
  for (const r of current) out.get(r.groupId)!.current.set(r.userId, r.targetId);
  return out;
}

async function memberState(appId: string, groupId: string): Promise<MemberState> {
  const memberIds = await directoryMembers(groupId);
  const provisioned = await db.syncLink.findMany({ where: { appId, objectType: "user", state: { not: "deleted" }, sourceId: { in: memberIds } }, select: { sourceId: true, targetId: true } });
  const rows = await db.syncMemberLink.findMany({ where: { appId, groupId }, select: { userId: true } });
  const live = rows.length
    ? new Map((await db.syncLink.findMany({ where: { appId, objectType: "user", sourceId: { in: rows.map((r) => r.userId) }, state: { not: "deleted" } }, select: { sourceId: true, targetId: true } })).map((l) => [l.sourceId, l.targetId]))
    : new Map<string, string>();
  return { desired: new Map(provisioned.map((l) => [l.sourceId, l.targetId])), current: new Map(rows.map((r) => [r.userId, live.get(r.userId) ?? null])) };
}

/** Member links of the groups of a page written side by side: one INSERT per wave (batcher.ts). */
const addedMembers = new Batcher<{ appId: string; groupId: string; userIds: string[] }, void>(async (items) => {
  const rows = items.flatMap((i) => i.userIds.map((u) => [i.appId, i.groupId, u] as const));
  await sql(
    `INSERT INTO sync_member_link ("appId", "groupId", "userId") SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
  return settledAll(items.length, undefined);
});

/** Members written to the target group by other means (its create carried them, page-groups.ts). */
export function recordMembersAdded(appId: string, groupId: string, userIds: string[]): Promise<void> {
  return userIds.length ? addedMembers.run({ appId, groupId, userIds }) : Promise.resolve();
}

/**
 * Adds and removes members so the target group holds the provisioned members; null when nothing
 * changed. addOnly: finishing a create while the Update action is off (nothing is removed).
 */
export async function syncMembers(ctx: AppContext, groupId: string, groupTargetId: string, displayName: string, trace: Tracer, opts: { fresh?: boolean; preloaded?: MemberState; addOnly?: boolean } = {}): Promise<ModifiedProperty[] | null> {
  const appId = ctx.app.id;
  const state = opts.preloaded ?? (await memberState(appId, groupId));
  const desired = state.desired;
  // Just created (or recreated: its old member links were dropped): the target group has no members yet.
  const current = opts.fresh ? new Map<string, string | null>() : state.current;
  const currentIds = new Set(current.keys());
  const addUsers = [...desired.keys()].filter((u) => !currentIds.has(u));
  const removeUsers = opts.addOnly ? [] : [...currentIds].filter((u) => !desired.has(u));
  if (addUsers.length === 0 && removeUsers.length === 0) return null;
  const removeTargets = removeUsers.map((u) => current.get(u)).filter((t): t is string => !!t);
  // Full-list targets (GoTo) read the group and write its whole list: every desired member goes
  // in, so one missing from the target (removed there by hand) is put back at the same time.
  const add = ctx.client.profile.memberUpdate === "full-list" ? [...desired.values()] : addUsers.map((u) => desired.get(u)!);
  await ctx.client.updateMembers(groupTargetId, { add, remove: removeTargets }, { displayName });
  if (addUsers.length) await addedMembers.run({ appId, groupId, userIds: addUsers });
  if (removeUsers.length) await db.syncMemberLink.deleteMany({ where: { appId, groupId, userId: { in: removeUsers } } });
  trace.step("update_members", "success", lt("membersUpdated", { added: addUsers.length, removed: removeUsers.length }));
  return [{ name: "members", oldValue: `${currentIds.size} member(s)`, newValue: `+${addUsers.length} −${removeUsers.length} (${desired.size} provisioned member(s))` }];
}
