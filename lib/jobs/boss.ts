// pg-boss wiring: one instance per process, created lazily. The web process uses
// it to send jobs (and, with PROVISIO_WORKER=inline, to work them); `npm run worker`
// processes only work. Any number of processes on any number of machines share
// the queues through Postgres.
import { PgBoss } from "pg-boss";
import { hearConnectionErrors } from "../db";
import { env } from "../env";
import { log } from "../log";

export const QUEUE_SYNC = "provisio-sync";
export const QUEUE_TICK = "provisio-tick";
/** Real-time pushes: their own lane, so a change never waits behind the sync lane's backlog. */
export const QUEUE_PUSH = "provisio-push";
export const QUEUE_PREVIEW = "provisio-preview";

const g = globalThis as unknown as { __provisioBoss?: Promise<PgBoss> };

async function create(): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: env().DATABASE_URL,
    max: 4,
    schema: "pgboss",
    // The supervisor notices jobs whose worker died (missed heartbeats) and hands them on.
    superviseIntervalSeconds: 10,
    // passed to its pg.Pool: a dropped connection must not end the process
    onConnect: hearConnectionErrors,
  } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on("error", (err: Error) => log.warn("job queue error", { err: err.message }));
  await boss.start();
  // stately + singletonKey = appId: at most one queued and one active sync job per app,
  // so triggers coalesce and two workers never run the same app's cycle at once.
  // heartbeatSeconds: a SIGKILLed worker's job is retried within ~25 s instead of waiting for expiry.
  const sync = { expireInSeconds: 300, heartbeatSeconds: 15, retryLimit: 20, retryDelay: 2, retryBackoff: true, retryDelayMax: 60, notify: false };
  await boss.createQueue(QUEUE_SYNC, { policy: "stately", ...sync });
  // createQueue leaves an existing queue as it was: bring one made by an older version up to date.
  // (notify stays off: pg-boss's own LISTEN connection can die with an unhandled error when the
  // database restarts, taking the process with it; the change listener wakes its worker instead.)
  await boss.updateQueue(QUEUE_SYNC, sync);
  // A push that fails is not retried here: the app stays due, and the tick queues it on the
  // sync lane, whose retries back off. Short expiry: a push slice works a few seconds at most.
  const push = { expireInSeconds: 120, heartbeatSeconds: 15, retryLimit: 0, notify: false };
  await boss.createQueue(QUEUE_PUSH, { policy: "stately", ...push });
  await boss.updateQueue(QUEUE_PUSH, push);
  await boss.createQueue(QUEUE_TICK, { policy: "stately", expireInSeconds: 120 });
  // A preview reads the whole directory and target: long, but a dead worker's job is handed on.
  await boss.createQueue(QUEUE_PREVIEW, { expireInSeconds: 3600, heartbeatSeconds: 30, retryLimit: 2, retryDelay: 5 });
  return boss;
}

export function getBoss(): Promise<PgBoss> {
  g.__provisioBoss ??= create().catch((err) => {
    g.__provisioBoss = undefined;
    throw err;
  });
  return g.__provisioBoss;
}

export async function stopBoss(opts: { graceful?: boolean; timeout?: number } = {}) {
  const p = g.__provisioBoss;
  g.__provisioBoss = undefined;
  if (p) await (await p).stop({ graceful: opts.graceful ?? true, timeout: opts.timeout ?? 30_000 });
}
