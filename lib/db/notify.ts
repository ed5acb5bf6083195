// Cross-process notices through Postgres NOTIFY. A module that changed something another
// process must react to (a directory write, a provisioning setting) publishes on its channel
// after its commit; lib/jobs/listener.ts LISTENs in every worker process. Unlike an in-memory
// handler this reaches workers in other processes and Next.js route bundles alike (each route
// bundle has its own copy of every module, so a handler registered at server start is not
// seen there). Delivery is best effort: the tick catches anything a lost notice left behind.
import { db } from "./index";

/** NOTIFY payloads are capped at 8,000 bytes by Postgres: publish what to do, not the data. */
export const NOTIFY_MAX_BYTES = 7900;

export async function publish(channel: string, payload: object): Promise<void> {
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > NOTIFY_MAX_BYTES) throw new Error(`notice on ${channel} too large (${Buffer.byteLength(text)} bytes)`);
  await db.$executeRaw`SELECT pg_notify(${channel}, ${text})`;
}
