// Whether an app's sync job is waiting in the queue or has just been taken by a
// worker, read from pg-boss's table so every process sees the cluster's queue.
// Sync details use it to say "queued" / "starting" within a second of a command,
// before the worker has opened a cycle.
import { db } from "../db";
import { log } from "../log";
import { QUEUE_PUSH, QUEUE_SYNC } from "./boss";

export type SyncJobState = { waiting: boolean; activeSince: Date | null };

export async function syncJobState(appId: string): Promise<SyncJobState> {
  try {
    const rows = await db.$queryRaw<{ state: string; started_on: Date | null }[]>`
      SELECT state::text AS state, started_on FROM pgboss.job
       WHERE name IN (${QUEUE_SYNC}, ${QUEUE_PUSH}) AND singleton_key = ${appId}
         AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`;
    const active = rows.find((r) => r.state === "active");
    return { waiting: rows.some((r) => r.state !== "active"), activeSince: active ? (active.started_on ?? new Date()) : null };
  } catch (err) {
    // The queue's schema appears when the first process starts pg-boss; until then nothing is queued.
    log.debug("could not read the sync queue", { appId, err: (err as Error).message });
    return { waiting: false, activeSince: null };
  }
}
