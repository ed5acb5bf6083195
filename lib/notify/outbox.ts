// The notification outbox as Settings shows it: queued, sent and failed emails, newest first,
// and Retry (due now, with a fresh set of attempts) for one that failed.
import type { Actor } from "../auth/roles";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import { MAX_ATTEMPTS } from "./notify";

export type OutboxStatus = "queued" | "sent" | "failed";
export type OutboxView = { id: string; to: string; subject: string; status: OutboxStatus; attempts: number; lastError: string | null; nextAttemptAt: string | null; sentAt: string | null; createdAt: string };

type Row = { id: string; to: string; subject: string; attempts: number; lastError: string | null; nextAttemptAt: Date; sentAt: Date | null; createdAt: Date };

/** Failed: not sent and it has an error (it may still be retried on its own until the attempts run out). */
export function outboxStatus(r: Pick<Row, "sentAt" | "lastError">): OutboxStatus {
  return r.sentAt ? "sent" : r.lastError ? "failed" : "queued";
}

const toView = (r: Row): OutboxView => ({
  id: r.id, to: r.to, subject: r.subject, status: outboxStatus(r), attempts: r.attempts, lastError: r.lastError,
  nextAttemptAt: r.sentAt || r.attempts >= MAX_ATTEMPTS ? null : r.nextAttemptAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
});

export async function listOutbox(q: { status?: OutboxStatus; limit: number; cursor?: string | null }): Promise<{ items: OutboxView[]; nextCursor: string | null }> {
  const where = q.status === "sent" ? { sentAt: { not: null } } : q.status === "failed" ? { sentAt: null, lastError: { not: null } } : q.status === "queued" ? { sentAt: null, lastError: null } : {};
  const before = q.cursor ? await db.emailOutbox.findUnique({ where: { id: q.cursor }, select: { createdAt: true, id: true } }) : null;
  const rows = await db.emailOutbox.findMany({
    where: { ...where, ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: { id: true, to: true, subject: true, attempts: true, lastError: true, nextAttemptAt: true, sentAt: true, createdAt: true },
  });
  const page = rows.slice(0, q.limit);
  return { items: page.map(toView), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

export async function retryOutboxEmail(actor: Actor, id: string, ip?: string): Promise<OutboxView> {
  const row = await db.emailOutbox.findUnique({ where: { id } });
  if (!row) throw notFound("The email");
  if (row.sentAt) throw new AppError("conflict", "This email was already sent.");
  const next = await db.emailOutbox.update({ where: { id }, data: { nextAttemptAt: new Date(), attempts: 0 }, select: { id: true, to: true, subject: true, attempts: true, lastError: true, nextAttemptAt: true, sentAt: true, createdAt: true } });
  await writeAudit(actor, { action: "settings.outbox_retry", targetType: "email", targetId: id, targetName: row.subject, before: { attempts: row.attempts }, after: { attempts: 0 } }, undefined, ip);
  return toView(next);
}
