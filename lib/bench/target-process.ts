// Strict SCIM targets in their own process (e2e/targets/serve.ts), so they do not share the
// benchmark's event loop; asks them for their request and object counts over stdin, and for
// their contents (dump) so a benchmark can check the result (verify-target.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { tsx } from "./bench-db";

export class TargetProcess {
  private waiters: ((l: string) => void)[] = [];
  /** baseUrl: the first target; urls: every target's base URL */
  private constructor(readonly child: ChildProcess, readonly baseUrl: string, readonly urls: string[], readonly token: string, lines: readline.Interface) {
    lines.on("line", (l) => this.waiters.shift()?.(l));
  }
  /** options: the targets' ScimTargetOptions (latencyMs, rateLimit, bulk …), as JSON */
  static async start(token: string, count = 1, options: Record<string, unknown> = {}): Promise<TargetProcess> {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", tsx, "e2e/targets/serve.ts", token, String(count), JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: child.stdout! });
    const first = await new Promise<string>((r) => lines.once("line", r));
    const { baseUrl, targets } = JSON.parse(first) as { baseUrl: string; targets: { baseUrl: string }[] };
    return new TargetProcess(child, baseUrl, targets.map((t) => t.baseUrl), token, lines);
  }
  async stats(): Promise<{ count: number; users: number; groups: number; throttled: number; bulk: number }> {
    const p = new Promise<string>((r) => this.waiters.push(r));
    this.child.stdin!.write("count\n");
    return JSON.parse(await p);
  }
  /**
   * Resolves when n users of the first target hold a value of `attribute` starting with prefix
   * (the target checks as it writes them, serve.ts "await"): the moment the app holds the values,
   * without polling it. Issue no other command until it resolves (answers come in order).
   */
  async awaitValues(attribute: string, prefix: string, n: number, timeoutMs: number): Promise<{ held: number; timedOut?: boolean }> {
    if (/\s/.test(attribute) || /\s/.test(prefix)) throw new Error("attribute and prefix must not contain spaces");
    const p = new Promise<string>((r) => this.waiters.push(r));
    this.child.stdin!.write(`await ${attribute} ${prefix} ${n} ${timeoutMs}\n`);
    return JSON.parse(await p);
  }
  /** Every target's users and groups, as they are now (read through a temporary file). */
  async dump(): Promise<Array<{ users: Array<Record<string, unknown> & { id: string }>; groups: Array<Record<string, unknown> & { id: string }> }>> {
    const file = path.join(os.tmpdir(), `provisio-target-dump-${process.pid}-${Date.now()}.json`);
    const p = new Promise<string>((r) => this.waiters.push(r));
    this.child.stdin!.write(`dump ${file}\n`);
    await p;
    try {
      return JSON.parse(fs.readFileSync(file, "utf8"));
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  /** Empties the target (objects and recorded requests); the next stats() answers after it. */
  reset() {
    this.child.stdin!.write("reset\n");
  }
  stop() {
    this.child.kill("SIGTERM");
  }
}
