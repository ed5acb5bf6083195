// `npm run worker`: a standalone worker process. Run as many as you need, on any
// machine that reaches the database (same DATABASE_URL, NEXTAUTH_SECRET and
// PROVISIO_ENCRYPTION_KEY as the web process).
import { disconnectDb } from "../db";
import { env } from "../env";
import { log } from "../log";
import { startMetricsServer } from "../metrics/server";
import { stopBoss } from "./boss";
import { startWorker } from "./worker";

async function main() {
  const e = env();
  const worker = await startWorker({ concurrency: e.PROVISIO_WORKER_CONCURRENCY });
  if (e.PROVISIO_METRICS_PORT !== undefined && !e.PROVISIO_METRICS_TOKEN) log.warn("PROVISIO_METRICS_PORT is set but PROVISIO_METRICS_TOKEN is not: the worker's /metrics answers 404 until you set the token");
  const metricsServer = e.PROVISIO_METRICS_PORT !== undefined ? await startMetricsServer({ port: e.PROVISIO_METRICS_PORT, token: e.PROVISIO_METRICS_TOKEN }) : null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("worker shutting down", { signal });
    await worker.stop();
    await metricsServer?.close();
    await stopBoss({ graceful: true, timeout: 30_000 });
    await disconnectDb();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  process.stderr.write(`[provisio worker] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
