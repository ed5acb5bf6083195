// Raw HTTP over node:http(s) with the SSRF-guarded lookup. node:http rather than fetch:
// it exposes the precise network error codes (DNS, refused, TLS) that Test Connection
// reports, lets us pin the resolved address, and never follows redirects.
import http from "node:http";
import https from "node:https";
import { assertUrlAllowed, createGuardedLookup, SsrfBlockedError, type SsrfOptions } from "./ssrf";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

export type RawRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
};

export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO|HOSTNAME_MISMATCH)/;

/** Maps node errors to the codes Test Connection and the retry policy understand. */
export function normaliseNetError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  if (err instanceof SsrfBlockedError) return new TransportError("ssrf_blocked", err.message, err);
  const e = err as NodeJS.ErrnoException & { code?: string };
  const code = e?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" || code === "EAI_FAIL")
    return new TransportError("dns_failure", `DNS lookup failed (${code})`, err);
  if (code === "ECONNREFUSED") return new TransportError("connection_refused", "Connection refused", err);
  if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET")
    return new TransportError("connection_reset", "Connection reset by the server", err);
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT") return new TransportError("timeout", "Connection timed out", err);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return new TransportError("unreachable", `Host unreachable (${code})`, err);
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(e?.message ?? ""))
    return new TransportError("tls_error", `TLS handshake failed (${code || "certificate error"})`, err);
  return new TransportError("network_error", `Network error${code ? ` (${code})` : ""}`, err);
}

export type Transport = (req: RawRequest) => Promise<RawResponse>;

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`);

/** Default cap on a target's response body: SCIM pages and token answers are kilobytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export type TransportOptions = SsrfOptions & {
  maxSockets?: number;
  /** responses larger than this fail with response_too_large instead of filling memory */
  maxResponseBytes?: number;
  /** extra CA for self-hosted targets with a private CA */
  ca?: string;
};

/** One keep-alive agent pair per client: sockets are reused per target, never shared across apps. */
export function createTransport(opts: TransportOptions): Transport & { close(): void } {
  const lookup = createGuardedLookup(opts);
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 32, lookup } as const;
  const httpAgent = new http.Agent(agentOpts);
  const httpsAgent = new https.Agent({ ...agentOpts, ca: opts.ca });
  const cap = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const tooLarge = () => new TransportError("response_too_large", `The response is larger than ${formatBytes(cap)}; it was not read further`);

  const send: Transport = (req) =>
    new Promise<RawResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = assertUrlAllowed(req.url, opts);
      } catch (e) {
        reject(normaliseNetError(e));
        return;
      }
      const isHttps = url.protocol === "https:";
      const mod = isHttps ? https : http;
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(normaliseNetError(e));
      };
      const r = mod.request(
        url,
        { method: req.method, headers, agent: isHttps ? httpsAgent : httpAgent, lookup },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          // Read as it streams in and stop at the cap: a hostile or broken target cannot make this
          // process hold hundreds of MB. The socket is destroyed, not returned to the pool.
          const stop = () => {
            fail(tooLarge());
            res.destroy();
            r.destroy();
          };
          if (Number(res.headers["content-length"] ?? 0) > cap) {
            stop();
            return;
          }
          res.on("data", (c: Buffer) => {
            if (settled) return;
            size += c.byteLength;
            if (size > cap) {
              chunks.length = 0;
              stop();
              return;
            }
            chunks.push(c);
          });
          res.on("error", fail);
          res.on("aborted", () => fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
          res.on("end", () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
          });
        },
      );
      const timer = setTimeout(() => {
        const e = new TransportError("timeout", `No answer within ${req.timeoutMs} ms`);
        fail(e);
        r.destroy(e);
      }, req.timeoutMs);
      r.on("error", fail);
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });

  return Object.assign(send, {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
