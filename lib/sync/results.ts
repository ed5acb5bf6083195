// What a page of writes leaves behind: counts on the cycle, escrow for failures (retried
// later with growing delays, without holding up the rest) and provisioning-log rows.
import { db } from "../db";
import { writeProvisioningLogs, type ProvisioningLogInput } from "../logs/provisioning-log";
import { recordObjects } from "../metrics/record";
import { escrowDelayMs } from "./policy";
import type { AppContext, CycleCounts, ObjectKind, WriteResult } from "./types";

export const addCount = (counts: CycleCounts, r: Pick<WriteResult, "kind" | "outcome">) => {
  counts[r.kind === "user" ? "users" : "groups"][r.outcome] += 1;
};

/** Unchanged objects and never-provisioned out-of-scope objects in full cycles are not logged (noise, not information). */
function worthLogging(r: WriteResult, cycleType: string): boolean {
  if (r.status !== "skipped") return true;
  if (r.staged) return true;
  if (r.log.reason === "No changes needed.") return false;
  return cycleType !== "initial";
}

export async function recordResults(ctx: AppContext, cycleType: string, results: WriteResult[], counts: CycleCounts) {
  const logs: ProvisioningLogInput[] = [];
  const succeeded: { kind: ObjectKind; id: string }[] = [];
  for (const r of results) {
    addCount(counts, r);
    if (worthLogging(r, cycleType)) logs.push(r.log);
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
  if (logs.length) await writeProvisioningLogs(logs);
}
