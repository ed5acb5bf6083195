// Sending jobs: lib/jobs is the only module that talks to the queue. One sync queue;
// singletonKey = appId with the stately policy, so bursts of triggers coalesce into at most
// one queued job per app. A job carries no "force": what a cycle must do is stored in
// sync_state (lib/sync/state.ts), so a send the queue drops (one already waits) loses nothing.
import { db } from "../db";
import { log } from "../log";
import { getBoss, QUEUE_PREVIEW, QUEUE_PUSH, QUEUE_SYNC } from "./boss";

export type SyncJobData = { appId: string };
/** `busyTries`: how often this push already found the app busy (bounded; see the push lane in worker.ts). */
export type PushJobData = { appId: string; busyTries?: number };

export async function enqueueSync(appId: string, opts: { startAfter?: Date } = {}): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(QUEUE_SYNC, { appId } satisfies SyncJobData, {
    singletonKey: appId,
    ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
  });
}

export type PreviewJobData = { previewId: string };

/** A preview (issue 16): computed by a worker, one job per preview. */
export async function enqueuePreview(previewId: string): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(QUEUE_PREVIEW, { previewId } satisfies PreviewJobData);
}

/**
 * Real-time push: a job on the push lane, a queue of its own with its own worker slot, so a
 * directory change is synced within seconds even while the sync lane is busy with long
 * cycles or apps whose target is down. One waiting push job per app (stately + singletonKey).
 */
export async function enqueuePush(appId: string, opts: { startAfter?: Date; busyTries?: number } = {}): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(QUEUE_PUSH, { appId, ...(opts.busyTries ? { busyTries: opts.busyTries } : {}) } satisfies PushJobData, {
    singletonKey: appId,
    ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
  });
}

/** Real-time push to every app with provisioning On (or only those given, if On). */
export async function pushToActiveApps(onlyAppIds?: string[]): Promise<number> {
  if (onlyAppIds && !onlyAppIds.length) return 0;
  const apps = await db.app.findMany({ where: { status: "on", ...(onlyAppIds ? { id: { in: onlyAppIds } } : {}) }, select: { id: true } });
  let sent = 0;
  for (const a of apps) {
    const id = await enqueuePush(a.id).catch((err: unknown) => {
      log.warn("could not queue a sync", { appId: a.id, err: (err as Error).message });
      return null;
    });
    if (id) sent++;
  }
  return sent;
}
