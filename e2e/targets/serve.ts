// Runs strict SCIM targets as their own process (benchmarks: the targets must not share a
// CPU-bound event loop with the engine they measure). `serve.ts <token> [count] [options-json]`
// starts `count` targets (default 1), each on its own port with the same token and the same
// ScimTargetOptions (latencyMs, rateLimit, bulk …), and prints one JSON line
// {baseUrl, url, token, targets: [{baseUrl, url}]} (baseUrl/url: the first target).
// stdin commands: "count" → {"count", "users", "groups", "throttled", "bulk"} summed over the
// targets, plus "perTarget": [{count, users, groups, throttled, bulk}]; "clear" forgets the
// recorded requests; "reset" also empties every target; "dump <file>" writes every target's
// users and groups to <file> as JSON ([{users, groups}] per target) and answers {"dumped": n}.
import fs from "node:fs";
import readline from "node:readline";
import { startScimTarget, type ScimTargetOptions } from "./scim-target";

async function main() {
  const token = process.argv[2] ?? "bench-token";
  const n = Math.max(1, Number(process.argv[3] ?? 1) || 1);
  const extra = JSON.parse(process.argv[4] ?? "{}") as ScimTargetOptions;
  const targets = await Promise.all(Array.from({ length: n }, () => startScimTarget({ maxResults: 1000, ...extra, auth: { type: "bearer", token }, record: false })));
  const first = targets[0]!;
  process.stdout.write(JSON.stringify({ baseUrl: first.baseUrl, url: first.url, token, targets: targets.map((t) => ({ baseUrl: t.baseUrl, url: t.url })) }) + "\n");
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const cmd = line.trim();
    if (cmd === "count") {
      const perTarget = targets.map((t) => ({
        count: t.requests.length, users: t.state.users.size, groups: t.state.groups.size,
        throttled: t.requests.filter((r) => r.status === 429).length, bulk: t.requests.filter((r) => r.path.endsWith("/Bulk")).length,
      }));
      const sum = (k: "count" | "users" | "groups" | "throttled" | "bulk") => perTarget.reduce((a, p) => a + p[k], 0);
      process.stdout.write(JSON.stringify({ count: sum("count"), users: sum("users"), groups: sum("groups"), throttled: sum("throttled"), bulk: sum("bulk"), perTarget }) + "\n");
    }
    if (cmd === "clear") for (const t of targets) t.requests.length = 0;
    if (cmd === "reset") for (const t of targets) t.reset();
    if (cmd.startsWith("dump ")) {
      const data = targets.map((t) => ({ users: [...t.state.users.values()], groups: [...t.state.groups.values()] }));
      fs.writeFileSync(cmd.slice(5).trim(), JSON.stringify(data));
      process.stdout.write(JSON.stringify({ dumped: data.reduce((a, d) => a + d.users.length + d.groups.length, 0) }) + "\n");
    }
  });
  process.on("SIGTERM", () => void Promise.all(targets.map((t) => t.close())).then(() => process.exit(0)));
}

void main();
