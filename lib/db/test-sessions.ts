// Test support for forcing interleavings on a real Postgres: a session of the test's own
// (explicit BEGIN, a lock held) makes product transactions queue at a known point, and
// waitForLockWaiters tells when they have got there — no timing guesses.
import pg from "pg";
import { env } from "../env";

/** A connection of its own to the test database (not from the app's pool). */
export async function openSession(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: env().DATABASE_URL });
  await c.connect();
  return c;
}

/**
 * Resolves once at least `n` other sessions of this database wait on a heavyweight lock
 * (row, table, transaction id). With `orDone`, also resolves when that promise settles first
 * (the code under test did not block — what a broken guard looks like).
 */
export async function waitForLockWaiters(probe: pg.Client, n: number, opts: { orDone?: Promise<unknown>; timeoutMs?: number } = {}): Promise<"blocked" | "done"> {
  let settled = false;
  void opts.orDone?.then(() => { settled = true; }, () => { settled = true; });
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    const r = await probe.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
    );
    if (Number(r.rows[0]!.n) >= n) return "blocked";
    if (settled) return "done";
    if (Date.now() > deadline) throw new Error(`expected ${n} session(s) waiting on a lock; found ${r.rows[0]!.n}`);
    await new Promise((res) => setTimeout(res, 20)); // poll interval, not a synchronisation delay
  }
}
