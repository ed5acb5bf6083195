// Sending jobs: lib/jobs is the only module that talks to the queue. One sync queue;
// singletonKey = appId with the stately policy, so bursts of triggers coalesce into at most
// one queued job per app. A job carries no "force": what a cycle must do is stored in
// sync_state (lib/sync/state.ts), so a send the queue drops (one already waits) loses nothing.
import { db } from "../db";
import { log } from "../log";
import { getBoss, QUEUE_PREVIEW, QUEUE_SYNC } from "./boss";

export type SyncJobData = { appId: string };

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

/** Real-time push: a sync of every app with provisioning On (or only those given). */
export async function enqueueForActiveApps(onlyAppIds?: string[]): Promise<number> {
  const apps = await db.app.findMany({ where: { status: "on", ...(onlyAppIds ? { id: { in: onlyAppIds } } : {}) }, select: { id: true } });
  let sent = 0;
  for (const a of apps) {
    const id = await enqueueSync(a.id).catch((err: unknown) => {
      log.warn("could not queue a sync", { appId: a.id, err: (err as Error).message });
      return null;
    });
    if (id) sent++;
  }
  return sent;
}
