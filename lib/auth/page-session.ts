// Server components: the signed-in admin (re-validated against the database), or a redirect to /signin.
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { env } from "../env";
import { actorFromClaims } from "./actor";
import type { TokenClaims } from "./api-token";
import { hasRole, type Actor, type Role } from "./roles";

export async function getPageActor(): Promise<Actor | null> {
  // next-auth's getToken reads req.cookies (getAll) — the same shape Next's cookies() store has.
  const req = { cookies: await cookies(), headers: await headers() } as unknown as NextRequest;
  const claims = (await getToken({ req, secret: env().NEXTAUTH_SECRET })) as TokenClaims | null;
  return actorFromClaims(claims, "session");
}

export async function requirePageActor(required: Role = "reader"): Promise<Actor> {
  const actor = await getPageActor();
  if (!actor) redirect("/signin");
  if (!hasRole(actor.role, required)) redirect("/?forbidden=1");
  return actor;
}
