// What a page of writes leaves behind: counts on the cycle, escrow for failures (retried
// later with growing delays, without holding up the rest) and provisioning-log rows, which
// settle the page's write intents.
import { db } from "../db";
import type { ProvisioningLogInput } from "../logs/provisioning-log";
import { recordObjects } from "../metrics/record";
import { writeLogsSettling } from "./intents";
import { escrowDelayMs } from "./policy";
import type { AppContext, CycleCounts, ObjectKind, WriteResult } from "./types";

export const addCount = (counts: CycleCounts, r: Pick<WriteResult, "kind" | "outcome">) => {
  counts[r.kind === "user" ? "users" : "groups"][r.outcome] += 1;
};

/** Unchanged objects and never-provisioned out-of-scope objects in full cycles are not logged (noise, not information). */
function worthLogging(r: WriteResult, cycleType: string, known: Set<string>): boolean {
  // A request was sent to the target: always logged.
  if (r.intentId) return true;
  // A conflict already reported (same target object, same holder) is not logged again every cycle.
  if (r.outcome === "conflict") return !known.has(conflictKey(r.kind, r.sourceId, r.conflict?.targetId, r.conflict?.otherSourceId));
  if (r.status !== "skipped") return true;
  if (r.staged) return true;
  if (r.log.reason === "No changes needed.") return false;
  return cycleType !== "initial";
}

const conflictKey = (kind: string, sourceId: string, targetId?: string, other?: string) => `${kind}|${sourceId}|${targetId ?? ""}|${other ?? ""}`;

/** Conflicts are remembered (sync_conflict) so every cycle retries them and Sync details counts them. */
async function recordConflicts(appId: string, results: WriteResult[]): Promise<Set<string>> {
  const known = new Set<string>();
  const conflicts = results.filter((r) => r.outcome === "conflict" && r.conflict);
  if (conflicts.length) {
    const prev = await db.syncConflict.findMany({ where: { appId, OR: conflicts.map((r) => ({ objectType: r.kind, sourceId: r.sourceId })) } });
    for (const p of prev) known.add(conflictKey(p.objectType, p.sourceId, p.targetId, p.otherSourceId));
    for (const r of conflicts) {
      const key = { appId, objectType: r.kind, sourceId: r.sourceId };
      const data = { targetId: r.conflict!.targetId, otherSourceId: r.conflict!.otherSourceId, attribute: r.conflict!.attribute };
      await db.syncConflict.upsert({ where: { appId_objectType_sourceId: key }, create: { ...key, ...data }, update: data });
    }
  }
  for (const kind of ["user", "group"] as const) {
    const settled = results.filter((r) => r.kind === kind && r.outcome !== "conflict" && r.outcome !== "failed").map((r) => r.sourceId);
    if (settled.length) await db.syncConflict.deleteMany({ where: { appId, objectType: kind, sourceId: { in: settled } } });
  }
  return known;
}

export async function recordResults(ctx: AppContext, cycleType: string, results: WriteResult[], counts: CycleCounts) {
  const logs: ProvisioningLogInput[] = [];
  const succeeded: { kind: ObjectKind; id: string }[] = [];
  const known = await recordConflicts(ctx.app.id, results);
  for (const r of results) {
    addCount(counts, r);
    if (worthLogging(r, cycleType, known)) logs.push(r.log);
    if (r.outcome !== "failed") succeeded.push({ kind: r.kind, id: r.sourceId });
  }
  recordObjects(ctx.app.id, results);
  const failed = results.filter((r) => r.outcome === "failed");
  for (const f of failed) {
    const key = { appId: ctx.app.id, objectType: f.kind, sourceId: f.sourceId };
    const prev = await db.syncEscrow.findUnique({ where: { appId_objectType_sourceId: key } });
    const attempts = (prev?.attempts ?? 0) + 1;
    const nextAttemptAt = new Date(Date.now() + escrowDelayMs(attempts, ctx.app.intervalMinutes));
    await db.syncEscrow.upsert({
      where: { appId_objectType_sourceId: key },
      create: { ...key, attempts, nextAttemptAt, errorCode: f.log.errorCode, lastError: f.log.reason?.slice(0, 2000) },
      update: { attempts, nextAttemptAt, errorCode: f.log.errorCode, lastError: f.log.reason?.slice(0, 2000) },
    });
  }
  for (const kind of ["user", "group"] as const) {
    const ids = succeeded.filter((s) => s.kind === kind).map((s) => s.id);
    if (ids.length) await db.syncEscrow.deleteMany({ where: { appId: ctx.app.id, objectType: kind, sourceId: { in: ids } } });
  }
  // The entries and the intents they account for, in one transaction (intents.ts).
  await writeLogsSettling(logs, results.map((r) => r.intentId));
}
