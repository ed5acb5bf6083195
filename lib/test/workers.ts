// Test helpers for real worker processes (`npm run worker`'s entry) and for waiting on
// observable state instead of sleeping.
import { spawn, type ChildProcess } from "node:child_process";

export type WorkerProcess = { child: ChildProcess; output: () => string; started: () => boolean };

/**
 * Starts lib/jobs/worker-main.ts with `node --import tsx` — not tsx's CLI, which runs the
 * script in a child process that a SIGKILL of the CLI would leave running (an orphan worker,
 * and no crash at all). `into` collects the process so the file's afterAll can kill it.
 */
export function spawnWorker(name: string, into: ChildProcess[], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], {
    env: { ...process.env, PROVISIO_LOG_LEVEL: "info", PROVISIO_WORKER_CONCURRENCY: "4", PROVISIO_ALLOW_PRIVATE_TARGETS: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let started = false;
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    if (!started && d.toString().includes('"msg":"worker started"')) started = true;
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d;
    process.stderr.write(`[${name}] ${d}`);
  });
  into.push(child);
  return { child, output: () => err, started: () => started };
}

/**
 * Polls a condition (state observed in Postgres or a target) until it holds. A probe that
 * throws counts as "not yet" (tests that take the database down rely on it).
 */
export async function until<T>(what: string, fn: () => Promise<T | false | null | undefined> | T | false | null | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await Promise.resolve().then(fn).catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
