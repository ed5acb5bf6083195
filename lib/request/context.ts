// Request facts every entry point needs (REST wrapper, SCIM wrapper, pages, next-auth):
// the client address and the portal origins, from the stamped socket peer and the settings.
import { env } from "../env";
import { clientAddress, parseTrustedProxies, type TrustedProxies } from "./address";
import { portalOrigins } from "./origin";
import { PEER_HEADER, peerOf } from "./peer";

export type HeaderSource = { get(name: string): string | null };

/** next-auth hands authorize() the headers as a plain object. */
export function headersFromRecord(rec: Record<string, unknown> | undefined): HeaderSource {
  return { get: (name) => {
    const v = rec?.[name.toLowerCase()];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join(", ") : null;
  } };
}

let trustedCache: { spec: string | undefined; list: TrustedProxies } | undefined;
function trusted(): TrustedProxies {
  const spec = env().PROVISIO_TRUSTED_PROXIES;
  if (!trustedCache || trustedCache.spec !== spec) trustedCache = { spec, list: parseTrustedProxies(spec)! };
  return trustedCache.list;
}

export function requestPeer(h: HeaderSource): string | null {
  return peerOf(h.get(PEER_HEADER));
}

export function viaTrustedProxy(h: HeaderSource): boolean {
  const peer = requestPeer(h);
  return peer !== null && trusted().has(peer);
}

/** The address sign-in limits and audit entries use. */
export function requestClientIp(h: HeaderSource): string {
  return clientAddress(requestPeer(h), h.get("x-forwarded-for"), trusted());
}

/** Origins a same-site request may come from; the first is the portal's public origin. */
export function requestPortalOrigins(h: HeaderSource): string[] {
  return portalOrigins({
    configured: env().NEXTAUTH_URL,
    viaTrustedProxy: viaTrustedProxy(h),
    forwardedProto: h.get("x-forwarded-proto"),
    forwardedHost: h.get("x-forwarded-host"),
    host: h.get("host"),
  });
}

export function requestPortalOrigin(h: HeaderSource): string {
  return requestPortalOrigins(h)[0] ?? `http://localhost:${env().PORT}`;
}
