// How a cycle ends: finalize (staged deletions released or held by the accidental-deletion
// threshold, completed / with failures / paused), quarantine (credentials or failures), and
// the admin's ways out of both (a passing Test Connection, "Allow deletions").
import { db, Prisma } from "../db";
import { log } from "../log";
import { english, isMsg, lt, qt, type Text } from "../logs/text";
import { composeEmail, queueNotification } from "../notify/notify";
import { asJson, parseCounts } from "./checkpoint";
import { loadAppContext } from "./context";
import { CredentialsRejected, explainError, isAuthRejection } from "./errors";
import { newScope, objectScope, writeLogsSettling, type ObjectScope } from "./intents";
import { getLink } from "./links";
import { quarantineDelayMs, quarantinePolicy } from "./policy";
import { forgetDeferred } from "./deferred";
import { forgetListing } from "./reconcile";
import { addCount } from "./results";
import { emptyCounts, type AppContext, type CycleCounts, type ObjectKind, type WriteResult } from "./types";
import { applyDeprovision } from "./write-object";

export type SliceResult = { result: "idle" | "busy" | "continue" | "done"; cycleId?: string; nextRunAt?: Date | null };

export async function finalize(ctx: AppContext, cycleId: string, type: string, counts: CycleCounts, processed: number, watermarkTo: bigint): Promise<SliceResult> {
  const app = ctx.app;
  const appId = app.id;
  const staged = await db.stagedDeletion.findMany({ where: { appId } });
  let paused = false;
  if (staged.length) {
    if (app.preventAccidentalDeletion && staged.length > app.accidentalDeletionThreshold) {
      paused = true;
    } else {
      await releaseStaged(ctx, staged, counts);
    }
  }
  const failed = counts.users.failed + counts.groups.failed;
  // The ratio is over operations attempted (writes and failures), not over every object examined:
  // 4 failures out of 4 writes dominate even if 10,000 unchanged users were looked at.
  const attempted = (["users", "groups"] as const).reduce((n, k) => n + counts[k].created + counts[k].updated + counts[k].disabled + counts[k].deleted + counts[k].failed, 0);
  const policy = await quarantinePolicy();
  const dominated = failed >= policy.minFailures && attempted > 0 && failed / attempted >= policy.failureRatio;
  const now = new Date();
  const state = (await db.syncState.findUnique({ where: { appId } }))!;

  if (dominated) {
    await endCycleQuarantined(ctx, cycleId, counts, processed, "failures", qt("failures", { failed, attempted, why: await sampleError(appId, cycleId) }), watermarkTo, type);
    return { result: "done", cycleId };
  }

  await forgetListing(appId);
  await forgetDeferred(appId);
  const status = paused ? "paused" : failed > 0 ? "completed_with_failures" : "completed";
  await db.syncCycle.update({ where: { id: cycleId }, data: { status, finishedAt: now, processed, counts: asJson(counts), phase: null, checkpoint: Prisma.DbNull } });
  const nextRunAt = new Date(now.getTime() + app.intervalMinutes * 60_000);
  const pauseReason = qt("paused", { count: staged.length, threshold: app.accidentalDeletionThreshold });
  await db.syncState.update({
    where: { appId },
    data: {
      state: paused ? "paused" : "idle",
      reason: paused ? english(pauseReason) : null,
      reasonText: paused ? asJson(pauseReason) : Prisma.DbNull,
      reasonCode: paused ? "deletion_threshold" : null,
      pausedCycleId: paused ? cycleId : null,
      quarantinedAt: null,
      quarantineLevel: 0,
      heldBackSeq: null,
      watermark: watermarkTo > state.watermark ? watermarkTo : state.watermark,
      ...(type === "initial" ? { needsInitial: false, initialDoneAt: now } : {}),
      nextRunAt,
    },
  });
  if (paused) {
    const mail = composeEmail("paused", app, { reason: pauseReason, pendingDeletions: staged.length, threshold: app.accidentalDeletionThreshold, cycleId });
    await queueNotification({ appId, kind: "paused", stateKey: cycleId, ...mail });
  } else if (failed > 0) {
    const mail = composeEmail("failures", app, { failed, total: processed, cycleId });
    await queueNotification({ appId, kind: "failures", stateKey: cycleId, ...mail });
  }
  // Quiet when nothing was written: incremental cycles run often and mostly find nothing to do.
  (attempted > 0 ? log.info : log.debug)("sync cycle finished", { appId, cycleId, status, processed, attempted, failed });
  return { result: "done", cycleId, nextRunAt };
}

/** A failure of the cycle, as an example for the quarantine reason: its neutral text when it has one. */
async function sampleError(appId: string, cycleId: string): Promise<Text> {
  const e = await db.provisioningLog.findFirst({ where: { appId, cycleId, status: "failure" }, orderBy: { id: "desc" }, select: { reason: true, texts: true } });
  const neutral = (e?.texts as { reason?: unknown } | null)?.reason;
  if (isMsg(neutral)) return neutral;
  return e?.reason?.slice(0, 300) ?? qt("seeLogs");
}

export async function endCycleQuarantined(ctx: AppContext, cycleId: string, counts: CycleCounts, processed: number, reasonCode: string, reason: Text, watermarkTo?: bigint, type?: string) {
  const appId = ctx.app.id;
  const now = new Date();
  const state = (await db.syncState.findUnique({ where: { appId } }))!;
  const entering = state.state !== "quarantined" || !state.quarantinedAt;
  const level = entering ? 0 : state.quarantineLevel + 1;
  const nextRunAt = new Date(now.getTime() + quarantineDelayMs(level));
  const quarantinedAt = entering ? now : state.quarantinedAt!;
  await db.syncCycle.update({ where: { id: cycleId }, data: { status: "failed", finishedAt: now, processed, counts: asJson(counts), error: english(reason).slice(0, 2000), phase: null } });
  await db.syncState.update({
    where: { appId },
    data: {
      state: "quarantined", reason: english(reason), reasonText: typeof reason === "string" ? Prisma.DbNull : asJson(reason), reasonCode, quarantinedAt, quarantineLevel: level, nextRunAt,
      // Failures were escrowed durably, so the watermark may advance past them; a credential failure keeps it.
      ...(watermarkTo !== undefined && watermarkTo > state.watermark ? { watermark: watermarkTo } : {}),
      // A full cycle that ran to the end (failures escrowed) counts as the initial cycle done.
      ...(type === "initial" && reasonCode === "failures" ? { needsInitial: false, initialDoneAt: now } : {}),
    },
  });
  // One email per quarantine episode and reason: the key changes only when the reason does.
  const mail = composeEmail(reasonCode === "credentials" ? "credentials" : "quarantine", ctx.app, { reason, reasonCode, cycleId, at: now });
  await queueNotification({ appId, kind: reasonCode === "credentials" ? "credentials" : "quarantine", stateKey: `${quarantinedAt.toISOString()}:${reasonCode}`, ...mail });
  log.warn("app quarantined", { appId, reasonCode, nextRunAt });
}

async function releaseStaged(ctx: AppContext, staged: { objectType: string; sourceId: string; action: string }[], counts: CycleCounts) {
  const results: WriteResult[] = [];
  const intents: ObjectScope[] = [];
  for (const s of staged) {
    const kind = s.objectType as ObjectKind;
    const mode = s.action === "delete" ? "delete" : "disable";
    const link = await getLink(ctx.app.id, kind, s.sourceId);
    // Unstaged once its outcome is known (written, or failed and logged); credentials the target
    // rejects stop the release with this row and the rest still staged, for the next Allow deletions.
    const unstage = () => db.stagedDeletion.deleteMany({ where: { appId: ctx.app.id, objectType: kind, sourceId: s.sourceId } });
    if (!link || link.state === "deleted") {
      await unstage();
      continue;
    }
    const started = Date.now();
    const base = { appId: ctx.app.id, appName: ctx.app.displayName, cycleId: ctx.cycleId, objectType: kind, sourceId: s.sourceId, targetId: link.targetId };
    const scope = newScope(ctx.app.id, ctx.cycleId, kind, s.sourceId);
    intents.push(scope);
    try {
      const act = await objectScope.run(scope, () => applyDeprovision(ctx, kind, s.sourceId, link, mode, null, lt("afterDeletionCheck", { mode })));
      addCount(counts, { kind, outcome: act.outcome });
      results.push({
        kind, sourceId: s.sourceId, outcome: act.outcome, action: act.action, status: act.status, steps: [], modifiedProperties: act.props ?? [],
        log: { ...base, action: act.action, status: act.status, sourceIdentity: (link.exported.userName ?? link.exported.displayName ?? null) as string | null, steps: [{ code: "perform_action", status: "success", text: lt("afterDeletionCheck", { mode }) }], modifiedProperties: act.props ?? [], durationMs: Date.now() - started },
      });
    } catch (err) {
      // A 401/403 here is the app's credentials, not this object: the cycle quarantines.
      if (isAuthRejection(err)) {
        await writeLogsSettling(results.map((r) => r.log), intents.map((i) => i.intentId));
        throw err instanceof CredentialsRejected ? err : new CredentialsRejected(err.message);
      }
      const e = explainError(err);
      addCount(counts, { kind, outcome: "failed" });
      results.push({
        kind, sourceId: s.sourceId, outcome: "failed", action: mode, status: "failure", steps: [], modifiedProperties: [],
        log: { ...base, action: mode, status: "failure", errorCode: e.code, reason: e.reason, recommendation: e.recommendation, durationMs: Date.now() - started },
      });
    }
    await unstage();
  }
  await writeLogsSettling(results.map((r) => r.log), intents.map((i) => i.intentId));
}

/**
 * A quarantine for rejected credentials ends as soon as saved credentials pass Test
 * Connection (as in Entra); the next cycle runs at once. Returns whether it was lifted.
 */
export async function liftCredentialsQuarantine(appId: string): Promise<boolean> {
  const [state, app] = await Promise.all([db.syncState.findUnique({ where: { appId } }), db.app.findUnique({ where: { id: appId }, select: { lastTestOk: true, lastTestAt: true } })]);
  if (state?.state !== "quarantined" || state.reasonCode !== "credentials" || !app?.lastTestOk) return false;
  if (state.quarantinedAt && app.lastTestAt && app.lastTestAt < state.quarantinedAt) return false;
  await db.syncState.update({ where: { appId }, data: { state: "idle", reason: null, reasonText: Prisma.DbNull, reasonCode: null, quarantinedAt: null, quarantineLevel: 0, heldBackSeq: null, nextRunAt: new Date() } });
  log.info("credentials quarantine lifted after a passing Test Connection", { appId });
  return true;
}

/** "Allow deletions": apply what the threshold held back and resume. */
export async function releasePausedDeletions(appId: string): Promise<number> {
  const staged = await db.stagedDeletion.findMany({ where: { appId } });
  const state = await db.syncState.findUnique({ where: { appId } });
  const ctx = await loadAppContext(appId, { cycleId: state?.pausedCycleId ?? null, stageDeletions: false });
  const counts = emptyCounts();
  await releaseStaged(ctx, staged, counts);
  if (state?.pausedCycleId) {
    const c = await db.syncCycle.findUnique({ where: { id: state.pausedCycleId } });
    if (c) {
      const prev = parseCounts(c.counts);
      for (const k of ["users", "groups"] as const) for (const o of Object.keys(prev[k]) as (keyof CycleCounts["users"])[]) prev[k][o] += counts[k][o];
      await db.syncCycle.update({ where: { id: c.id }, data: { status: "completed", counts: asJson(prev) } });
    }
  }
  await db.syncState.update({ where: { appId }, data: { state: "idle", reason: null, reasonText: Prisma.DbNull, reasonCode: null, pausedCycleId: null } });
  return staged.length;
}
