// Bearer tokens for scripts (POST /api/v1/auth/token). Same format as the
// session JWT (next-auth's encrypted JWT), marked typ=api; every use re-checks
// the admin in the database, so disabling an admin or resetting the password
// (tokenVersion) revokes tokens at once.
import { decode, encode } from "next-auth/jwt";
import { env } from "../env";

export const API_TOKEN_TTL_S = 60 * 60;

export async function issueApiToken(admin: { id: string; email: string; tokenVersion: number }, ttlSeconds = API_TOKEN_TTL_S) {
  const token = await encode({ secret: env().NEXTAUTH_SECRET, maxAge: ttlSeconds, token: { sub: admin.id, email: admin.email, tv: admin.tokenVersion, typ: "api" } });
  return { access_token: token, token_type: "Bearer" as const, expires_in: ttlSeconds };
}

/** `authAt`: when a browser session signed in (seconds); it ends SESSION_MAX_AGE_S later however active. */
export type TokenClaims = { sub?: string; tv?: number; typ?: string; sid?: string; exp?: number; authAt?: number };

export async function readJwt(token: string): Promise<TokenClaims | null> {
  try {
    return (await decode({ token, secret: env().NEXTAUTH_SECRET })) as TokenClaims | null;
  } catch {
    return null;
  }
}
