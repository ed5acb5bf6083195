// The engine's per-app state (sync_state) as other modules may change it. Only lib/sync
// writes sync_state; apps, mappings and commands call these.
import { db, type Tx } from "../db";

/** The next cycle of the app is an initial (full) cycle: first run, scope or mapping change. */
export async function markNextCycleInitial(tx: Tx, appId: string): Promise<void> {
  await tx.syncState.upsert({ where: { appId }, create: { appId, needsInitial: true }, update: { needsInitial: true } });
}

/**
 * Start / Restart / Allow deletions / Apply a preview: the app's next cycle is due now, even
 * while quarantined. Stored rather than carried by the job, so the request survives the queue
 * dropping a job (one queued job per app: a request made while one waits rides on it) and a
 * worker dying; the tick sees it too.
 */
export async function requestCycleNow(appId: string, tx: Tx | typeof db = db): Promise<void> {
  await tx.syncState.upsert({ where: { appId }, create: { appId, nextRunAt: new Date() }, update: { nextRunAt: new Date() } });
}
