// The socket address of each HTTP request, made visible to route handlers, server components
// and next-auth's authorize (Next 16 exposes no socket to them). Installed once at server
// start (instrumentation.ts): every incoming request gets the header PEER_HEADER set by this
// process — overwriting whatever a client sent — carrying a per-process nonce, so a client
// cannot forge it even if the stamp were not installed.
import { randomBytes } from "node:crypto";
import http from "node:http";

export const PEER_HEADER = "x-provisio-peer";
const NONCE_KEY = Symbol.for("provisio.peerNonce");

type Global = typeof globalThis & { [NONCE_KEY]?: string };

function nonce(): string {
  const g = globalThis as Global;
  g[NONCE_KEY] ??= randomBytes(16).toString("hex");
  return g[NONCE_KEY];
}

let installed = false;

export function installPeerStamp() {
  if (installed) return;
  installed = true;
  const n = nonce();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = `${n} ${req.socket?.remoteAddress ?? "unknown"}`;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

/** The socket address stamped on a request; null when the stamp is missing or not ours. */
export function peerOf(stamp: string | null | undefined): string | null {
  if (!stamp) return null;
  const [n, ip] = stamp.split(" ");
  return n === nonce() && ip ? ip : null;
}
