// Sign-in lockout: after MAX_FAILURES failures for one email from one IP within
// WINDOW, further attempts are refused until the window has passed. Stored in
// Postgres so every web process shares it.
import { db } from "../db";

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MESSAGE = "Too many failed sign-in attempts. Wait 15 minutes and try again, or ask a global administrator to reset your password.";

export async function isLockedOut(email: string, ip: string): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  const n = await db.signInFailure.count({ where: { email: email.toLowerCase(), ip, at: { gte: since } } });
  return n >= MAX_FAILURES;
}

export async function recordFailure(email: string, ip: string) {
  await db.signInFailure.create({ data: { email: email.toLowerCase(), ip } });
  // Keep the table small: old rows carry no information.
  if (Math.random() < 0.05) await db.signInFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - WINDOW_MS) } } });
}

export async function clearFailures(email: string, ip: string) {
  await db.signInFailure.deleteMany({ where: { email: email.toLowerCase(), ip } });
}
