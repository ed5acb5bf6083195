// The job worker: runs sync slices for any app, and a tick every ~10 s that
// (re)queues the apps that are due (lib/sync/due.ts: interval, changes a lost push left
// behind, escrowed objects whose retry time came, a cycle orphaned by a dead worker…); it
// also delivers queued emails and enforces log retention. Started in the web process (PROVISIO_WORKER=inline) or
// by `npm run worker`, as many times as you like.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { db } from "../db";
import { log } from "../log";
import { enforceRetention } from "../logs/retention";
import { deliverPendingEmails } from "../notify/notify";
import { runAppSlice } from "../sync/cycle";
import { appIsDue, dueApps } from "../sync/due";
import { ScimError } from "../scim/errors";
import { LEASE_MS, PUSH_BUSY_TRIES, PUSH_CONCURRENCY, PUSH_SLICE_BUDGET_MS } from "../sync/policy";
import { runPreview } from "../sync/preview/run";
import { getBoss, QUEUE_PREVIEW, QUEUE_PUSH, QUEUE_SYNC, QUEUE_TICK } from "./boss";
import { enqueuePush, enqueueSync, type PreviewJobData, type PushJobData, type SyncJobData } from "./enqueue";
import { startPushListener } from "./push";
import { UnreachableTargets } from "./unreachable";

export const TICK_SECONDS = 10;
const RETENTION_SETTING = "jobs.retention.lastRun";

/** Queues every app that is due now (the tick's main job; also after the push listener reconnects). */
export async function queueDueApps(now = new Date()): Promise<number> {
  const apps = await dueApps(now);
  for (const a of apps) await enqueueSync(a.appId);
  return apps.length;
}

export async function tick(now = new Date()) {
  const queued = await queueDueApps(now);
  await deliverPendingEmails().catch((err) => log.warn("email delivery failed", { err: (err as Error).message }));
  const last = await db.setting.findUnique({ where: { key: RETENTION_SETTING } });
  const lastAt = last ? new Date(String(last.value)) : new Date(0);
  if (now.getTime() - lastAt.getTime() > 24 * 3600_000) {
    await db.setting.upsert({ where: { key: RETENTION_SETTING }, create: { key: RETENTION_SETTING, value: now.toISOString() }, update: { value: now.toISOString() } });
    const removed = await enforceRetention(now);
    if (removed) log.info("provisioning log retention", { removed });
    // Slice records are operational evidence, not history: a week is plenty.
    await db.$executeRaw`DELETE FROM sync_slice WHERE "startedAt" < ${new Date(now.getTime() - 7 * 24 * 3600_000)}::timestamp`;
  }
  return queued;
}

const databaseUp = () => db.$queryRaw`SELECT 1`.then(() => true, () => false);

/**
 * A slice that failed because the database went away is resumed in the same job once it is
 * back. Throwing to the queue instead would lose seconds to minutes: the queue cannot record
 * the failure while its database is down, so the job would sit "active" until its heartbeat
 * expired, and the lease this worker still holds would turn away the retry until it lapsed.
 * The lease is ours, so the retry resumes from the slice's last checkpoint. Any other error,
 * or an outage longer than a lease, goes to the queue's retry as before.
 */
async function runSliceRidingOutOutages(appId: string, opts: Parameters<typeof runAppSlice>[1], stopping: () => boolean) {
  for (;;) {
    try {
      return await runAppSlice(appId, opts);
    } catch (err) {
      if (stopping() || (await databaseUp())) throw err;
      log.warn("database unreachable during a sync slice; waiting for it", { appId, err: (err as Error).message });
      const deadline = Date.now() + LEASE_MS;
      let up = false;
      while (!up && !stopping() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        up = await databaseUp();
      }
      if (!up) throw err;
      log.info("database reachable again; resuming the slice", { appId });
    }
  }
}

export type WorkerHandle = { id: string; stop: () => Promise<void> };

export async function startWorker(opts: { concurrency?: number } = {}): Promise<WorkerHandle> {
  const boss = await getBoss();
  const id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  let stopping = false;
  const inHand = new Set<string>();
  const unreachable = new UnreachableTargets();
  // What a finished or failed slice says about its app's target, for the push lane's skip.
  const noteOutcome = (appId: string, err?: unknown) => {
    if (err === undefined) unreachable.answered(appId);
    else if (err instanceof ScimError && err.kind === "transient") unreachable.failed(appId);
  };

  const syncWorker = await boss.work<SyncJobData>(QUEUE_SYNC, { batchSize: 1, localConcurrency: opts.concurrency ?? 2, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return;
    const { appId } = job.data;
    // A retried job of an app this process is still working on (e.g. riding out a database
    // outage) must wait its turn: the lease is this worker's, so only this guard tells them apart.
    if (inHand.has(appId)) {
      await enqueueSync(appId, { startAfter: new Date(Date.now() + 2000) });
      return;
    }
    inHand.add(appId);
    let r: Awaited<ReturnType<typeof runSliceRidingOutOutages>>;
    try {
      r = await runSliceRidingOutOutages(appId, { workerId: id, shouldStop: () => stopping }, () => stopping).catch((err: unknown) => {
        noteOutcome(appId, err);
        throw err;
      });
      if (r.result !== "busy") noteOutcome(appId);
      // Changes written while that cycle ran had their job turned away above (back in 2 s, or
      // dropped beside the one already waiting): run them now, in this job, so a push behind a
      // running cycle waits for that cycle only. Bounded, so one app cannot keep the slot.
      for (let n = 0; n < 3 && r.result === "done" && !stopping && (await appIsDue(appId)); n++) {
        r = await runSliceRidingOutOutages(appId, { workerId: id, shouldStop: () => stopping }, () => stopping);
      }
    } finally {
      inHand.delete(appId);
    }
    // Hand the rest of a long cycle to the next job (possibly on another worker).
    if (r.result === "continue" && !stopping) await enqueueSync(appId);
    // Busy: another worker holds the app, or a dead one's lease has not run out yet. Come back
    // when it does, rather than waiting for the tick (crash recovery in ~lease time, not minutes).
    if (r.result === "busy" && !stopping) {
      const at = r.nextRunAt && r.nextRunAt.getTime() > Date.now() ? new Date(r.nextRunAt.getTime() + 500) : new Date(Date.now() + 2000);
      await enqueueSync(appId, { startAfter: at });
    }
  });

  // The push lane: slots of its own for directory changes (lib/jobs/push.ts), so a change
  // is written within seconds even when every sync-lane slot is taken by long cycles or by apps
  // retrying a dead target. A push slice is short; the rest of a long cycle goes to the sync lane.
  const pushWorker = await boss.work<PushJobData>(QUEUE_PUSH, { batchSize: 1, localConcurrency: PUSH_CONCURRENCY, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job || stopping) return;
    const { appId, busyTries = 0 } = job.data;
    // Its target did not answer a moment ago: the sync lane's retry (backing off) will write
    // this change with the rest; waiting here for the same error would hold a push slot.
    if (unreachable.has(appId)) return;
    // Busy (the sync lane holds the app, here or on another worker): it syncs changes that
    // arrive while it runs, but it may have just checked; look again shortly, a bounded number
    // of times (after that the tick's sweep catches up).
    const retryBusy = async () => {
      if (busyTries < PUSH_BUSY_TRIES) await enqueuePush(appId, { startAfter: new Date(Date.now() + 1000), busyTries: busyTries + 1 });
    };
    if (inHand.has(appId)) return retryBusy();
    inHand.add(appId);
    try {
      const r = await runAppSlice(appId, { workerId: id, budgetMs: PUSH_SLICE_BUDGET_MS, shouldStop: () => stopping });
      if (r.result !== "busy") noteOutcome(appId);
      if (r.result === "continue" && !stopping) await enqueueSync(appId);
      if (r.result === "busy") await retryBusy();
    } catch (err) {
      noteOutcome(appId, err);
      // Not retried on this lane: the sync lane's retries back off (a dead target must not
      // keep the push slot). The cycle kept its checkpoint.
      log.warn("push slice failed; the sync lane retries it", { appId, err: (err as Error).message });
      if (!stopping) await enqueueSync(appId).catch(() => undefined);
    } finally {
      inHand.delete(appId);
    }
  });

  // Directory and provisioning changes made in any process reach the queues through this
  // listener; after it sends a job it wakes this process's workers (no polling delay).
  const listener = await startPushListener(() => queueDueApps(), () => {
    boss.notifyWorker(pushWorker);
    boss.notifyWorker(syncWorker);
  });

  await boss.work<PreviewJobData>(QUEUE_PREVIEW, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runPreview(job.data.previewId);
  });

  await boss.work(QUEUE_TICK, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
    try {
      await tick();
    } finally {
      // The tick re-queues itself: a chain every TICK_SECONDS, one per cluster (stately queue).
      if (!stopping) await boss.send(QUEUE_TICK, {}, { singletonKey: "tick", startAfter: TICK_SECONDS });
    }
  });
  // Restart the chain if it ever broke (a process died between tick and re-send).
  await boss.schedule(QUEUE_TICK, "* * * * *", {}, { singletonKey: "tick" });
  await boss.send(QUEUE_TICK, {}, { singletonKey: "tick" });
  log.info("worker started", { id });

  return {
    id,
    stop: async () => {
      stopping = true;
      await listener.close();
      // Graceful: running slices see shouldStop at the next page, checkpoint and return.
      await boss.offWork(QUEUE_PUSH, { wait: true }).catch(() => undefined);
      await boss.offWork(QUEUE_SYNC, { wait: true }).catch(() => undefined);
      await boss.offWork(QUEUE_TICK, { wait: true }).catch(() => undefined);
      await boss.offWork(QUEUE_PREVIEW, { wait: true }).catch(() => undefined);
      log.info("worker stopped", { id });
    },
  };
}
