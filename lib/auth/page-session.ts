// Server components: the signed-in admin (re-validated against the database), or a redirect to /signin.
// proxy.ts already refused requests without a valid session before any page code ran; this is the
// role check and the actor the page renders with.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { actorFromClaims, sessionClaims } from "./actor";
import { hasRole, type Actor, type Role } from "./roles";

export async function getPageActor(): Promise<Actor | null> {
  // next-auth's getToken reads req.cookies (getAll) — the same shape Next's cookies() store has.
  const store = (await cookies()) as unknown as NextRequest["cookies"];
  return actorFromClaims(await sessionClaims(store), "session");
}

export async function requirePageActor(required: Role = "reader"): Promise<Actor> {
  const actor = await getPageActor();
  if (!actor) redirect("/signin");
  if (!hasRole(actor.role, required)) redirect("/?forbidden=1");
  return actor;
}
