// Provisioning log retention: rows older than the retention setting (default 30
// days) are deleted in batches, so a big purge never holds one long lock or
// bloats one transaction. The engine's scheduler runs it daily.
import { db } from "../db";
import { log } from "../log";
import { getRetentionDays } from "./settings";

const BATCH = 10_000;

/** Deletes provisioning log rows older than the retention window; returns how many. */
export async function enforceRetention(now: Date = new Date(), opts: { days?: number; batchSize?: number } = {}): Promise<number> {
  const days = opts.days ?? (await getRetentionDays());
  const batch = opts.batchSize ?? BATCH;
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  let total = 0;
  for (;;) {
    // id-batched via the (at) index; each statement is its own short transaction
    const n = await db.$executeRaw`
      DELETE FROM provisioning_log WHERE id IN (
        SELECT id FROM provisioning_log WHERE at < ${cutoff}::timestamp LIMIT ${batch})`;
    total += n;
    if (n < batch) break;
  }
  if (total > 0) log.info("provisioning log retention", { deleted: total, days, cutoff: cutoff.toISOString() });
  return total;
}
