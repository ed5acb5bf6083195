// npm run bench:sync -- --users 100000 --groups 10000
// The engine's numbers that matter most, on loopback against a strict SCIM target running
// in its own process: the target's own ceiling for the same request mix (autocannon, same
// run), the initial cycle's wall time and requests/s and the ratio to the ceiling, an
// incremental cycle after 100 users change, real-time push latency p50/p95, and the
// worker's peak RSS. Creates and drops its own database; writes bench-results/sync.json.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { createBenchDatabase, root, tsx } from "./bench-db";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const USERS = arg("users", 100_000);
const GROUPS = arg("groups", 10_000);
const PUSHES = arg("pushes", 20);
const autocannon = createRequire(path.join(root, "package.json"))("autocannon") as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number; non2xx: number; errors: number }>;


class Target {
  private lines: readline.Interface;
  private waiters: ((l: string) => void)[] = [];
  private constructor(readonly child: ChildProcess, readonly baseUrl: string, readonly token: string, lines: readline.Interface) {
    this.lines = lines;
    lines.on("line", (l) => this.waiters.shift()?.(l));
  }
  static async start(token: string): Promise<Target> {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", tsx, "e2e/targets/serve.ts", token], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: child.stdout! });
    const first = await new Promise<string>((r) => lines.once("line", r));
    const { baseUrl } = JSON.parse(first) as { baseUrl: string };
    return new Target(child, baseUrl, token, lines);
  }
  async stats(): Promise<{ count: number; users: number; groups: number }> {
    const p = new Promise<string>((r) => this.waiters.push(r));
    this.child.stdin!.write("count\n");
    return JSON.parse(await p);
  }
  stop() {
    this.child.kill("SIGTERM");
  }
}

/** The body the engine POSTs for a default SCIM mapping, so the ceiling is measured for the same mix. */
function engineLikeUser(i: number) {
  const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E], userName: `ceiling${i}@bench.io`, active: true, displayName: `Ceiling User ${i}`, title: "Engineer",
    emails: [{ type: "work", value: `ceiling${i}@bench.io`, primary: true }], name: { givenName: "Ceiling", familyName: `User ${i}`, formatted: `Ceiling User ${i}` },
    externalId: `ceiling${i}`, [E]: { employeeNumber: String(100000 + i), department: "Research" },
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function main() {
  const bench = await createBenchDatabase("sync", { poolSize: 20 });
  const token = `bench-${randomBytes(6).toString("hex")}`;
  let target: Target | null = null;
  try {
    console.log(`[bench:sync] database ${bench.dbName}: migrating and seeding ${USERS} users, ${GROUPS} groups …`);
    const seedMs = await bench.prepare(USERS, GROUPS);

    target = await Target.start(token);
    // ── the target's own ceiling for the engine's create mix (GET filter + POST per user) ──
    const conns = 16;
    let n = 0;
    const ceilingRun = await autocannon({
      url: target.baseUrl.replace(/\/scim\/v2$/, ""), connections: conns, duration: 10,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      requests: [
        { method: "GET", setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `${new URL(target!.baseUrl).pathname}/Users?filter=${encodeURIComponent(`userName eq "ceiling${n}@bench.io"`)}&count=2` }) },
        { method: "POST", setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `${new URL(target!.baseUrl).pathname}/Users`, body: JSON.stringify(engineLikeUser(n++)) }) },
      ],
    });
    // Only successful answers count: a target that rejects requests quickly is not a ceiling.
    const ceilingRps = (ceilingRun.requests.total - ceilingRun.non2xx - ceilingRun.errors) / ceilingRun.duration;
    if (ceilingRun.non2xx + ceilingRun.errors > 0) console.log(`[bench:sync] ceiling run: ${ceilingRun.non2xx} non-2xx answers and ${ceilingRun.errors} errors left out`);

    const { createApp } = await import("../apps/apps");
    const { saveCredentials } = await import("../apps/credentials");
    const { db } = await import("../db");
    const { runAppSlice } = await import("../sync/cycle");
    const actor = { id: "bench", email: "bench@provisio.local", name: "bench", role: "global_admin" as const, via: "system" as const };
    const app = await createApp(actor, { templateId: "scim", displayName: "Bench target" });
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
    // The client may use as many parallel requests as autocannon used for the ceiling: a like-for-like ratio.
    await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic", scope: "all", compatibility: { profile: { maxConcurrency: conns } } } });

    const before = (await target.stats()).count;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const runToEnd = async (force: boolean) => {
      for (let i = 0; ; i++) {
        const r = await runAppSlice(app.id, { workerId: "bench", force: force && i === 0, budgetMs: 60_000 });
        if (r.result !== "continue") return r;
      }
    };
    console.log("[bench:sync] initial cycle …");
    const t0 = Date.now();
    await runToEnd(true);
    const initialMs = Date.now() - t0;
    const afterInitial = await target.stats();
    const initialRequests = afterInitial.count - before;
    const engineRps = initialRequests / (initialMs / 1000);
    const cycle = await db.syncCycle.findFirstOrThrow({ where: { appId: app.id, type: "initial" } });

    // ── incremental after 100 users change ──
    const { updateUser } = await import("../directory/users");
    const changed = await db.directoryUser.findMany({ take: 100, orderBy: { id: "asc" }, select: { id: true } });
    for (const [i, c] of changed.entries()) await updateUser(actor, c.id, { jobTitle: `Changed ${i}` });
    const t1 = Date.now();
    await runToEnd(false);
    const incrementalMs = Date.now() - t1;

    // ── real-time push latency through the queue and an in-process worker ──
    const { startWorker } = await import("../jobs/worker");
    const worker = await startWorker({ concurrency: 2 });
    const pushUser = await db.directoryUser.findFirstOrThrow({ orderBy: { id: "desc" } });
    const latencies: number[] = [];
    for (let i = 0; i < PUSHES; i++) {
      const title = `Push ${i} ${Date.now()}`;
      const start = Date.now();
      await updateUser(actor, pushUser.id, { jobTitle: title });
      for (;;) {
        const res = await fetch(`${target.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${pushUser.userPrincipalName}"`)}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { Resources?: { title?: string }[] };
        if (body.Resources?.[0]?.title === title) break;
        if (Date.now() - start > 60_000) throw new Error("push did not arrive within 60 s");
        await new Promise((r) => setTimeout(r, 50));
      }
      latencies.push(Date.now() - start);
    }
    await worker.stop();
    clearInterval(sampler);

    const result = {
      users: USERS, groups: GROUPS, seedMs,
      targetCeilingRps: Math.round(ceilingRps),
      initialCycle: { wallMs: initialMs, requests: initialRequests, rps: Math.round(engineRps), processed: cycle.processed, status: cycle.status, counts: cycle.counts, targetUsers: afterInitial.users, targetGroups: afterInitial.groups },
      ratioToCeiling: Number((engineRps / ceilingRps).toFixed(2)),
      incremental100ChangesMs: incrementalMs,
      pushLatencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), samples: latencies.length },
      workerPeakRssMb: Math.round(peakRss / 1024 / 1024),
    };
    console.log("\nProvisio sync benchmark (loopback, target in its own process)\n");
    console.table({
      "target ceiling (GET filter + POST mix)": `${result.targetCeilingRps} req/s`,
      "initial cycle wall time": `${(initialMs / 1000).toFixed(1)} s for ${USERS} users + ${GROUPS} groups`,
      "initial cycle throughput": `${result.initialCycle.rps} req/s (${initialRequests} requests)`,
      "engine / ceiling": `${Math.round(result.ratioToCeiling * 100)} %`,
      "incremental, 100 changed users": `${incrementalMs} ms`,
      "push latency p50 / p95": `${result.pushLatencyMs.p50} / ${result.pushLatencyMs.p95} ms`,
      "worker peak RSS": `${result.workerPeakRssMb} MB`,
    });
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/sync.json", JSON.stringify(result, null, 2));
    const { stopBoss } = await import("../jobs/boss");
    await stopBoss({ graceful: false, timeout: 1000 });
    await db.$disconnect();
  } finally {
    target?.stop();
    await bench.drop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
