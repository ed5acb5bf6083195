// Server-side revocation of browser sessions. Session JWTs carry a random sid (set at sign-in,
// kept on every refresh of the cookie); signing out records it here, and every request with a
// session cookie checks it (lib/auth/actor.ts). Rows are kept only until the JWT would expire.
import { randomUUID } from "node:crypto";
import { db } from "../db";

export const newSessionId = () => randomUUID();

/**
 * A browser session lasts 8 hours from sign-in. next-auth re-issues the cookie on activity (its
 * maxAge alone is an idle limit), so the sign-in time rides in the JWT and is checked on every use.
 */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;

/** Whether a session signed in at `authAt` (seconds; absent in cookies minted before it existed) is past its lifetime. */
export function sessionTooOld(authAt: unknown, nowMs = Date.now()): boolean {
  return typeof authAt !== "number" || nowMs / 1000 - authAt > SESSION_MAX_AGE_S || authAt > nowMs / 1000 + 60;
}

export async function revokeSession(sid: string, expiresAt: Date): Promise<void> {
  const now = new Date();
  await db.revokedSession.upsert({ where: { sid }, create: { sid, expiresAt }, update: {} });
  // a sign-out is rare: prune expired rows here rather than in a job
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
}

export async function isSessionRevoked(sid: string): Promise<boolean> {
  return (await db.revokedSession.findUnique({ where: { sid }, select: { sid: true } })) !== null;
}
