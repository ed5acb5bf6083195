// Background work the web process owns: the worker runs here unless PROVISIO_WORKER=off
// (then run `npm run worker` processes). Directory and provisioning changes reach the queue
// through every worker's listener (Postgres NOTIFY), whichever process made them.
import { env } from "./env";
import { log } from "./log";

export async function startBackground() {
  const { startWorker } = await import("./jobs/worker");
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
