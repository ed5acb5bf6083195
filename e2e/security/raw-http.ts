// HTTP with the request target exactly as written: Playwright and fetch run URLs through the
// WHATWG parser, which resolves "%2e%2e" and rewrites bad encodings before they leave the client.
import http from "node:http";

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string };

export function rawRequest(baseURL: string, method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const base = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path: target, headers, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${target}: no answer within 20 s`)));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
