// Background work the web process owns. Directory and provisioning changes always
// reach the queue (real-time pushes); the worker itself runs here unless
// PROVISIO_WORKER=off (then run `npm run worker` processes).
import { env } from "./env";
import { log } from "./log";

export async function startBackground() {
  const { registerChangeHandlers, startWorker } = await import("./jobs/worker");
  registerChangeHandlers();
  if (env().PROVISIO_WORKER === "off") {
    log.info("inline worker disabled (PROVISIO_WORKER=off): run `npm run worker`");
    return;
  }
  const worker = await startWorker({ concurrency: env().PROVISIO_WORKER_CONCURRENCY });
  const stop = async () => {
    await worker.stop().catch(() => undefined);
    const { stopBoss } = await import("./jobs/boss");
    await stopBoss({ graceful: true, timeout: 20_000 }).catch(() => undefined);
  };
  // Adding a signal listener replaces Node's default exit: exit ourselves once stopped.
  process.once("SIGTERM", () => void stop().finally(() => process.exit(0)));
  process.once("SIGINT", () => void stop().finally(() => process.exit(0)));
}
