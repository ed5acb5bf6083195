// Audit log of admin changes. Callers pass before/after snapshots; secret fields
// must already be reduced to {"set": true} (see lib/apps credentials), and
// redactSecrets() below is a second line of defence.
import type { Actor } from "../auth/roles";
import { db, type Tx } from "../db";
import type { Prisma } from "../db/generated/client";
import { escapeLike } from "../db/like";

const SECRET_KEY = /password|secret|token|clientSecret|apiKey/i;

export function redactSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactSecrets);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, SECRET_KEY.test(k) && typeof x === "string" ? { set: x !== "" } : redactSecrets(x)]),
    );
  }
  return v;
}

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  targetName?: string | null;
  before?: unknown;
  after?: unknown;
};

export async function writeAudit(actor: Actor | null, entry: AuditEntry, tx: Tx = db, ip?: string) {
  await tx.auditLog.create({
    data: {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? "system",
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetName: entry.targetName ?? null,
      before: entry.before === undefined ? undefined : (redactSecrets(entry.before) as Prisma.InputJsonValue),
      after: entry.after === undefined ? undefined : (redactSecrets(entry.after) as Prisma.InputJsonValue),
      ip: ip ?? null,
    },
  });
}

export type AuditQuery = { limit: number; cursor?: bigint | null; action?: string; targetType?: string; targetId?: string; target?: string; actor?: string; from?: Date; to?: Date };

export async function listAudit(q: AuditQuery) {
  const rows = await db.auditLog.findMany({
    where: {
      ...(q.cursor ? { id: { lt: q.cursor } } : {}),
      ...(q.action ? { action: { startsWith: q.action } } : {}),
      ...(q.targetType ? { targetType: q.targetType } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(q.target?.trim() ? { OR: [{ targetName: { contains: escapeLike(q.target.trim()), mode: "insensitive" as const } }, { targetId: q.target.trim() }] } : {}),
      ...(q.actor ? { actorEmail: { contains: escapeLike(q.actor), mode: "insensitive" as const } } : {}),
      ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
    },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const items = rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
  const hasMore = items.length > q.limit;
  const page = hasMore ? items.slice(0, q.limit) : items;
  return { items: page, nextCursor: hasMore ? page[page.length - 1]!.id : null };
}
