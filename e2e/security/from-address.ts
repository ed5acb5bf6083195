// HTTP requests from a chosen loopback source address (127.0.0.2, 127.0.0.3, …): the portal sees
// that socket address, so the suites can play an attacker and a victim on different machines,
// and a trusted proxy (playwright.config.ts sets PROVISIO_TRUSTED_PROXIES=127.0.0.3).
import http from "node:http";

export const TRUSTED_PROXY = "127.0.0.3";

export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; json<T = unknown>(): T };

export function requestFrom(
  localAddress: string,
  baseURL: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | object } = {},
): Promise<Answer> {
  const url = new URL(path, baseURL);
  const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...(body !== undefined && typeof opts.body === "object" ? { "content-type": "application/json" } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T,>() => JSON.parse(text) as T });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
