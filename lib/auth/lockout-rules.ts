// Sign-in limits as numbers and one pure decision (lib/auth/lockout.ts applies them; the
// security suites import the numbers).

export const MAX_FAILURES = 10;
export const MAX_FAILURES_PER_ADDRESS = 100;
export const MAX_FAILURES_PER_ACCOUNT = 50;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MESSAGE = "Too many failed sign-in attempts. Wait 15 minutes and try again, or ask a global administrator to clear the lockout.";

export type LockoutKind = "account_address" | "address" | "account";

export type Counts = { pair: number; address: number; account: number };

/** Pure: which limit (if any) refuses an attempt, given the failures in the window. */
export function lockoutFor(c: Counts): LockoutKind | null {
  if (c.pair >= MAX_FAILURES) return "account_address";
  if (c.address >= MAX_FAILURES_PER_ADDRESS) return "address";
  // only addresses that already failed for this account are held back by the account-wide limit
  if (c.pair > 0 && c.account >= MAX_FAILURES_PER_ACCOUNT) return "account";
  return null;
}

