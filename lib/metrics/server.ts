// A worker's own metrics endpoint (PROVISIO_METRICS_PORT): the same /metrics the
// web process serves, on a plain node:http server (workers load no Next.js code).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { log } from "../log";
import { decideScrape } from "./auth";
import { scrape } from "./collect";

export async function startMetricsServer(opts: { port: number; host?: string; token: string | undefined }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const decision = decideScrape(opts.token, req.headers.authorization);
    if (path !== "/metrics" || req.method !== "GET" || decision === "disabled") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    if (decision === "unauthorized") {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' }).end("Send Authorization: Bearer <PROVISIO_METRICS_TOKEN>.\n");
      return;
    }
    scrape().then(
      ({ contentType, body }) => res.writeHead(200, { "content-type": contentType }).end(body),
      (err: unknown) => {
        log.warn("metrics scrape failed", { err: (err as Error).message });
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("Metrics are unavailable right now.\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info("metrics endpoint listening", { port });
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
