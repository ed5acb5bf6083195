// Strict SCIM targets in their own process (e2e/targets/serve.ts), so they do not share the
// benchmark's event loop; asks them for their request and object counts over stdin.
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { tsx } from "./bench-db";

export class TargetProcess {
  private waiters: ((l: string) => void)[] = [];
  /** baseUrl: the first target; urls: every target's base URL */
  private constructor(readonly child: ChildProcess, readonly baseUrl: string, readonly urls: string[], readonly token: string, lines: readline.Interface) {
    lines.on("line", (l) => this.waiters.shift()?.(l));
  }
  static async start(token: string, count = 1): Promise<TargetProcess> {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", tsx, "e2e/targets/serve.ts", token, String(count)], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: child.stdout! });
    const first = await new Promise<string>((r) => lines.once("line", r));
    const { baseUrl, targets } = JSON.parse(first) as { baseUrl: string; targets: { baseUrl: string }[] };
    return new TargetProcess(child, baseUrl, targets.map((t) => t.baseUrl), token, lines);
  }
  async stats(): Promise<{ count: number; users: number; groups: number }> {
    const p = new Promise<string>((r) => this.waiters.push(r));
    this.child.stdin!.write("count\n");
    return JSON.parse(await p);
  }
  /** Empties the target (objects and recorded requests); the next stats() answers after it. */
  reset() {
    this.child.stdin!.write("reset\n");
  }
  stop() {
    this.child.kill("SIGTERM");
  }
}
