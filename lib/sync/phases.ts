// The phase machine: one page of work per call, from a checkpoint to the next.
// Initial (full) cycles: plan → list (when listing) → users → managers → user_orphans → groups → group_orphans → finalize.
// Incremental cycles: changes → managers → pending_groups → conflicts → escrow → finalize.
import { iterateUsers, getUsersByIds } from "../directory/users";
import { iterateGroups, getGroupsByIds } from "../directory/groups";
import { readChanges, type Change } from "../directory/change-feed";
import { db, Prisma } from "../db";
import { sql } from "../db/sql";
import { recordPushLatency } from "../metrics/record";
import type { Checkpoint } from "./checkpoint";
import { defer, deferredPage, undefer } from "./deferred";
import { loadLinks } from "./links";
import { preloadMembers } from "./members";
import { listingFinder, listPage, planReconcile, rememberCreated, type ReconcilePlan } from "./reconcile";
import { groupsCompletedBy, MemberSlots, type PageGroups } from "./page-groups";
import { PAGE_SIZE } from "./policy";
import { recordResults } from "./results";
import { groupAssignments, userAssignments } from "./scope";
import type { AppContext, CycleCounts, ObjectKind, WriteResult } from "./types";
import { writeObject, type Preloaded, type WriteOptions } from "./write-object";

/** When each change that reached the target was written in the directory (push latency). */
function pushedAt(changes: Change[], results: WriteResult[]): Date[] {
  const written = new Set(results.filter((r) => r.outcome !== "failed" && r.outcome !== "skipped").map((r) => `${r.kind}:${r.sourceId}`));
  return changes.filter((c) => c.at && written.has(`${c.objectType}:${c.id}`)).map((c) => c.at!);
}

export async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  let failure: unknown = null;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length && !failure) {
      const idx = i++;
      try {
        out[idx] = await fn(items[idx]!);
      } catch (e) {
        failure ??= e; // CredentialsRejected: stop taking new work
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure;
  return out;
}

// One query each for the page's objects, assignments and links (and the managers' links),
// instead of several per object: a page costs a handful of round trips plus the writes.
async function preloadUsers(ctx: AppContext, ids: string[]): Promise<Preloaded> {
  return withLinks(ctx, ids, await readUsers(ctx, ids));
}

/** A users page's directory side (objects and assignments): what can be read before the pages ahead of it are written. */
export async function readUsers(ctx: AppContext, ids: string[]): Promise<Preloaded> {
  const users = await getUsersByIds(ids);
  return { users: new Map(users.map((u) => [u.id, u])), assignments: await userAssignments(ctx, ids) };
}

/** …and its links and its managers' links: read when its writes start, so managers written by the pages before it are seen. */
export async function withLinks(ctx: AppContext, ids: string[], pre: Preloaded): Promise<Preloaded> {
  const managers = [...(pre.users?.values() ?? [])].map((u) => u.managerId).filter((m): m is string => !!m);
  return { ...pre, links: await loadLinks(ctx.app.id, "user", [...new Set([...ids, ...managers])]) };
}

async function preloadGroups(ctx: AppContext, ids: string[]): Promise<Preloaded> {
  const groups = await getGroupsByIds(ids);
  return {
    groups: new Map(groups.map((g) => [g.id, g])), assignedGroups: await groupAssignments(ctx, ids), links: await loadLinks(ctx.app.id, "group", ids),
    members: await preloadMembers(ctx.app.id, ids),
  };
}

type PageOptions = Omit<WriteOptions, "preloaded">;

// Every object of a page is in flight at once: the SCIM client's limiter bounds the requests to
// the target, and the objects' database statements (intents, links, listing lookups) are
// coalesced into a few multi-row statements per page (batcher.ts) instead of one per object.
export async function writeUsers(ctx: AppContext, ids: string[], opts: PageOptions = {}): Promise<WriteResult[]> {
  const preloaded = await preloadUsers(ctx, ids);
  return pool(ids, ids.length, (id) => writeObject(ctx, "user", id, { ...opts, preloaded }));
}

export async function writeGroups(ctx: AppContext, ids: string[], opts: PageOptions = {}, preloadedGroups?: Preloaded): Promise<WriteResult[]> {
  const preloaded = preloadedGroups ?? (await preloadGroups(ctx, ids));
  // Groups sharing a display name (the usual matching attribute) are written one after the other:
  // written side by side, both would find nothing and both would create.
  const buckets = new Map<string, string[]>();
  for (const id of ids) {
    const name = preloaded.groups?.get(id)?.displayName.toLowerCase() ?? `\u0000${id}`;
    buckets.set(name, [...(buckets.get(name) ?? []), id]);
  }
  const results = new Map<string, WriteResult>();
  await pool([...buckets.values()], buckets.size, async (bucket) => {
    for (const id of bucket) results.set(id, await writeObject(ctx, "group", id, { ...opts, preloaded }));
  });
  return ids.map((id) => results.get(id)!);
}

/** What a member's write leaves for its group's POST: its target id, or null when it is not provisioned. */
const memberValue = (r: WriteResult | undefined): string | null =>
  r && (r.outcome === "created" || r.outcome === "updated" || r.outcome === "skipped" || r.outcome === "disabled") ? r.targetId ?? null : null;

/**
 * A users page and the groups it completes, written side by side (page-groups.ts): each group is
 * created with its members, those of this page referred to by their create's bulkId. The groups'
 * results that neither sent anything nor linked (out of scope …) are left to the groups phase.
 */
async function writeUsersWithGroups(p: PageContext, ids: string[], groups: PageGroups): Promise<WriteResult[]> {
  const { ctx } = p;
  const groupIds = [...groups.keys()];
  const usersPre = await preloadUsers(ctx, ids);
  const groupsPre = await preloadGroups(ctx, groupIds);
  const slots = new MemberSlots(new Set([...groups.values()].flat()));
  const announced = new Set<string>();
  const userOpts: WriteOptions = {
    ...fullOptions(p, "user"), preloaded: usersPre,
    // first create of a member only (a create sent again after a 409 is not referred to)
    bulkIdFor: async (id) => {
      if (!slots.has(id) || announced.has(id)) return undefined;
      announced.add(id);
      const bulkId = await ctx.client.reserveBulkId();
      if (bulkId) slots.announce(id, bulkId);
      return bulkId ?? undefined;
    },
  };
  const writeUser = async (id: string) => {
    let r: WriteResult | undefined;
    try {
      r = await writeObject(ctx, "user", id, userOpts);
      return r;
    } finally {
      slots.end(id, memberValue(r));
    }
  };
  const createMembers = (groupId: string, settled: boolean) => slots.members(groupsPre.members?.get(groupId)?.desired ?? new Map(), groups.get(groupId) ?? [], settled);
  const [users, written] = await Promise.all([
    pool(ids, ids.length, writeUser),
    writeGroups(ctx, groupIds, { ...fullOptions(p, "group"), createMembers }, groupsPre),
  ]);
  return [...users, ...written.filter((r) => r.intentId || r.targetId)];
}

/** Groups linked (created or matched) since the cycle started: a users page wrote them already. */
async function groupsLinkedSince(appId: string, groupIds: string[], since: Date): Promise<Set<string>> {
  if (!groupIds.length) return new Set();
  // updatedAt is a UTC `timestamp`: pg would send a Date in the process's local time (lib/db/sql.ts)
  const rows = await sql<{ sourceId: string }>(
    `SELECT "sourceId" FROM sync_link WHERE "appId" = $1 AND "objectType" = 'group' AND "sourceId" = ANY($2::text[]) AND "updatedAt" >= $3::timestamp`,
    [appId, groupIds, since.toISOString()],
  );
  return new Set(rows.map((r) => r.sourceId));
}

/** Linked groups that contain users who just became provisioned: they need them as members. */
async function groupsOf(appId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db.$queryRaw<{ groupId: string }[]>`
    SELECT DISTINCT gm."groupId" FROM group_member gm
    JOIN sync_link l ON l."appId" = ${appId} AND l."objectType" = 'group' AND l."sourceId" = gm."groupId" AND l.state = 'active'
    WHERE gm."userId" = ANY(${userIds}::text[])`;
  return rows.map((r) => r.groupId);
}

async function orphanIds(appId: string, kind: ObjectKind, after: string | null): Promise<string[]> {
  const table = kind === "user" ? Prisma.sql`directory_user` : Prisma.sql`directory_group`;
  const rows = await db.$queryRaw<{ sourceId: string }[]>`
    SELECT l."sourceId" FROM sync_link l LEFT JOIN ${table} s ON s.id = l."sourceId"
    WHERE l."appId" = ${appId} AND l."objectType" = ${kind} AND l.state <> 'deleted' AND s.id IS NULL AND l."sourceId" > ${after ?? ""}
    ORDER BY l."sourceId" LIMIT ${PAGE_SIZE}`;
  return rows.map((r) => r.sourceId);
}

export async function countChanges(from: bigint, to: bigint): Promise<number> {
  const [r] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT count(*) FROM directory_user WHERE "changeSeq" > ${from} AND "changeSeq" <= ${to})
         + (SELECT count(*) FROM directory_group WHERE "changeSeq" > ${from} AND "changeSeq" <= ${to})
         + (SELECT count(*) FROM directory_tombstone WHERE seq > ${from} AND seq <= ${to}) AS n`;
  return Number(r?.n ?? 0);
}

export type PageContext = {
  ctx: AppContext;
  /** full cycles: how the target's objects are found (set by the plan phase) */
  plan: ReconcilePlan;
  /** full cycles: the listing holds every object this cycle created (reconcile.ts listingIsComplete) */
  listingComplete: boolean;
  type: string;
  counts: CycleCounts;
  watermarkTo: bigint;
  cycleStart: Date;
  addProcessed: (n: number) => void;
};

/** Full cycles compare with the target; from the listing when the plan chose it. */
export function fullOptions(p: PageContext, kind: ObjectKind): PageOptions {
  if (p.plan[kind]?.strategy !== "list") return { reconcile: true };
  return { reconcile: true, finder: listingFinder(p.ctx), listingCurrent: p.listingComplete, onCreated: (k, r) => rememberCreated(p.ctx, k, r) };
}

const firstListing = (plan: ReconcilePlan): Checkpoint =>
  plan.user?.strategy === "list" ? { phase: "list", kind: "user", startIndex: 1 }
  : plan.group?.strategy === "list" ? { phase: "list", kind: "group", startIndex: 1 }
  : { phase: "users", after: null };

export const deferredManagers = (results: WriteResult[]) => results.filter((r) => r.managerDeferred).map((r) => r.sourceId);

/** The cycle's id; every cycle that runs pages has one (on-demand writes do not page). */
export const cycleOf = (ctx: AppContext) => {
  if (!ctx.cycleId) throw new Error("a cycle page ran without a cycle id");
  return ctx.cycleId;
};

export async function runPage(p: PageContext, cp: Checkpoint): Promise<Checkpoint> {
  const { ctx, type, counts } = p;
  const appId = ctx.app.id;
  switch (cp.phase) {
    case "plan": {
      p.plan = await planReconcile(ctx);
      return firstListing(p.plan);
    }
    case "list": {
      const next = await listPage(ctx, cp.kind, cp.startIndex);
      if (next !== null) return { ...cp, startIndex: next };
      if (cp.kind === "user" && p.plan.group?.strategy === "list") return { phase: "list", kind: "group", startIndex: 1 };
      return { phase: "users", after: null };
    }
    case "users": {
      const page = await iterateUsers({ afterId: cp.after, limit: PAGE_SIZE });
      const ids = page.items.map((u) => u.id);
      if (ids.length) {
        // through /Bulk: the groups whose last member is in this page are created with their members here
        const groups = await groupsCompletedBy(ctx, ids, ids[ids.length - 1]!);
        const results = groups.size ? await writeUsersWithGroups(p, ids, groups) : await writeUsers(ctx, ids, fullOptions(p, "user"));
        await recordResults(ctx, type, results, counts);
        p.addProcessed(results.length);
        await defer(appId, cycleOf(ctx), "manager", deferredManagers(results));
      }
      return page.nextAfterId ? { phase: "users", after: page.nextAfterId } : { phase: "managers", after: null };
    }
    case "managers": {
      // Users written before their manager existed in the target: the manager is there now.
      const batch = await deferredPage(cycleOf(ctx), "manager", cp.after, PAGE_SIZE);
      if (!batch.length) return type === "initial" ? { phase: "user_orphans", after: null } : { phase: "pending_groups", after: null };
      const results = await writeUsers(ctx, batch);
      await recordResults(ctx, type, results, counts);
      return { phase: "managers", after: batch[batch.length - 1]! };
    }
    case "user_orphans":
    case "group_orphans": {
      const kind = cp.phase === "user_orphans" ? "user" : "group";
      const ids = await orphanIds(appId, kind, cp.after);
      if (!ids.length) return kind === "user" ? { phase: "groups", after: null } : { phase: "finalize" };
      const results = await pool(ids, ids.length, (id) => writeObject(ctx, kind, id));
      await recordResults(ctx, type, results, counts);
      return { phase: cp.phase, after: ids[ids.length - 1]! };
    }
    case "groups": {
      // A first cycle has just written every user's link: until autovacuum gets to it the planner
      // believes sync_link is nearly empty and joins group members to it by scanning it once per
      // member (30,000 users: one page of groups took minutes). Fresh statistics, once a cycle.
      if (cp.after === null) await sql(`ANALYZE sync_link, sync_member_link`);
      const page = await iterateGroups({ afterId: cp.after, limit: Math.max(20, PAGE_SIZE / 4) });
      const ids = page.items.map((g) => g.id);
      if (ids.length) {
        const earlier = await groupsLinkedSince(appId, ids, p.cycleStart);
        // Written by a users page already (counted there): read again, counted only if something was done.
        const results = (await writeGroups(ctx, ids, fullOptions(p, "group"))).filter((r) => !(earlier.has(r.sourceId) && r.outcome === "skipped" && !r.intentId));
        await recordResults(ctx, type, results, counts);
        p.addProcessed(results.length);
      }
      return page.nextAfterId ? { phase: "groups", after: page.nextAfterId } : { phase: "group_orphans", after: null };
    }
    case "changes": {
      const { changes } = await readChanges(BigInt(cp.afterSeq), PAGE_SIZE);
      const inRange = changes.filter((c) => c.seq <= p.watermarkTo);
      if (!inRange.length) return { phase: "managers", after: null };
      // Users before groups: a group's members must exist in the target first.
      const userIds = inRange.filter((c) => c.objectType === "user").map((c) => c.id);
      const groupIds = inRange.filter((c) => c.objectType === "group").map((c) => c.id);
      const userResults = userIds.length ? await writeUsers(ctx, userIds) : [];
      const groupResults = groupIds.length ? await writeGroups(ctx, groupIds) : [];
      await recordResults(ctx, type, [...userResults, ...groupResults], counts);
      p.addProcessed(inRange.length);
      recordPushLatency(appId, pushedAt(inRange, [...userResults, ...groupResults]));
      // Groups that gained provisioned members wait for the pending_groups phase, unless this page wrote them.
      const activated = userResults.filter((r) => r.becameActive).map((r) => r.sourceId);
      const cycleId = cycleOf(ctx);
      await defer(appId, cycleId, "group", await groupsOf(appId, activated));
      await undefer(cycleId, "group", groupIds);
      await defer(appId, cycleId, "manager", deferredManagers(userResults));
      const last = inRange[inRange.length - 1]!.seq;
      const more = inRange.length === changes.length && changes.length === PAGE_SIZE;
      return more ? { phase: "changes", afterSeq: last.toString() } : { phase: "managers", after: null };
    }
    case "pending_groups": {
      const batch = await deferredPage(cycleOf(ctx), "group", cp.after, PAGE_SIZE);
      if (!batch.length) return { phase: "conflicts", after: null };
      const results = await writeGroups(ctx, batch);
      await recordResults(ctx, type, results, counts);
      return { phase: "pending_groups", after: batch[batch.length - 1]! };
    }
    case "conflicts": {
      // Objects whose match belonged to another source object: provisioned once the clash is gone.
      const rows = await db.$queryRaw<{ objectType: string; sourceId: string; k: string }[]>`
        SELECT "objectType", "sourceId", "objectType" || '|' || "sourceId" AS k FROM sync_conflict
        WHERE "appId" = ${appId} AND "objectType" || '|' || "sourceId" > ${cp.after ?? ""}
        ORDER BY k LIMIT ${PAGE_SIZE}`;
      if (!rows.length) return { phase: "escrow", after: null };
      const users = rows.filter((r) => r.objectType === "user").map((r) => r.sourceId);
      const groups = rows.filter((r) => r.objectType === "group").map((r) => r.sourceId);
      const results = [...(users.length ? await writeUsers(ctx, users) : []), ...(groups.length ? await writeGroups(ctx, groups) : [])];
      await recordResults(ctx, type, results, counts);
      return { phase: "conflicts", after: rows[rows.length - 1]!.k };
    }
    case "escrow": {
      // Retries that were due when the cycle started; users (objectType 'user' > 'group') first.
      const rows = await db.syncEscrow.findMany({
        where: { appId, nextAttemptAt: { lte: p.cycleStart }, ...(cp.after ? { sourceId: { gt: cp.after } } : {}) },
        orderBy: [{ objectType: "desc" }, { sourceId: "asc" }],
        take: PAGE_SIZE,
      });
      if (!rows.length) return { phase: "finalize" };
      const users = rows.filter((r) => r.objectType === "user").map((r) => r.sourceId);
      const groups = rows.filter((r) => r.objectType === "group").map((r) => r.sourceId);
      // A write that keeps failing: read the object again before retrying (it may be gone).
      const results = [...(users.length ? await writeUsers(ctx, users, { reread: true }) : []), ...(groups.length ? await writeGroups(ctx, groups, { reread: true }) : [])];
      await recordResults(ctx, type, results, counts);
      p.addProcessed(rows.length);
      // Failed again: their nextAttemptAt moved past cycleStart, so the next query will not return them.
      return { phase: "escrow", after: null };
    }
    case "finalize":
      return cp;
  }
}
