// Who is calling: a bearer token or the browser session, re-validated against
// the database on every request (disabled admins and revoked tokens fail here).
// Each token type is accepted only where it belongs: API tokens (typ "api") as a bearer token,
// session JWTs (typ "session", with a sid that was not signed out) as the session cookie.
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { db } from "../db";
import { env } from "../env";
import { readJwt, type TokenClaims } from "./api-token";
import { fromDbRole, type Actor } from "./roles";
import { isSessionRevoked, sessionTooOld } from "./sessions";

export async function actorFromClaims(claims: TokenClaims | null, via: Actor["via"]): Promise<Actor | null> {
  if (!claims?.sub) return null;
  if (via === "token" && claims.typ !== "api") return null;
  if (via === "session") {
    if (claims.typ !== "session" || typeof claims.sid !== "string") return null;
    if (sessionTooOld(claims.authAt)) return null;
    if (await isSessionRevoked(claims.sid)) return null;
  }
  const admin = await db.admin.findUnique({ where: { id: claims.sub } });
  if (!admin || admin.disabled || (claims.tv ?? 0) !== admin.tokenVersion) return null;
  return { id: admin.id, email: admin.email, name: admin.name, role: fromDbRole(admin.role), via };
}

/**
 * For next-auth's own refresh of the cookie (GET /api/auth/session): false when the session was
 * signed out or its administrator disabled, deleted or changed. A database outage is no verdict:
 * the session is kept rather than ended by a blip.
 */
export async function sessionStillLive(claims: TokenClaims): Promise<boolean> {
  try {
    return (await actorFromClaims(claims, "session")) !== null;
  } catch {
    return true;
  }
}

/**
 * The session cookie's claims (null when absent, expired or not ours). Only the cookie: getToken
 * would fall back to an Authorization header, where a session JWT does not belong.
 */
export async function sessionClaims(cookies: NextRequest["cookies"]): Promise<TokenClaims | null> {
  const req = { cookies, headers: new Headers() } as unknown as NextRequest;
  return (await getToken({ req, secret: env().NEXTAUTH_SECRET })) as TokenClaims | null;
}

export async function actorFromRequest(req: NextRequest): Promise<{ actor: Actor | null; via: Actor["via"] | null }> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!m) return { actor: null, via: "token" };
    return { actor: await actorFromClaims(await readJwt(m[1]!), "token"), via: "token" };
  }
  const claims = await sessionClaims(req.cookies);
  if (!claims) return { actor: null, via: null };
  return { actor: await actorFromClaims(claims, "session"), via: "session" };
}
