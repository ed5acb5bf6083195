// Who is calling: a bearer token or the browser session, re-validated against
// the database on every request (disabled admins and revoked tokens fail here).
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { db } from "../db";
import { env } from "../env";
import { readJwt, type TokenClaims } from "./api-token";
import { fromDbRole, type Actor } from "./roles";

export async function actorFromClaims(claims: TokenClaims | null, via: Actor["via"]): Promise<Actor | null> {
  if (!claims?.sub) return null;
  const admin = await db.admin.findUnique({ where: { id: claims.sub } });
  if (!admin || admin.disabled || (claims.tv ?? 0) !== admin.tokenVersion) return null;
  return { id: admin.id, email: admin.email, name: admin.name, role: fromDbRole(admin.role), via };
}

export async function actorFromRequest(req: NextRequest): Promise<{ actor: Actor | null; via: Actor["via"] | null }> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!m) return { actor: null, via: "token" };
    return { actor: await actorFromClaims(await readJwt(m[1]!), "token"), via: "token" };
  }
  const claims = (await getToken({ req, secret: env().NEXTAUTH_SECRET })) as TokenClaims | null;
  if (!claims) return { actor: null, via: null };
  return { actor: await actorFromClaims(claims, "session"), via: "session" };
}
