// Queue depth and job age from pg-boss's table, for the metrics scrape: jobs
// waiting (created or retry) that are due, jobs deferred to later, jobs active,
// and how long the oldest due job has waited. Read from Postgres, so every
// process reports the whole cluster's queue. Every queue is listed, empty ones with 0.
import { db } from "../db";

export type QueueStat = { queue: string; waiting: number; deferred: number; active: number; oldestWaitingSeconds: number };

export async function queueStats(): Promise<QueueStat[]> {
  const rows = await db.$queryRaw<{ name: string; waiting: bigint; deferred: bigint; active: bigint; oldest: number | null }[]>`
    SELECT q.name,
           count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now()) AS waiting,
           count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after > now()) AS deferred,
           count(j.id) FILTER (WHERE j.state = 'active') AS active,
           extract(epoch FROM now() - min(j.start_after) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now()))::float8 AS oldest
      FROM pgboss.queue q LEFT JOIN pgboss.job j ON j.name = q.name AND j.state IN ('created', 'retry', 'active')
     GROUP BY q.name`;
  return rows.map((r) => ({ queue: r.name, waiting: Number(r.waiting), deferred: Number(r.deferred), active: Number(r.active), oldestWaitingSeconds: Math.max(0, r.oldest ?? 0) }));
}
