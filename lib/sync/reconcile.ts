// Full cycles reconcile with the target. Before writing anything the cycle authenticates
// (one small list request: rejected credentials quarantine the app instead of "Completed"),
// then chooses how to find each in-scope object's counterpart:
//   lookup  — one request per object (GET by id when linked, a filter on the matching attribute otherwise);
//   listing — page through the target's whole list once into sync_target_object and answer
//             from there: about one request per page instead of one per object.
// Listing wins when the target holds not many more objects than are in scope.
import { db } from "../db";
import { sql } from "../db/sql";
import type { MappingDocument } from "../mapping";
import { flattenScimResource, ScimError, type ResourceType, type ScimResource } from "../scim";
import { Batcher, settledAll } from "./batcher";
import { asJson } from "./checkpoint";
import { CredentialsRejected } from "./errors";
import { lt, type Text } from "../logs/text";
import type { AppContext, ObjectKind } from "./types";
import type { TargetFinder } from "./write-object";

export type Strategy = "lookup" | "list";
/** reason: language-neutral (catalogue key + values); cycles from before issue 18 hold English */
export type KindPlan = { strategy: Strategy; reason: Text; targetObjects: number; inScope: number; listRequests: number };
export type ReconcilePlan = Partial<Record<ObjectKind, KindPlan>>;

export const RESOURCE: Record<ObjectKind, ResourceType> = { user: "Users", group: "Groups" };
/** Targets that cannot page answer a list in one response; past this size we do not ask for it. */
const MAX_UNPAGED_LIST = 20_000;

/** Pure: which strategy costs fewer requests, and why (in words an admin reads on the cycle). */
export function chooseStrategy(o: { targetObjects: number; inScope: number; pageSize: number; paging: boolean }): KindPlan {
  const listRequests = o.paging ? Math.max(1, Math.ceil(o.targetObjects / Math.max(1, o.pageSize))) : 1;
  const base = { targetObjects: o.targetObjects, inScope: o.inScope, listRequests };
  if (!o.paging && o.targetObjects > MAX_UNPAGED_LIST) {
    return { ...base, strategy: "lookup", reason: lt("reconcileCannotPage", base) };
  }
  if (listRequests < o.inScope) {
    return { ...base, strategy: "list", reason: lt("reconcileList", base) };
  }
  return { ...base, strategy: "lookup", reason: lt("reconcileLookup", base) };
}

export async function inScopeCount(ctx: AppContext, kind: ObjectKind): Promise<number> {
  const appId = ctx.app.id;
  if (kind === "group") {
    return ctx.app.scope === "all" ? db.directoryGroup.count() : db.appAssignment.count({ where: { appId, groupId: { not: null } } });
  }
  if (ctx.app.scope === "all") return db.directoryUser.count({ where: { accountEnabled: true } });
  const [r] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (
      SELECT a."userId" AS u FROM app_assignment a WHERE a."appId" = ${appId} AND a."userId" IS NOT NULL
      UNION SELECT gm."userId" FROM app_assignment a JOIN group_member gm ON gm."groupId" = a."groupId" WHERE a."appId" = ${appId}
    ) x`;
  return Number(r?.n ?? 0);
}

const mappingOf = (ctx: AppContext, kind: ObjectKind): MappingDocument => (kind === "user" ? ctx.users : ctx.groups);

/** Authenticates and plans the cycle; rejected credentials throw CredentialsRejected. */
export async function planReconcile(ctx: AppContext): Promise<ReconcilePlan> {
  await db.syncTargetObject.deleteMany({ where: { appId: ctx.app.id } });
  // A full cycle looks at every object again, so it finds the conflicts that still exist.
  await db.syncConflict.deleteMany({ where: { appId: ctx.app.id } });
  const plan: ReconcilePlan = {};
  const p = ctx.client.profile;
  for (const kind of ["user", "group"] as const) {
    if (!mappingOf(ctx, kind).enabled) continue;
    let total: number;
    try {
      total = (await ctx.client.list(RESOURCE[kind], { count: 1, startIndex: 1, ...withoutMembers(ctx, kind) })).totalResults;
    } catch (err) {
      if (err instanceof ScimError && err.kind === "auth") throw new CredentialsRejected(err.message);
      throw err;
    }
    plan[kind] = chooseStrategy({ targetObjects: total, inScope: await inScopeCount(ctx, kind), pageSize: await listPageSize(ctx), paging: p.paging });
  }
  if (ctx.cycleId) await db.syncCycle.update({ where: { id: ctx.cycleId }, data: { reconcile: asJson(plan) } });
  return plan;
}

export async function loadPlan(cycleId: string): Promise<ReconcilePlan> {
  const c = await db.syncCycle.findUnique({ where: { id: cycleId }, select: { reconcile: true } });
  return (c?.reconcile ?? {}) as ReconcilePlan;
}

const matchingAttributes = (doc: MappingDocument) => doc.attributeMappings.filter((m) => (m.matchingPrecedence ?? 0) > 0 && m.target !== "members").map((m) => m.target);
const keyOf = (attribute: string, value: unknown) => `${attribute}=${String(value).toLowerCase()}`;

/** Larger pages than this cost the target (and our memory) more than the requests they save. */
const MAX_LIST_PAGE = 1000;

/**
 * Objects asked for per list request: what the target advertises (ServiceProviderConfig
 * filter.maxResults, capped), else the profile's page size. Discovery failing is no reason to
 * stop a cycle: the profile's size is used then.
 */
export async function listPageSize(ctx: AppContext): Promise<number> {
  const advertised = await ctx.client.discover().then((i) => i.filter.maxResults, () => null);
  return advertised && advertised > 0 ? Math.min(advertised, MAX_LIST_PAGE) : ctx.client.profile.pageSize;
}

/**
 * Groups are listed without their members: the engine keeps members by sync_member_link
 * (members.ts), never from the listing, and with them a page of large groups outgrows the
 * response cap (300 groups of ~320 members: over 4 MB, so a Restart at 30,000 users failed on
 * every retry). Not where the target takes no excludedAttributes (profile.groupsWithoutMembers: GoTo).
 */
const withoutMembers = (ctx: AppContext, kind: ObjectKind) => ({ excludedAttributes: ctx.client.withoutMembers(RESOURCE[kind]) });

/** One page of the target's list into sync_target_object; returns the next startIndex, or null at the end. */
export async function listPage(ctx: AppContext, kind: ObjectKind, startIndex: number): Promise<number | null> {
  const p = ctx.client.profile;
  const page = await ctx.client.list(RESOURCE[kind], { startIndex, count: await listPageSize(ctx), ...withoutMembers(ctx, kind) });
  await remember(ctx, kind, page.resources);
  const next = startIndex + page.resources.length;
  if (!p.paging || page.resources.length === 0 || next > page.totalResults) return null;
  return next;
}

/** The lookup keys of a target object: one per matching attribute that has a plain value. */
export function listingKeys(ctx: AppContext, kind: ObjectKind, r: ScimResource): string[] {
  const attrs = matchingAttributes(mappingOf(ctx, kind));
  const flat = flattenScimResource(r as never, attrs);
  return attrs.filter((a) => flat[a] !== null && flat[a] !== undefined && typeof flat[a] !== "object").map((a) => keyOf(a, flat[a]));
}

/** The key a source object's matching value is looked up by. */
export const matchingKey = (attribute: string, value: unknown) => keyOf(attribute, value);

/*
 * The listing is looked up by single-column unique keys: sync_target_object.ref
 * ("appId/objectType/targetId") and sync_target_key.key ("appId/objectType/attribute=value").
 * The table is emptied and refilled by every full cycle, so its statistics are mostly stale;
 * filtered by ("appId", "objectType") — a condition the planner guesses to be very selective
 * when it is in fact every row — and by `keys && <200 keys>` — guessed to match most rows — the
 * lookup of a wave read every row of the listing: at 100,000 users ≈ 100 s of database time in
 * an initial cycle and ≈ 190 s in a Restart (quadratic). A unique single-column index is planned
 * as one probe per value with no statistics at all: ≈ 1 s for either (PostgreSQL 18 may still scan
 * the narrow key table when it prices the probes higher: ≈ 19 ms a wave at 100,000 keys).
 */
const prefix = (appId: string, kind: ObjectKind) => `${appId}/${kind}/`;

/** Adds objects to the cycle's listing (also those Provisio creates during the cycle, so a second source object matching them sees them). */
export async function remember(ctx: AppContext, kind: ObjectKind, resources: ScimResource[]) {
  const rows = resources.filter((r) => r.id !== undefined);
  if (!rows.length) return;
  // a key already held by an object listed before keeps pointing there (the first listed wins)
  await sql(
    `WITH o AS (
       INSERT INTO sync_target_object (ref, "appId", "cycleId", "objectType", "targetId", resource, keys)
       SELECT $5 || (x->>'id'), $1, $2, $3, x->>'id', x->'resource', ARRAY(SELECT jsonb_array_elements_text(x->'keys'))
       FROM jsonb_array_elements($4::jsonb) AS x
       ON CONFLICT DO NOTHING
       RETURNING ref, keys)
     INSERT INTO sync_target_key (key, ref) SELECT $5 || k, o.ref FROM o, unnest(o.keys) AS k
     ON CONFLICT DO NOTHING`,
    [ctx.app.id, ctx.cycleId ?? "", kind, JSON.stringify(rows.map((r) => ({ id: String(r.id), resource: r, keys: listingKeys(ctx, kind, r) }))), prefix(ctx.app.id, kind)],
  );
}

/** One object created this cycle, remembered with those created alongside it (one INSERT per wave). */
const created = new Batcher<{ ctx: AppContext; kind: ObjectKind; resource: ScimResource }, void>(async (items) => {
  for (const group of groupBy(items, (i) => `${i.ctx.app.id}|${i.ctx.cycleId}|${i.kind}`)) await remember(group[0]!.ctx, group[0]!.kind, group.map((i) => i.resource));
  return settledAll(items.length, undefined);
});
export const rememberCreated = (ctx: AppContext, kind: ObjectKind, resource: ScimResource) => created.run({ ctx, kind, resource });

type Lookup = { appId: string; kind: ObjectKind; targetId: string | null; keys: string[] };
type Hit = { targetId: string; resource: ScimResource; keys: string[] };

/** The listed objects with one of these target ids or lookup keys: by the unique indexes only (see remember). */
export const lookupSql = `SELECT "targetId", resource, keys FROM sync_target_object
  WHERE ref = ANY($1::text[] || ARRAY(SELECT ref FROM sync_target_key WHERE key = ANY($2::text[])))`;
export const listingLookup = (appId: string, kind: ObjectKind, targetIds: string[], keys: string[]) =>
  [targetIds.map((t) => prefix(appId, kind) + t), keys.map((k) => prefix(appId, kind) + k)];

/** Listing lookups of the objects of a page written side by side: one query per wave. */
const lookups = new Batcher<Lookup, Hit[]>(async (items) => {
  const out = new Map<Lookup, Hit[]>();
  for (const group of groupBy(items, (i) => `${i.appId}|${i.kind}`)) {
    const ids = group.map((i) => i.targetId).filter((t): t is string => !!t);
    const keys = [...new Set(group.flatMap((i) => i.keys))];
    const rows = await sql<Hit>(lookupSql, listingLookup(group[0]!.appId, group[0]!.kind, ids, keys));
    const byId = new Map(rows.map((r) => [r.targetId, r]));
    const byKey = new Map<string, Hit>();
    for (const r of rows) for (const k of r.keys) if (!byKey.has(k)) byKey.set(k, r);
    for (const i of group) out.set(i, [...(i.targetId && byId.has(i.targetId) ? [byId.get(i.targetId)!] : []), ...i.keys.map((k) => byKey.get(k)).filter((h): h is Hit => !!h)]);
  }
  return items.map((i) => ({ ok: true as const, value: out.get(i) ?? [] }));
});

/** Answers the writer's "which target object is this?" from the listing. */
export function listingFinder(ctx: AppContext): TargetFinder {
  return async (kind, link, matching) => {
    const usable = matching.filter((m) => m.value !== null && m.value !== undefined && typeof m.value !== "object");
    const hits = await lookups.run({ appId: ctx.app.id, kind, targetId: link?.targetId ?? null, keys: usable.map((m) => keyOf(m.target, m.value)) });
    if (link) {
      const hit = hits.find((h) => h.targetId === link.targetId);
      if (hit) return { resource: hit.resource, matchedBy: null };
    }
    for (const m of usable) {
      const hit = hits.find((h) => h.keys.includes(keyOf(m.target, m.value)));
      if (hit) return { resource: hit.resource, matchedBy: m };
    }
    return null;
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return [...m.values()];
}

/**
 * Whether the listing still knows every object this cycle wrote: not when a slice of the cycle
 * stopped with writes it could not record (logOrphanIntents logged them as outcome unknown) —
 * objects it created may be missing from it. Then a miss in the listing is checked with the target.
 */
export async function listingIsComplete(cycleId: string): Promise<boolean> {
  const [r] = await db.$queryRaw<{ gaps: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM provisioning_log WHERE "cycleId" = ${cycleId} AND "errorCode" = 'outcome_unknown') AS gaps`;
  return !r?.gaps;
}

export async function forgetListing(appId: string) {
  await db.syncTargetObject.deleteMany({ where: { appId } });
}

export const RECONCILE_SETTING = "sync.fullReconcileHours";
export const DEFAULT_RECONCILE_HOURS = 24;

/** How often a full reconcile runs on its own (Setting "sync.fullReconcileHours", default 24; 0 turns it off). */
export async function reconcileIntervalMs(): Promise<number | null> {
  const row = await db.setting.findUnique({ where: { key: RECONCILE_SETTING } });
  const v = row?.value;
  const hours = typeof v === "number" && v >= 0 ? v : DEFAULT_RECONCILE_HOURS;
  return hours === 0 ? null : hours * 3600_000;
}
