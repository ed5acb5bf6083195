// `npm run worker`: a standalone worker process. Run as many as you need, on any
// machine that reaches the database (same DATABASE_URL, NEXTAUTH_SECRET and
// PROVISIO_ENCRYPTION_KEY as the web process).
import { disconnectDb } from "../db";
import { env } from "../env";
import { log } from "../log";
import { stopBoss } from "./boss";
import { startWorker } from "./worker";

async function main() {
  const worker = await startWorker({ concurrency: env().PROVISIO_WORKER_CONCURRENCY });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("worker shutting down", { signal });
    await worker.stop();
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
