// A capture server for the security suites: records every request exactly as it arrived
// (headers and body unredacted, unlike the test targets) and answers what the test says.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Captured = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

export type CaptureServer = {
  url: string;
  requests: Captured[];
  /** every request as one text (to search for secrets in any form) */
  text(): string;
  close(): Promise<void>;
};

export async function startCapture(answer: (req: Captured, res: http.ServerResponse) => void = (_r, res) => { res.writeHead(401, { "content-type": "application/json" }).end('{"detail":"no"}'); }): Promise<CaptureServer> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const c: Captured = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(c);
      answer(c, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    text: () => requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join("\n"),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Every form a secret might travel in: as is, URL-encoded, base64 (also inside Basic credentials). */
export function secretForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64").replace(/=+$/, "")];
}
