// Runs strict SCIM targets as their own process (benchmarks: the targets must not share a
// CPU-bound event loop with the engine they measure). `serve.ts <token> [count]` starts
// `count` targets (default 1), each on its own port with the same token, and prints one JSON
// line {baseUrl, url, token, targets: [{baseUrl, url}]} (baseUrl/url: the first target).
// stdin commands: "count" → {"count", "users", "groups"} summed over the targets, plus
// "perTarget": [{count, users, groups}]; "clear" forgets the recorded requests; "reset" also
// empties every target.
import readline from "node:readline";
import { startScimTarget } from "./scim-target";

async function main() {
  const token = process.argv[2] ?? "bench-token";
  const n = Math.max(1, Number(process.argv[3] ?? 1) || 1);
  const targets = await Promise.all(Array.from({ length: n }, () => startScimTarget({ auth: { type: "bearer", token }, record: false, maxResults: 1000 })));
  const first = targets[0]!;
  process.stdout.write(JSON.stringify({ baseUrl: first.baseUrl, url: first.url, token, targets: targets.map((t) => ({ baseUrl: t.baseUrl, url: t.url })) }) + "\n");
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const cmd = line.trim();
    if (cmd === "count") {
      const perTarget = targets.map((t) => ({ count: t.requests.length, users: t.state.users.size, groups: t.state.groups.size }));
      const sum = (k: "count" | "users" | "groups") => perTarget.reduce((a, p) => a + p[k], 0);
      process.stdout.write(JSON.stringify({ count: sum("count"), users: sum("users"), groups: sum("groups"), perTarget }) + "\n");
    }
    if (cmd === "clear") for (const t of targets) t.requests.length = 0;
    if (cmd === "reset") for (const t of targets) t.reset();
  });
  process.on("SIGTERM", () => void Promise.all(targets.map((t) => t.close())).then(() => process.exit(0)));
}

void main();
