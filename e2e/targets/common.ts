// Shared plumbing for the local SCIM targets: request recording and fault injection.
import type http from "node:http";

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** headers with credentials replaced by their scheme + [redacted] */
  headers: Record<string, string>;
  /** Date.now() when the request arrived */
  at: number;
  status?: number;
  fault?: string;
};

export type Fault =
  | { kind: "status"; status: number; retryAfter?: string | number; body?: unknown }
  | { kind: "latency"; ms: number }
  | { kind: "reset" }
  | { kind: "malformed-json" }
  | { kind: "non-scim-json" }
  | { kind: "not-found" }
  | { kind: "html" };

export type InjectOptions = {
  /** how many matching requests the fault applies to */
  times?: number;
  method?: string;
  pathPrefix?: string;
  /** faults skip the token endpoint unless this is true */
  includeTokenEndpoint?: boolean;
};

type Armed = { fault: Fault; left: number; opts: InjectOptions };

export class FaultQueue {
  private armed: Armed[] = [];
  inject(fault: Fault, opts: InjectOptions = {}) {
    this.armed.push({ fault, left: opts.times ?? 1, opts });
  }
  clear() {
    this.armed = [];
  }
  take(method: string, path: string, isToken: boolean): Fault | undefined {
    for (const a of this.armed) {
      if (a.left <= 0) continue;
      if (isToken && !a.opts.includeTokenEndpoint) continue;
      if (a.opts.method && a.opts.method.toUpperCase() !== method) continue;
      if (a.opts.pathPrefix && !path.startsWith(a.opts.pathPrefix)) continue;
      a.left--;
      return a.fault;
    }
    return undefined;
  }
}

export function recordHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const s = Array.isArray(v) ? v.join(", ") : v;
    out[k] = k === "authorization" ? `${s.split(" ")[0]} [redacted]` : s;
  }
  return out;
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Applies a fault; returns true when the response has been handled. */
export async function applyFault(fault: Fault, res: http.ServerResponse, contentType: string): Promise<boolean> {
  switch (fault.kind) {
    case "latency":
      await new Promise((r) => setTimeout(r, fault.ms));
      return false;
    case "reset":
      res.socket?.destroy();
      return true;
    case "status": {
      const headers: Record<string, string> = { "content-type": contentType };
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify(fault.body ?? { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(fault.status), detail: "injected fault" }));
      return true;
    }
    case "malformed-json":
      res.writeHead(200, { "content-type": contentType });
      res.end('{"totalResults": 1, "Resources": [ {"id": "x"');
      return true;
    case "html":
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><body>Sign in</body></html>");
      return true;
    case "non-scim-json":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok", version: "1.2.3" }));
      return true;
    case "not-found":
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not Found</body></html>");
      return true;
  }
}

export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
