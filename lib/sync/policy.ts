// Engine tunables. Escrow and quarantine follow Entra's published behaviour
// (growing retry delays; quarantine when credentials fail or most operations fail)
// but run on minutes rather than hours.
import { db } from "../db";

/** Delay before the n-th retry of a failed object; after the last one, every cycle. */
export const ESCROW_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 8 * 3600_000];
/** How long a quarantined app waits between attempts (level 0, 1, 2, then daily). */
export const QUARANTINE_BACKOFF_MS = [3600_000, 6 * 3600_000, 12 * 3600_000, 24 * 3600_000];
/** A job works at most this long before checkpointing and handing over (crash recovery, fair sharing). */
export const SLICE_BUDGET_MS = 20_000;
/** A push-lane slice (a directory change) works at most this long, then the sync lane takes over. */
export const PUSH_SLICE_BUDGET_MS = 5_000;
/**
 * Push-lane slots per worker process. More than one, so a change is not queued behind another
 * app's push to a slow target (a change to one user concerns every app that syncs all users).
 */
export const PUSH_CONCURRENCY = 2;
/** How often a push that found its app busy looks again (once a second) before leaving it to the tick. */
export const PUSH_BUSY_TRIES = 30;
/**
 * Objects read per page; a cycle writes all of a page's objects side by side (the SCIM client's
 * limiter caps the requests in flight), and a page's database work is a handful of multi-row
 * statements, so larger pages mean fewer pauses between pages.
 */
export const PAGE_SIZE = 200;
/**
 * Users and managers pages (stream.ts): the next page's writes start once the current one has at
 * most this many objects left, so a slow target is not left idle while a page ends, is recorded
 * and the next one is read. At most PAGE_SIZE + PAGE_OVERLAP objects are unsettled at a time.
 */
export const PAGE_OVERLAP = PAGE_SIZE / 4;
/** …and at most this many pages wait to be recorded (a crash re-reads them; those written match without a write). */
export const MAX_OPEN_PAGES = 4;
/** Previews: objects planned side by side (they only read). */
export const WRITE_CONCURRENCY = 32;
/** A worker's claim on an app; renewed after every page. */
export const LEASE_MS = 30_000;

export type QuarantinePolicy = { minFailures: number; failureRatio: number };
export const DEFAULT_QUARANTINE: QuarantinePolicy = { minFailures: 10, failureRatio: 0.6 };
export const QUARANTINE_SETTING = "sync.quarantine";

/** Configurable through the Setting table (key "sync.quarantine": {"minFailures":…, "failureRatio":…}). */
export async function quarantinePolicy(): Promise<QuarantinePolicy> {
  const row = await db.setting.findUnique({ where: { key: QUARANTINE_SETTING } });
  const v = (row?.value ?? {}) as Partial<QuarantinePolicy>;
  return {
    minFailures: typeof v.minFailures === "number" && v.minFailures >= 1 ? v.minFailures : DEFAULT_QUARANTINE.minFailures,
    failureRatio: typeof v.failureRatio === "number" && v.failureRatio > 0 && v.failureRatio <= 1 ? v.failureRatio : DEFAULT_QUARANTINE.failureRatio,
  };
}

export function escrowDelayMs(attempts: number, intervalMinutes: number): number {
  return ESCROW_DELAYS_MS[attempts - 1] ?? intervalMinutes * 60_000;
}

export function quarantineDelayMs(level: number): number {
  return QUARANTINE_BACKOFF_MS[Math.min(level, QUARANTINE_BACKOFF_MS.length - 1)]!;
}
