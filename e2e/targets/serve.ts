// Runs strict SCIM targets as their own process (benchmarks: the targets must not share a
// CPU-bound event loop with the engine they measure). `serve.ts <token> [count] [options-json]`
// starts `count` targets (default 1), each on its own port with the same token and the same
// ScimTargetOptions (latencyMs, rateLimit, bulk …), and prints one JSON line
// {baseUrl, url, token, targets: [{baseUrl, url}]} (baseUrl/url: the first target).
// stdin commands: "count" → {"count", "users", "groups", "throttled", "bulk"} summed over the
// targets, plus "perTarget": [{count, users, groups, throttled, bulk}]; "clear" forgets the
// recorded requests; "reset" also empties every target; "dump <file>" writes every target's
// users and groups to <file> as JSON ([{users, groups}] per target) and answers {"dumped": n};
// "await <attribute> <prefix> <n> <timeoutMs>" answers {"held": n} as soon as n users of the
// first target hold a value of the top-level attribute starting with <prefix> (checked as each
// user is written, not by scanning: a benchmark polling the target with a filter over 100,000
// users kept the target too busy to answer the writes it was timing), or {"held": k, "timedOut":
// true}. One command at a time: answers come back in order.
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
    if (cmd.startsWith("await ")) {
      const [, attribute, prefix, n, timeoutMs] = cmd.split(" ");
      awaitValues(first.state.users, attribute!, prefix!, Number(n), Number(timeoutMs));
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

/** See "await" above: counts the users whose attribute starts with prefix, then follows every write. */
function awaitValues(users: Map<string, Record<string, unknown>>, attribute: string, prefix: string, n: number, timeoutMs: number) {
  const holds = (r: Record<string, unknown> | undefined) => typeof r?.[attribute] === "string" && (r[attribute] as string).startsWith(prefix);
  const held = new Set([...users].filter(([, r]) => holds(r)).map(([id]) => id));
  const set = users.set;
  let done = false;
  const finish = (extra: Record<string, unknown> = {}) => {
    if (done) return;
    done = true;
    users.set = set;
    clearTimeout(timer);
    process.stdout.write(JSON.stringify({ held: held.size, ...extra }) + "\n");
  };
  const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
  users.set = function (this: Map<string, Record<string, unknown>>, id: string, r: Record<string, unknown>) {
    const out = set.call(this, id, r);
    if (holds(r)) held.add(id);
    else held.delete(id);
    if (held.size >= n) finish();
    return out;
  };
  if (held.size >= n) finish();
}

void main();
