// Small helpers for the CLI scripts: run a command and wait; locate local binaries.
import { spawn } from "node:child_process";
import path from "node:path";

export const bin = (name) => path.join(process.cwd(), "node_modules", ".bin", name);

export function run(cmd, args, { env = process.env, label, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let out = "";
    if (quiet) {
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
    }
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(Object.assign(new Error(`${label ?? cmd} failed (${signal ?? `exit ${code}`})${quiet ? `\n${out}` : ""}`), { code }));
    });
  });
}
