// What a running cycle comes back to later in the same cycle, as rows of sync_deferred:
//   manager — users written before their manager existed in the target (written again once it does);
//   group   — incremental cycles: linked groups that gained provisioned members.
// They used to be id arrays in the checkpoint JSON, which every page rewrites: with random ids
// about half of 100,000 users wait for their manager, so each page parsed and rewrote megabytes.
// Rows are paged by sourceId (the checkpoint keeps only where it got to), and every statement is
// idempotent, so a page re-run after a crash leaves the same rows.
import { sql } from "../db/sql";

export type DeferredKind = "manager" | "group";

export async function defer(appId: string, cycleId: string, kind: DeferredKind, sourceIds: string[]): Promise<void> {
  if (!sourceIds.length) return;
  await sql(
    `INSERT INTO sync_deferred ("appId", "cycleId", kind, "sourceId") SELECT $1, $2, $3, s FROM unnest($4::text[]) AS s ON CONFLICT DO NOTHING`,
    [appId, cycleId, kind, sourceIds],
  );
}

/** No longer waiting (an incremental page wrote the group itself). */
export async function undefer(cycleId: string, kind: DeferredKind, sourceIds: string[]): Promise<void> {
  if (!sourceIds.length) return;
  await sql(`DELETE FROM sync_deferred WHERE "cycleId" = $1 AND kind = $2 AND "sourceId" = ANY($3::text[])`, [cycleId, kind, sourceIds]);
}

/** The next page of deferred ids after `after`, in sourceId order. */
export async function deferredPage(cycleId: string, kind: DeferredKind, after: string | null, limit: number): Promise<string[]> {
  const rows = await sql<{ sourceId: string }>(
    `SELECT "sourceId" FROM sync_deferred WHERE "cycleId" = $1 AND kind = $2 AND "sourceId" > $3 ORDER BY "sourceId" LIMIT $4`,
    [cycleId, kind, after ?? "", limit],
  );
  return rows.map((r) => r.sourceId);
}

/** Drops an app's rows, except the running cycle's: at the end of a cycle, and when a new one starts (after a cancel or a quarantine). */
export async function forgetDeferred(appId: string, exceptCycleId: string | null = null): Promise<void> {
  await sql(`DELETE FROM sync_deferred WHERE "appId" = $1 AND "cycleId" <> $2`, [appId, exceptCycleId ?? ""]);
}
