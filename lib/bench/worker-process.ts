// A worker process exactly as `npm run worker` starts it (package.json's node options and entry),
// for the engine benchmarks: node itself is spawned, so that the pid is the worker (whose memory
// we read and which we stop), not an npm wrapper. peakRssMb() is the kernel's high-water mark of
// its resident memory (VmHWM), so no peak between two samples is missed.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { root } from "./bench-db";

export type WorkerProcess = { child: ChildProcess; peakRssMb: () => number; rssMb: () => number; stop: () => Promise<void> };

const statusKb = (pid: number, field: string): number => {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};

/** The arguments after `node` in package.json's worker script. */
function workerArgs(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.worker ?? "";
  const [bin, ...args] = script.trim().split(/\s+/);
  if (bin !== "node") throw new Error(`package.json's worker script should start with node, not "${script}"`);
  return args;
}

/** nodeArgs: e.g. ["--cpu-prof", "--cpu-prof-dir=…"] (the profile is written when the worker stops). */
export function startWorker(env: NodeJS.ProcessEnv, opts: { nodeArgs?: string[]; concurrency?: number } = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...workerArgs()], {
    env: { ...env, PROVISIO_LOG_LEVEL: "info", ...(opts.concurrency ? { PROVISIO_WORKER_CONCURRENCY: String(opts.concurrency) } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let lastPeak = 0;
  const peakRssMb = () => {
    if (child.pid && child.exitCode === null) lastPeak = Math.max(lastPeak, statusKb(child.pid, "VmHWM") / 1024);
    return Math.round(lastPeak);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      peakRssMb();
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (l) => {
      if (l.includes('"msg":"worker started"')) resolve({ child, peakRssMb, rssMb: () => Math.round(child.pid ? statusKb(child.pid, "VmRSS") / 1024 : 0), stop });
    });
    child.once("exit", (code) => reject(new Error(`a worker exited during start-up (${code})`)));
  });
}
