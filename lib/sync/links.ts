// Link storage: which target object each source object was provisioned to, and what was
// last exported to it. One target object is linked to at most one source object of its
// kind (a partial unique index); saving a second link to it raises LinkTaken.
import { createHash } from "node:crypto";
import { db, Prisma } from "../db";
import { sql } from "../db/sql";
import type { FlatAttributes } from "../mapping";
import { Batcher, settledAll, type Settled } from "./batcher";
import type { Link } from "./decide";
import { LinkTaken } from "./errors";
import type { ObjectKind } from "./types";

/** Of the exported attributes as stored (their JSON text). */
const hashOf = (json: string) => createHash("sha256").update(json).digest("hex").slice(0, 32);

const toLink = (l: { targetId: string; exported: unknown; state: string; membersPending: boolean }): Link => ({
  targetId: l.targetId, exported: (l.exported ?? {}) as FlatAttributes, state: l.state, ...(l.membersPending ? { membersPending: true } : {}),
});

export async function getLink(appId: string, kind: ObjectKind, sourceId: string): Promise<Link | null> {
  const l = await db.syncLink.findUnique({ where: { appId_objectType_sourceId: { appId, objectType: kind, sourceId } } });
  return l ? toLink(l) : null;
}

/** Links of many objects in one query (a page of users and their managers). */
export async function loadLinks(appId: string, kind: ObjectKind, sourceIds: string[]): Promise<Map<string, Link | null>> {
  // Every requested id gets an entry: null = known not to be linked (no second lookup).
  const out = new Map<string, Link | null>(sourceIds.map((id) => [id, null]));
  if (!sourceIds.length) return out;
  const rows = await db.syncLink.findMany({ where: { appId, objectType: kind, sourceId: { in: sourceIds } } });
  for (const l of rows) out.set(l.sourceId, toLink(l));
  return out;
}

/** The source objects (not deleted links) holding each of these target objects. */
export async function holdersOf(appId: string, kind: ObjectKind, targetIds: string[]): Promise<Map<string, string>> {
  if (!targetIds.length) return new Map();
  const rows = await db.syncLink.findMany({ where: { appId, objectType: kind, targetId: { in: targetIds }, state: { not: "deleted" } }, select: { targetId: true, sourceId: true } });
  return new Map(rows.map((r) => [r.targetId, r.sourceId]));
}

type HolderQuery = { appId: string; kind: ObjectKind; targetId: string };

/** The source object holding one target object (null: none); asked for a page's objects at once. */
const holders = new Batcher<HolderQuery, string | null>(async (items) => {
  const rows = await sql<{ appId: string; objectType: string; targetId: string; sourceId: string }>(
    `SELECT l."appId", l."objectType", l."targetId", l."sourceId" FROM sync_link l
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS q(a, o, t) ON l."appId" = q.a AND l."objectType" = q.o AND l."targetId" = q.t
     WHERE l.state <> 'deleted'`,
    [items.map((i) => i.appId), items.map((i) => i.kind), items.map((i) => i.targetId)],
  );
  const found = new Map(rows.map((r) => [`${r.appId}|${r.objectType}|${r.targetId}`, r.sourceId]));
  return items.map((i) => ({ ok: true as const, value: found.get(`${i.appId}|${i.kind}|${i.targetId}`) ?? null }));
});
export const holderOf = (appId: string, kind: ObjectKind, targetId: string) => holders.run({ appId, kind, targetId });

const UNIQUE_VIOLATION = "23505";

/**
 * Saves (upserts) one link. Calls from the objects of a page written side by side go out as one
 * multi-row upsert (batcher.ts); a batch that breaks a rule (a target object linked twice) is
 * retried row by row, so only the object that lost gets LinkTaken.
 */
export function saveLink(appId: string, kind: ObjectKind, sourceId: string, targetId: string, exported: FlatAttributes, state: string, opts: { membersPending?: boolean } = {}): Promise<void> {
  return links.run({ appId, kind, sourceId, targetId, exported: JSON.stringify(exported), state, membersPending: opts.membersPending ?? false });
}

type LinkRow = { appId: string; kind: ObjectKind; sourceId: string; targetId: string; exported: string; state: string; membersPending: boolean };

const links = new Batcher<LinkRow, void>(async (rows) => {
  const distinct = new Set(rows.map((r) => `${r.appId}|${r.kind}|${r.sourceId}`)).size === rows.length;
  if (rows.length > 1 && distinct) {
    try {
      await upsertLinks(rows);
      return settledAll(rows.length, undefined);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  const out: Settled<void>[] = [];
  for (const r of rows) {
    try {
      await upsertLinks([r]);
      out.push({ ok: true, value: undefined });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const holder = (await holdersOf(r.appId, r.kind, [r.targetId])).get(r.targetId) ?? null;
      out.push({ ok: false, error: new LinkTaken(r.kind, r.targetId, holder) });
    }
  }
  return out;
});

async function upsertLinks(rows: LinkRow[]) {
  const col = <K extends keyof LinkRow>(k: K) => rows.map((r) => r[k]);
  await sql(
    // membersPending is only ever set here (by a group's create) and cleared by membersComplete
    `INSERT INTO sync_link ("appId", "objectType", "sourceId", "targetId", exported, hash, state, "membersPending", "updatedAt")
     SELECT a, o, s, t, e::jsonb, h, st, mp, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[]) AS x(a, o, s, t, e, h, st, mp)
     ON CONFLICT ("appId", "objectType", "sourceId") DO UPDATE
       SET "targetId" = EXCLUDED."targetId", exported = EXCLUDED.exported, hash = EXCLUDED.hash, state = EXCLUDED.state,
           "membersPending" = sync_link."membersPending" OR EXCLUDED."membersPending", "updatedAt" = now()`,
    [col("appId"), col("kind"), col("sourceId"), col("targetId"), col("exported"), rows.map((r) => hashOf(r.exported)), col("state"), col("membersPending")],
  );
}

function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return true;
    const meta = err.meta as { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } | undefined;
    const cause = meta?.driverAdapterError?.cause;
    return meta?.code === UNIQUE_VIOLATION || cause?.originalCode === UNIQUE_VIOLATION || cause?.code === UNIQUE_VIOLATION;
  }
  const e = err as { code?: unknown; cause?: unknown } | null;
  return !!e && typeof e === "object" && (e.code === UNIQUE_VIOLATION || (e.cause !== undefined && e.cause !== err && isUniqueViolation(e.cause)));
}

/** Groups whose create has written all its members (membersPending): one UPDATE per wave of a page's groups. */
const completed = new Batcher<{ appId: string; groupId: string }, void>(async (items) => {
  await sql(
    `UPDATE sync_link l SET "membersPending" = false FROM unnest($1::text[], $2::text[]) AS q(a, g)
     WHERE l."appId" = q.a AND l."objectType" = 'group' AND l."sourceId" = q.g AND l."membersPending"`,
    [items.map((i) => i.appId), items.map((i) => i.groupId)],
  );
  return settledAll(items.length, undefined);
});
export const membersComplete = (appId: string, groupId: string) => completed.run({ appId, groupId });

export async function dropLink(appId: string, kind: ObjectKind, sourceId: string) {
  await db.syncLink.deleteMany({ where: { appId, objectType: kind, sourceId } });
  if (kind === "group") await db.syncMemberLink.deleteMany({ where: { appId, groupId: sourceId } });
  else await db.syncMemberLink.deleteMany({ where: { appId, userId: sourceId } });
}

/** A GoTo-style removal: the link stays (state deleted) so the user is recreated, not matched blindly, when it returns. */
export async function markRemoved(appId: string, kind: ObjectKind, sourceId: string, link: Link) {
  await saveLink(appId, kind, sourceId, link.targetId, link.exported, "deleted");
  if (kind === "user") await db.syncMemberLink.deleteMany({ where: { appId, userId: sourceId } });
}
