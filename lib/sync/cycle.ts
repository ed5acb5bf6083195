// The cycle runner. A job for an app works one *slice* (≤ SLICE_BUDGET_MS), checkpoints
// into SyncCycle.checkpoint and hands over; the next job (any worker) resumes from the
// checkpoint. So a crash loses at most one page, shutdown never waits long, and a
// 100k-user initial cycle streams through in pages with bounded memory.
// The lease is in lease.ts, the phases in phases.ts, the end of a cycle in outcome.ts.
import { countUsers } from "../directory/users";
import { currentSeq } from "../directory/change-feed";
import { db } from "../db";
import { log } from "../log";
import { qt } from "../logs/text";
import { asJson, legacyDeferred, parseCheckpoint, parseCounts, type Checkpoint } from "./checkpoint";
import { defer, forgetDeferred } from "./deferred";
import { loadAppContext } from "./context";
import { isAuthRejection } from "./errors";
import { ScimError } from "../scim/errors";
import { logHeldBack } from "./held-back";
import { logOrphanIntents } from "./intents";
import { acquireLease, ensureState, finishSliceRecord, leaseHeldUntil, releaseLease, renewLease, startSliceRecord } from "./lease";
import { endCycleQuarantined, finalize, type SliceResult } from "./outcome";
import { countChanges, runPage } from "./phases";
import { streamPages, streams } from "./stream";
import { LEASE_MS, SLICE_BUDGET_MS } from "./policy";
import { appIsDue } from "./due";
import { listingIsComplete, loadPlan, reconcileIntervalMs } from "./reconcile";
import { emptyCounts } from "./types";

export { acquireLease, releaseLease } from "./lease";
export { liftCredentialsQuarantine, releasePausedDeletions, type SliceResult } from "./outcome";

export type SliceOptions = { workerId: string; force?: boolean; budgetMs?: number; shouldStop?: () => boolean };

/**
 * Apps with a slice running in this process. The database lease is keyed by worker id (so a
 * worker can renew it), which makes it re-entrant within one process: a pg-boss retry of a job
 * whose first attempt is still running (e.g. riding out a database outage) must not start a
 * second slice of the same app next to it.
 */
const runningHere = new Set<string>();

export async function runAppSlice(appId: string, opts: SliceOptions): Promise<SliceResult> {
  if (runningHere.has(appId)) return { result: "busy", nextRunAt: new Date(Date.now() + 2000) };
  runningHere.add(appId);
  try {
    return await runAppSliceOnce(appId, opts);
  } finally {
    runningHere.delete(appId);
  }
}

async function runAppSliceOnce(appId: string, opts: SliceOptions): Promise<SliceResult> {
  const app = await db.app.findUnique({ where: { id: appId } });
  if (!app) return { result: "idle" };
  await ensureState(appId);
  if (!(await acquireLease(appId, opts.workerId))) {
    // Held by another worker (or one that died): say when the lease runs out, so the job can come back then.
    return { result: "busy", nextRunAt: await leaseHeldUntil(appId) };
  }
  let sliceId: bigint | null = null;
  let result: SliceResult | null = null;
  // Keep the lease while a page is in flight (a slow target can make one page outlast LEASE_MS).
  const keepAlive = setInterval(() => void renewLease(appId, opts.workerId).catch(() => undefined), LEASE_MS / 3);
  keepAlive.unref();
  try {
    sliceId = await startSliceRecord(appId, opts.workerId);
    // Writes a slice that died (worker killed, database gone) sent without logging them.
    await logOrphanIntents(appId, app.displayName);
    result = await runLeased(appId, opts);
    return result;
  } finally {
    clearInterval(keepAlive);
    // This slice's own unsettled writes (it stopped on an error mid-page): logged now if the database lets us, else by the next slice.
    await logOrphanIntents(appId, app.displayName).catch(() => undefined);
    // Recorded before the lease is released, so per app the recorded intervals cannot overlap
    // unless the lease itself failed: that is what the scale-out test checks.
    if (sliceId !== null) await finishSliceRecord(sliceId, appId, result).catch((err: unknown) => log.warn("could not record a sync slice", { appId, err: (err as Error).message }));
    await releaseLease(appId, opts.workerId);
  }
}

async function reconcileDue(initialDoneAt: Date | null, now: Date): Promise<boolean> {
  const every = await reconcileIntervalMs();
  return every !== null && !!initialDoneAt && now.getTime() - initialDoneAt.getTime() >= every;
}

async function runLeased(appId: string, opts: SliceOptions): Promise<SliceResult> {
  const deadline = Date.now() + (opts.budgetMs ?? SLICE_BUDGET_MS);
  const app = (await db.app.findUnique({ where: { id: appId } }))!;
  const state = (await db.syncState.findUnique({ where: { appId } }))!;
  let cycle = await db.syncCycle.findFirst({ where: { appId, status: "running", type: { not: "on_demand" } }, orderBy: { startedAt: "desc" } });

  if (app.status !== "on") {
    if (cycle) await db.syncCycle.update({ where: { id: cycle.id }, data: { status: "cancelled", finishedAt: new Date(), error: "Provisioning was stopped." } });
    if (state.state === "running") await db.syncState.update({ where: { appId }, data: { state: "idle" } });
    return { result: "idle" };
  }
  if (state.state === "paused") return { result: "idle" };

  if (!cycle) {
    const now = new Date();
    if (state.state === "quarantined" && !opts.force && state.nextRunAt && state.nextRunAt > now) {
      // Not written until the quarantine ends: say so in the logs, once per change.
      await logHeldBack(appId);
      return { result: "idle", nextRunAt: state.nextRunAt };
    }
    // The same rule the tick queues by (due.ts); force (tests, on-demand tooling) skips it.
    const dueFor = await appIsDue(appId, now);
    if (!dueFor && !opts.force) return { result: "idle", nextRunAt: state.nextRunAt };
    // A full reconcile also runs on its own every so often, so drift in the target is corrected without a Restart.
    const type = state.needsInitial || dueFor === "reconcile" || (await reconcileDue(state.initialDoneAt, now)) ? "initial" : "incremental";
    const to = await currentSeq();
    const from = type === "initial" ? 0n : state.watermark;
    const total = type === "initial"
      ? (await countUsers()) + (await db.directoryGroup.count())
      : (await countChanges(from, to)) + (await db.syncEscrow.count({ where: { appId, nextAttemptAt: { lte: now } } }));
    const checkpoint: Checkpoint = type === "initial" ? { phase: "plan" } : { phase: "changes", afterSeq: from.toString() };
    cycle = await db.syncCycle.create({
      data: { appId, type, status: "running", phase: checkpoint.phase, total, counts: asJson(emptyCounts()), checkpoint: asJson(checkpoint), watermarkFrom: from, watermarkTo: to, workerId: opts.workerId, heartbeatAt: now },
    });
    await db.syncState.update({ where: { appId }, data: { state: state.state === "quarantined" ? "quarantined" : "running" } });
    // Left by a cycle that was cancelled or quarantined.
    await forgetDeferred(appId, cycle.id);
    log.debug("sync cycle started", { appId, cycleId: cycle.id, type, total });
  }

  const cycleId = cycle.id;
  const ctx = await loadAppContext(appId, { cycleId });
  let checkpoint = parseCheckpoint(cycleId, cycle.checkpoint);
  // A checkpoint written by an older version held these ids inline: the next save drops them.
  const legacy = legacyDeferred(cycle.checkpoint);
  await defer(appId, cycleId, "manager", legacy.managers);
  await defer(appId, cycleId, "group", legacy.groups);
  const counts = parseCounts(cycle.counts);
  let processed = cycle.processed;
  const plan = cycle.type === "initial" ? await loadPlan(cycleId) : {};
  const listingComplete = cycle.type === "initial" && (await listingIsComplete(cycleId));
  const page = { ctx, plan, listingComplete, type: cycle.type, counts, watermarkTo: cycle.watermarkTo ?? 0n, cycleStart: cycle.startedAt, addProcessed: (n: number) => (processed += n) };

  const save = async () => {
    await db.syncCycle.update({
      where: { id: cycleId },
      data: { checkpoint: asJson(checkpoint), phase: checkpoint.phase, processed, counts: asJson(counts), heartbeatAt: new Date(), workerId: opts.workerId },
    });
    await renewLease(appId, opts.workerId);
    // The worker's memory page by page (PROVISIO_LOG_LEVEL=debug): where issue 15's memory figures came from.
    const m = process.memoryUsage();
    log.debug("sync page memory", { phase: checkpoint.phase, processed, rss: m.rss >> 20, heapUsed: m.heapUsed >> 20, heapTotal: m.heapTotal >> 20, external: m.external >> 20, arrayBuffers: m.arrayBuffers >> 20 });
  };

  // Users and managers pages overlap (stream.ts): asked before each page after the first, as the loop below does.
  const goOn = async () => {
    if (Date.now() > deadline || opts.shouldStop?.()) return false;
    const fresh = await db.app.findUnique({ where: { id: appId }, select: { status: true } });
    return fresh?.status === "on";
  };

  try {
    // At least one page per slice, however short its budget: a slice always moves the cycle on.
    for (let pages = 0; checkpoint.phase !== "finalize"; pages++) {
      if ((pages > 0 && Date.now() > deadline) || opts.shouldStop?.()) {
        await save();
        return { result: "continue", cycleId };
      }
      // Stop was pressed mid-cycle: cancel at a page boundary.
      const fresh = await db.app.findUnique({ where: { id: appId }, select: { status: true } });
      if (fresh?.status !== "on") {
        await db.syncCycle.update({ where: { id: cycleId }, data: { status: "cancelled", finishedAt: new Date(), error: "Provisioning was stopped.", processed, counts: asJson(counts) } });
        await db.syncState.update({ where: { appId }, data: { state: "idle" } });
        return { result: "done", cycleId };
      }
      checkpoint = streams(checkpoint)
        ? await streamPages(page, checkpoint, goOn, async (cp) => {
          checkpoint = cp;
          await save();
        })
        : await runPage(page, checkpoint);
      await save();
    }
    return await finalize(ctx, cycleId, cycle.type, counts, processed, page.watermarkTo);
  } catch (err) {
    // 401/403 on any request (a write, a listing, a staged deletion released at the end) quarantines.
    if (isAuthRejection(err)) {
      await endCycleQuarantined(ctx, cycleId, counts, processed, "credentials", qt("credentials", { error: err.message }));
      await logHeldBack(appId);
      return { result: "done", cycleId };
    }
    // Anything else (target down, database blip, bug): keep the checkpoint; the job's retry resumes
    // from it. A target that cannot be reached is an operational state, retried with backoff: one
    // line saying so, not an error with a stack every few seconds.
    if (err instanceof ScimError && err.kind === "transient") log.warn("sync slice stopped: the target did not answer; retrying", { appId, cycleId, code: err.code, err: err.message });
    else log.error("sync slice failed", { appId, cycleId, err });
    await save().catch(() => undefined);
    throw err;
  }
}
