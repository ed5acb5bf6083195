// Pages need a live session: every page and RSC request is checked against the database
// (disabled, deleted, role changed or password reset → token version, signed out → revoked sid)
// before any page code loads data. Without one, a bare redirect to /signin that carries no data.
// API routes and SCIM answer 401 themselves (lib/api/route.ts, lib/scim-server/http.ts).
import { NextResponse, type NextRequest } from "next/server";
import { actorFromClaims, sessionClaims } from "./lib/auth/actor";
import { DB_RETRY_AFTER_S } from "./lib/errors";
import { log } from "./lib/log";
import { requestPortalOrigin } from "./lib/request/context";

const NO_STORE = { "cache-control": "no-store" };

export default async function proxy(req: NextRequest) {
  let ok: boolean;
  try {
    ok = (await actorFromClaims(await sessionClaims(req.cookies), "session")) !== null;
  } catch (err) {
    log.error("session check failed", { path: req.nextUrl.pathname, err });
    return new NextResponse("Provisio cannot reach its database. Try again in a minute.", { status: 503, headers: { ...NO_STORE, "retry-after": String(DB_RETRY_AFTER_S), "content-type": "text/plain; charset=utf-8" } });
  }
  if (ok) return NextResponse.next();
  const target = new URL("/signin", requestPortalOrigin(req.headers));
  target.searchParams.set("callbackUrl", `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return new NextResponse(null, { status: 307, headers: { ...NO_STORE, location: target.toString() } });
}

export const config = {
  matcher: ["/((?!api/|scim/|signin|metrics|_next/|favicon.ico|logos/|robots.txt).*)"],
};
