// Sending sync jobs. One queue; singletonKey = appId with the stately policy, so
// bursts of triggers coalesce into at most one queued job per app.
import { db } from "../db";
import { log } from "../log";
import { getBoss, QUEUE_PREVIEW, QUEUE_SYNC } from "./boss";

export type SyncJobData = { appId: string; force?: boolean };

export async function enqueueSync(appId: string, opts: { force?: boolean; startAfter?: Date | number } = {}): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(QUEUE_SYNC, { appId, force: opts.force ?? false } satisfies SyncJobData, {
    singletonKey: appId,
    ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter instanceof Date ? opts.startAfter : opts.startAfter } : {}),
  });
}

export type PreviewJobData = { previewId: string };

/** A preview (issue 16): computed by a worker, one job per preview. */
export async function enqueuePreview(previewId: string): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(QUEUE_PREVIEW, { previewId } satisfies PreviewJobData);
}

/** Real-time push: a directory change → a sync of every app that provisions automatically. */
export async function enqueueForActiveApps(onlyAppId?: string) {
  const apps = await db.app.findMany({ where: { status: "on", ...(onlyAppId ? { id: onlyAppId } : {}) }, select: { id: true } });
  for (const a of apps) {
    await enqueueSync(a.id).catch((err) => log.warn("could not queue a sync", { appId: a.id, err: (err as Error).message }));
  }
}
