// npm run bench:sync -- --users 10000 --groups 100 --pushes 20
// The engine's numbers that matter most, on loopback against a strict SCIM target running
// in its own process: the target's own ceiling for the same request mix (autocannon, same
// run), the initial cycle's wall time and requests/s and the ratio to the ceiling, what a
// Restart costs once every user is already in sync (requests sent: the engine lists the
// target rather than looking each object up), an incremental cycle after 100 users change,
// and real-time push latency end to end as an admin sees it: a REST write to a running web
// server (`next start` of this folder's build, inline worker) until the target holds the value,
// over --pushes changes spaced --spacing ms apart (p50/p95/max). Creates and drops its own
// database; writes bench-results/sync.json. Needs a build (`npm run build`; made if missing).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { createBenchDatabase, root, run } from "./bench-db";
import { TargetProcess } from "./target-process";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const USERS = arg("users", 10_000);
const GROUPS = arg("groups", 100);
const PUSHES = arg("pushes", 20);
const SPACING_MS = arg("spacing", 1000);
const autocannon = createRequire(path.join(root, "package.json"))("autocannon") as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number; non2xx: number; errors: number }>;


/** The body the engine POSTs for a default SCIM mapping, so the ceiling is measured for the same mix. */
function engineLikeUser(i: number) {
  const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E], userName: `ceiling${i}@bench.io`, active: true, displayName: `Ceiling User ${i}`, title: "Engineer",
    emails: [{ type: "work", value: `ceiling${i}@bench.io`, primary: true }], name: { givenName: "Ceiling", familyName: `User ${i}`, formatted: `Ceiling User ${i}` },
    externalId: `ceiling${i}`, [E]: { employeeNumber: String(100000 + i), department: "Research" },
  };
}

/** `next start` of this folder's build on a free port, with the inline worker, against the bench database. */
class WebServer {
  private constructor(readonly child: ChildProcess, readonly url: string, readonly admin: { email: string; password: string }) {}
  static async start(env: NodeJS.ProcessEnv): Promise<WebServer> {
    if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
      console.log("[bench:sync] no build: running next build …");
      await run([path.join(root, "node_modules/next/dist/bin/next"), "build"], env);
    }
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const admin = { email: "bench-admin@provisio.test", password: `Bench-${randomBytes(9).toString("base64url")}` };
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...env, PORT: String(port), NEXTAUTH_URL: url, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, PROVISIO_WORKER: "inline" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error("the web server did not start");
      await new Promise((r) => setTimeout(r, 250));
    }
    return new WebServer(child, url, admin);
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function main() {
  const bench = await createBenchDatabase("sync", { poolSize: 20 });
  const token = `bench-${randomBytes(6).toString("hex")}`;
  let target: TargetProcess | null = null;
  try {
    console.log(`[bench:sync] database ${bench.dbName}: migrating and seeding ${USERS} users, ${GROUPS} groups …`);
    const seedMs = await bench.prepare(USERS, GROUPS);

    target = await TargetProcess.start(token);
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
    // The ceiling run's users must not count in what the initial cycle or Restart read from the target.
    target.reset();
    await target.stats();

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

    // ── Restart with every user already in sync: what it costs the target ──
    const { restartProvisioning } = await import("../sync/commands");
    await restartProvisioning(actor, app.id);
    const beforeRestart = (await target.stats()).count;
    const t2 = Date.now();
    await runToEnd(false);
    const restartMs = Date.now() - t2;
    const restartRequests = (await target.stats()).count - beforeRestart;
    const restartCycle = await db.syncCycle.findFirstOrThrow({ where: { appId: app.id, type: "initial" }, orderBy: { startedAt: "desc" } });
    clearInterval(sampler);

    // ── real-time push latency, end to end through a running web server ──
    const web = await WebServer.start(bench.env);
    let latencies: number[] = [];
    try {
      const auth = await (await fetch(`${web.url}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: web.admin.email, password: web.admin.password }) })).json() as { access_token: string };
      const headers = { authorization: `Bearer ${auth.access_token}`, "content-type": "application/json" };
      const pushUser = await db.directoryUser.findFirstOrThrow({ orderBy: { id: "desc" } });
      const inTarget = async () => {
        const res = await fetch(`${target!.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${pushUser.userPrincipalName}"`)}`, { headers: { authorization: `Bearer ${token}` } });
        return ((await res.json()) as { Resources?: { title?: string }[] }).Resources?.[0]?.title;
      };
      latencies = [];
      for (let i = 0; i < PUSHES; i++) {
        await new Promise((r) => setTimeout(r, SPACING_MS)); // spaced: each change meets an idle, steady-state app
        const title = `Push ${i} ${Date.now()}`;
        const start = Date.now();
        const res = await fetch(`${web.url}/api/v1/users/${pushUser.id}`, { method: "PATCH", headers, body: JSON.stringify({ jobTitle: title }) });
        if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${await res.text()}`);
        while ((await inTarget()) !== title) {
          if (Date.now() - start > 60_000) throw new Error("push did not arrive within 60 s");
          await new Promise((r) => setTimeout(r, 10));
        }
        latencies.push(Date.now() - start);
      }
    } finally {
      await web.stop();
    }

    const result = {
      users: USERS, groups: GROUPS, seedMs,
      targetCeilingRps: Math.round(ceilingRps),
      initialCycle: { wallMs: initialMs, requests: initialRequests, rps: Math.round(engineRps), processed: cycle.processed, status: cycle.status, counts: cycle.counts, targetUsers: afterInitial.users, targetGroups: afterInitial.groups },
      ratioToCeiling: Number((engineRps / ceilingRps).toFixed(2)),
      incremental100ChangesMs: incrementalMs,
      restartInSync: { users: USERS, groups: GROUPS, requests: restartRequests, wallMs: restartMs, status: restartCycle.status, counts: restartCycle.counts, reconcile: restartCycle.reconcile },
      pushLatencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.max(...latencies), samples: latencies.length, spacingMs: SPACING_MS, path: "REST PATCH /api/v1/users/{id} → next start (inline worker) → target" },
      workerPeakRssMb: Math.round(peakRss / 1024 / 1024),
    };
    console.log("\nProvisio sync benchmark (loopback, target in its own process)\n");
    console.table({
      "target ceiling (GET filter + POST mix)": `${result.targetCeilingRps} req/s`,
      "initial cycle wall time": `${(initialMs / 1000).toFixed(1)} s for ${USERS} users + ${GROUPS} groups`,
      "initial cycle throughput": `${result.initialCycle.rps} req/s (${initialRequests} requests)`,
      "engine / ceiling": `${Math.round(result.ratioToCeiling * 100)} %`,
      "incremental, 100 changed users": `${incrementalMs} ms`,
      "Restart, everything in sync": `${restartRequests} requests (${USERS} users + ${GROUPS} groups), ${(restartMs / 1000).toFixed(1)} s`,
      "push latency p50 / p95 / max (REST → target)": `${result.pushLatencyMs.p50} / ${result.pushLatencyMs.p95} / ${result.pushLatencyMs.max} ms over ${latencies.length} changes`,
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
