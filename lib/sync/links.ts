// Link storage: which target object each source object was provisioned to, and what was
// last exported to it. One target object is linked to at most one source object of its
// kind (a partial unique index); saving a second link to it raises LinkTaken.
import { createHash } from "node:crypto";
import { db, Prisma } from "../db";
import type { FlatAttributes } from "../mapping";
import type { Link } from "./decide";
import { LinkTaken } from "./errors";
import type { ObjectKind } from "./types";

const hashOf = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 32);

export async function getLink(appId: string, kind: ObjectKind, sourceId: string): Promise<Link | null> {
  const l = await db.syncLink.findUnique({ where: { appId_objectType_sourceId: { appId, objectType: kind, sourceId } } });
  return l ? { targetId: l.targetId, exported: (l.exported ?? {}) as FlatAttributes, state: l.state } : null;
}

/** Links of many objects in one query (a page of users and their managers). */
export async function loadLinks(appId: string, kind: ObjectKind, sourceIds: string[]): Promise<Map<string, Link | null>> {
  // Every requested id gets an entry: null = known not to be linked (no second lookup).
  const out = new Map<string, Link | null>(sourceIds.map((id) => [id, null]));
  if (!sourceIds.length) return out;
  const rows = await db.syncLink.findMany({ where: { appId, objectType: kind, sourceId: { in: sourceIds } } });
  for (const l of rows) out.set(l.sourceId, { targetId: l.targetId, exported: (l.exported ?? {}) as FlatAttributes, state: l.state });
  return out;
}

/** The source objects (not deleted links) holding each of these target objects. */
export async function holdersOf(appId: string, kind: ObjectKind, targetIds: string[]): Promise<Map<string, string>> {
  if (!targetIds.length) return new Map();
  const rows = await db.syncLink.findMany({ where: { appId, objectType: kind, targetId: { in: targetIds }, state: { not: "deleted" } }, select: { targetId: true, sourceId: true } });
  return new Map(rows.map((r) => [r.targetId, r.sourceId]));
}

const UNIQUE_VIOLATION = "23505";

export async function saveLink(appId: string, kind: ObjectKind, sourceId: string, targetId: string, exported: FlatAttributes, state: string) {
  try {
    // One round trip (Prisma's upsert may take two); this runs once per written object.
    await db.$executeRaw`
      INSERT INTO sync_link ("appId", "objectType", "sourceId", "targetId", exported, hash, state, "updatedAt")
      VALUES (${appId}, ${kind}, ${sourceId}, ${targetId}, ${JSON.stringify(exported)}::jsonb, ${hashOf(exported)}, ${state}, now())
      ON CONFLICT ("appId", "objectType", "sourceId") DO UPDATE
        SET "targetId" = EXCLUDED."targetId", exported = EXCLUDED.exported, hash = EXCLUDED.hash, state = EXCLUDED.state, "updatedAt" = now()`;
  } catch (err) {
    if (isUniqueViolation(err)) {
      const holder = (await holdersOf(appId, kind, [targetId])).get(targetId) ?? null;
      throw new LinkTaken(kind, targetId, holder);
    }
    throw err;
  }
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
