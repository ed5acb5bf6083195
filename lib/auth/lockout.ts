// Sign-in limits, stored in Postgres so every web process shares them. Addresses are socket
// addresses (or what a trusted proxy forwarded: lib/request), so an attacker cannot pick a fresh
// one per attempt. Three limits within WINDOW, none of which lets an attacker lock an account's
// owner out from the owner's own address:
//   - one email from one address: MAX_FAILURES → that address is refused for that email;
//   - one address, any emails (password spraying): MAX_FAILURES_PER_ADDRESS → that address is refused;
//   - one email from many addresses: MAX_FAILURES_PER_ACCOUNT → refused only from addresses that
//     have failed for that email; an address with no recent failures still signs in.
// Global administrators see and clear lockouts (GET/DELETE /api/v1/sign-in-lockouts); both the
// start of a lockout and its clearing are audited.
import { db } from "../db";
import type { Actor } from "./roles";
import { writeAudit } from "../logs/audit";

import { lockoutFor, MAX_FAILURES, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, WINDOW_MS, type Counts, type LockoutKind } from "./lockout-rules";

export { LOCKOUT_MESSAGE, MAX_FAILURES, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, WINDOW_MS } from "./lockout-rules";

const since = () => new Date(Date.now() - WINDOW_MS);

async function counts(email: string, ip: string): Promise<Counts> {
  const [row] = await db.$queryRaw<Array<{ pair: number; address: number; account: number }>>`
    SELECT count(*) FILTER (WHERE email = ${email} AND ip = ${ip})::int AS pair,
           count(*) FILTER (WHERE ip = ${ip})::int AS address,
           count(*) FILTER (WHERE email = ${email})::int AS account
      FROM sign_in_failure
     WHERE at >= ${since()} AND (email = ${email} OR ip = ${ip})`;
  return row ?? { pair: 0, address: 0, account: 0 };
}

export async function isLockedOut(email: string, ip: string): Promise<boolean> {
  return lockoutFor(await counts(email.toLowerCase(), ip)) !== null;
}

/** Records a failure; when it starts a lockout, audits it (accounts that exist only: no audit spam for made-up emails). */
export async function recordFailure(email: string, ip: string, admin: { id: string } | null) {
  const e = email.toLowerCase();
  const before = lockoutFor(await counts(e, ip));
  await db.signInFailure.create({ data: { email: e, ip } });
  const after = lockoutFor(await counts(e, ip));
  if (after && !before && (admin || after === "address")) {
    await writeAudit(null, {
      action: "auth.lockout",
      targetType: after === "address" ? "address" : "admin",
      targetId: after === "address" ? ip : admin!.id,
      targetName: after === "address" ? ip : e,
      after: { kind: after, address: ip, email: after === "address" ? null : e, minutes: WINDOW_MS / 60_000 },
    });
  }
  // Keep the table small: old rows carry no information.
  if (Math.random() < 0.05) await db.signInFailure.deleteMany({ where: { at: { lt: since() } } });
}

export async function clearFailures(email: string, ip: string) {
  await db.signInFailure.deleteMany({ where: { email: email.toLowerCase(), ip } });
}

export type LockoutView = { kind: LockoutKind; email: string | null; address: string | null; failures: number; lockedUntil: string };

/** Lockouts in force now (what GET /api/v1/sign-in-lockouts lists). */
export async function listLockouts(): Promise<LockoutView[]> {
  const windowStart = since();
  const rows = await db.$queryRaw<Array<{ kind: LockoutKind; email: string | null; address: string | null; failures: number; until: Date }>>`
    SELECT 'account_address' AS kind, email, ip AS address, count(*)::int AS failures, (array_agg(at ORDER BY at DESC))[${MAX_FAILURES}] AS until
      FROM sign_in_failure WHERE at >= ${windowStart} GROUP BY email, ip HAVING count(*) >= ${MAX_FAILURES}
    UNION ALL
    SELECT 'address', NULL, ip, count(*)::int, (array_agg(at ORDER BY at DESC))[${MAX_FAILURES_PER_ADDRESS}]
      FROM sign_in_failure WHERE at >= ${windowStart} GROUP BY ip HAVING count(*) >= ${MAX_FAILURES_PER_ADDRESS}
    UNION ALL
    SELECT 'account', email, NULL, count(*)::int, (array_agg(at ORDER BY at DESC))[${MAX_FAILURES_PER_ACCOUNT}]
      FROM sign_in_failure WHERE at >= ${windowStart} GROUP BY email HAVING count(*) >= ${MAX_FAILURES_PER_ACCOUNT}
    ORDER BY failures DESC`;
  return rows.map((r) => ({ kind: r.kind, email: r.email, address: r.address, failures: r.failures, lockedUntil: new Date(r.until.getTime() + WINDOW_MS).toISOString() }));
}

/** Clears the failures behind lockouts of an email, an address, or both (audited). Returns how many failures were removed. */
export async function clearLockout(actor: Actor, target: { email?: string; address?: string }, ip?: string): Promise<number> {
  const email = target.email?.toLowerCase();
  const { count } = await db.signInFailure.deleteMany({ where: { ...(email ? { email } : {}), ...(target.address ? { ip: target.address } : {}) } });
  await writeAudit(actor, { action: "auth.lockout.clear", targetType: email ? "admin" : "address", targetId: email ?? target.address ?? null, targetName: email ?? target.address ?? null, after: { email: email ?? null, address: target.address ?? null, failuresCleared: count } }, db, ip);
  return count;
}
