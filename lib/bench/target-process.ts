// A strict SCIM target in its own process (e2e/targets/serve.ts), so it does not share the
// benchmark's event loop; asks it for its request and object counts over stdin.
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { tsx } from "./bench-db";

export class TargetProcess {
  private waiters: ((l: string) => void)[] = [];
  private constructor(readonly child: ChildProcess, readonly baseUrl: string, readonly token: string, lines: readline.Interface) {
    lines.on("line", (l) => this.waiters.shift()?.(l));
  }
  static async start(token: string): Promise<TargetProcess> {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", tsx, "e2e/targets/serve.ts", token], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: child.stdout! });
    const first = await new Promise<string>((r) => lines.once("line", r));
    const { baseUrl } = JSON.parse(first) as { baseUrl: string };
    return new TargetProcess(child, baseUrl, token, lines);
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
