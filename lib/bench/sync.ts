// npm run bench:sync -- --users 10000 --groups 100 [--changes 100] [--pushes 0] [--profile DIR] [--no-restart]
// The engine's numbers that matter most, on loopback against a strict SCIM target running in its
// own process, with the engine in a separate worker process as `npm run worker` runs it:
//  - the target's own ceiling for POST /Users (autocannon, engine-like bodies, same run) and the
//    initial cycle's users/s against it (the ratio the engine aims to keep ≥ 0.7);
//  - the worker's peak RSS through the cycle (its VmHWM, not this process's);
//  - an incremental cycle after --changes users change in one CSV import: from the import's commit
//    until the target holds every new value, end to end (push → queue → worker → target);
//  - what a Restart costs once every object is in sync (requests: the engine lists the target);
//  - optionally (--pushes N) real-time push latency through a running web server (`next start`,
//    inline worker; needs a build), N changes --spacing ms apart (p50/p95/max).
// Every run ends by checking the target against the directory (verify-target.ts) and exits
// non-zero if anything differs. --profile DIR: the worker runs with --cpu-prof (written at its exit).
// Creates and drops its own database; writes bench-results/sync.json.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createBenchDatabase, root, run } from "./bench-db";
import { TargetProcess } from "./target-process";
import { assertTargetsExact } from "./verify-target";
import { startWorker, type WorkerProcess } from "./worker-process";

const argOf = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number) => {
  const v = Number(argOf(name));
  return Number.isFinite(v) && v >= 0 && argOf(name) !== undefined ? v : fallback;
};
const USERS = arg("users", 10_000);
const GROUPS = arg("groups", 100);
const CHANGES = arg("changes", 100);
const PUSHES = arg("pushes", 0);
const NO_RESTART = process.argv.includes("--no-restart");
const SPACING_MS = arg("spacing", 1000);
const PROFILE_DIR = argOf("profile");
/** Connections of the ceiling run, and the client's request cap: a like-for-like ratio. */
const CONNS = 16;
const autocannon = createRequire(path.join(root, "package.json"))("autocannon") as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number; non2xx: number; errors: number }>;

/** The body the engine POSTs for a default SCIM mapping, so the ceiling is measured for the same request. */
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
  let worker: WorkerProcess | null = null;
  try {
    console.log(`[bench:sync] database ${bench.dbName}: migrating and seeding ${USERS} users, ${GROUPS} groups …`);
    const seedMs = await bench.prepare(USERS, GROUPS);
    target = await TargetProcess.start(token);

    // ── the target's own ceiling for POST /Users ──
    let n = 0;
    const ceilingRun = await autocannon({
      url: target.baseUrl.replace(/\/scim\/v2$/, ""), connections: CONNS, duration: 10,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      requests: [{ method: "POST", setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `${new URL(target!.baseUrl).pathname}/Users`, body: JSON.stringify(engineLikeUser(n++)) }) }],
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
    const { enqueueSync } = await import("../jobs/enqueue");
    const actor = { id: "bench", email: "bench@provisio.local", name: "bench", role: "global_admin" as const, via: "system" as const };
    const app = await createApp(actor, { templateId: "scim", displayName: "Bench target" });
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
    await db.app.update({ where: { id: app.id }, data: { mode: "automatic", scope: "all", compatibility: { profile: { maxConcurrency: CONNS } } } });

    worker = await startWorker(bench.env, { nodeArgs: PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [] });
    const startRss = worker.rssMb();
    const cycleDone = async (type: string, after: Date) => {
      for (;;) {
        const c = await db.syncCycle.findFirst({ where: { appId: app.id, type, startedAt: { gte: after }, finishedAt: { not: null } }, orderBy: { startedAt: "desc" } });
        if (c) {
          if (!["completed", "completed_with_failures"].includes(c.status)) throw new Error(`the ${type} cycle ended ${c.status}: ${c.error ?? ""}`);
          return c;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    console.log("[bench:sync] initial cycle (worker process) …");
    const before = (await target.stats()).count;
    const t0 = new Date();
    await db.app.update({ where: { id: app.id }, data: { status: "on" } });
    await enqueueSync(app.id);
    const cycle = await cycleDone("initial", t0);
    const initialMs = cycle.finishedAt!.getTime() - cycle.startedAt.getTime();
    const peakInitial = worker.peakRssMb();
    const afterInitial = await target.stats();
    const initialRequests = afterInitial.count - before;
    const usersPerSec = afterInitial.users / (initialMs / 1000);
    const exact = await assertTargetsExact(target, [app.id]);
    console.log(`[bench:sync] initial cycle ${(initialMs / 1000).toFixed(1)} s; target exact (${exact.users} users, ${exact.groups} groups, ${exact.memberships} memberships)`);

    // ── incremental: CHANGES users change; until the target holds every new value ──
    const { importUsersCsv } = await import("../directory/csv-import");
    const tag = `Changed-${randomBytes(3).toString("hex")}`;
    const changed = await db.directoryUser.findMany({ where: { accountEnabled: true }, take: CHANGES, orderBy: { id: "asc" }, select: { id: true, userPrincipalName: true } });
    // The target says when it holds every new value (it checks each user as it writes it): polling
    // it with a filter over 100,000 users every 25 ms kept it too busy to answer the engine's writes.
    const held = target.awaitValues("title", `${tag}-`, changed.length, 120_000);
    const t1 = Date.now();
    // The changes arrive together, as from an HR feed: one CSV import, one directory transaction.
    // (Written one by one, 100 updates queue on the change feed's sequence: that is the
    // directory's cost, not the engine's, and took seconds on the shared machine.)
    const csv = ["userPrincipalName,jobTitle", ...changed.map((c, i) => `${c.userPrincipalName},${tag}-${i}`)].join("\n");
    const imported = await importUsersCsv(actor, csv);
    if (imported.updated !== changed.length) throw new Error(`the import changed ${imported.updated} of ${changed.length} users: ${JSON.stringify(imported.failed.slice(0, 3))}`);
    const writtenMs = Date.now() - t1;
    const reached = await held;
    if (reached.timedOut) throw new Error(`the changes did not reach the target within 120 s (${reached.held} of ${changed.length})`);
    const incrementalMs = Date.now() - t1;
    const afterCommitMs = incrementalMs - writtenMs;

    // ── Restart with every object already in sync: what it costs the target ──
    // (--no-restart: left out; at 100,000 users it walks every object for ≈ 14 min under load)
    const { restartProvisioning } = await import("../sync/commands");
    const beforeRestart = (await target.stats()).count;
    const t2 = new Date();
    let restartCycle: Awaited<ReturnType<typeof cycleDone>> | null = null;
    if (!NO_RESTART) {
      await restartProvisioning(actor, app.id);
      restartCycle = await cycleDone("initial", t2);
    }
    const restartMs = restartCycle ? restartCycle.finishedAt!.getTime() - restartCycle.startedAt.getTime() : 0;
    const restartRequests = (await target.stats()).count - beforeRestart;
    const peakRss = worker.peakRssMb();
    await worker.stop();
    worker = null;
    await assertTargetsExact(target, [app.id]);

    // ── real-time push latency, end to end through a running web server (optional) ──
    const latencies: number[] = [];
    if (PUSHES) {
      const web = await WebServer.start(bench.env);
      try {
        const auth = await (await fetch(`${web.url}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: web.admin.email, password: web.admin.password }) })).json() as { access_token: string };
        const headers = { authorization: `Bearer ${auth.access_token}`, "content-type": "application/json" };
        const pushUser = await db.directoryUser.findFirstOrThrow({ where: { accountEnabled: true }, orderBy: { id: "desc" } });
        const inTarget = async () => {
          const res = await fetch(`${target!.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${pushUser.userPrincipalName}"`)}`, { headers: { authorization: `Bearer ${token}` } });
          return ((await res.json()) as { Resources?: { title?: string }[] }).Resources?.[0]?.title;
        };
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
      await assertTargetsExact(target, [app.id]);
    }

    const result = {
      users: USERS, groups: GROUPS, seedMs, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), cpus: os.cpus().length,
      targetPostCeilingRps: Math.round(ceilingRps),
      initialCycle: {
        wallMs: initialMs, requests: initialRequests, rps: Math.round(initialRequests / (initialMs / 1000)), usersPerSec: Math.round(usersPerSec),
        processed: cycle.processed, status: cycle.status, counts: cycle.counts, targetUsers: afterInitial.users, targetGroups: afterInitial.groups, memberships: exact.memberships,
      },
      usersPerSecOverCeiling: Number((usersPerSec / ceilingRps).toFixed(2)),
      incremental: { changes: changed.length, importMs: writtenMs, commitToTargetMs: afterCommitMs, importToTargetMs: incrementalMs },
      restartInSync: restartCycle ? { requests: restartRequests, wallMs: restartMs, status: restartCycle.status, reconcile: restartCycle.reconcile } : null,
      workerRssMb: { atStart: startRss, peakInitialCycle: peakInitial, peakWholeRun: peakRss },
      ...(PUSHES ? { pushLatencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.max(...latencies), samples: latencies.length, spacingMs: SPACING_MS } } : {}),
      verified: "target exact after the initial cycle, the incremental changes and Restart",
    };
    console.log(`\nProvisio sync benchmark (loopback; target and worker in their own processes; load average ${result.loadAverage.join(" ")} on ${result.cpus} CPUs)\n`);
    console.table({
      "target's own POST /Users ceiling": `${result.targetPostCeilingRps} req/s`,
      "initial cycle": `${(initialMs / 1000).toFixed(1)} s for ${afterInitial.users} users + ${afterInitial.groups} groups (${exact.memberships} memberships), ${initialRequests} requests`,
      "initial cycle users/s": `${result.initialCycle.usersPerSec} users/s = ${result.usersPerSecOverCeiling} × the POST ceiling`,
      [`incremental, ${changed.length} changed users`]: `${afterCommitMs} ms from the import's commit until the target holds all (${incrementalMs} ms with the import itself)`,
      "Restart, everything in sync": restartCycle ? `${restartRequests} requests, ${(restartMs / 1000).toFixed(1)} s` : "not run (--no-restart)",
      "worker RSS": `${startRss} MB at start; peak (VmHWM) ${peakInitial} MB through the initial cycle, ${peakRss} MB through the run`,
      ...(PUSHES ? { "push latency p50 / p95 / max": `${result.pushLatencyMs!.p50} / ${result.pushLatencyMs!.p95} / ${result.pushLatencyMs!.max} ms over ${latencies.length} changes` } : {}),
      "correctness": "target = directory (users, attributes, managers, groups, members; no duplicates)",
    });
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/sync.json", JSON.stringify(result, null, 2));
    const { stopBoss } = await import("../jobs/boss");
    await stopBoss({ graceful: false, timeout: 1000 });
    await db.$disconnect();
  } finally {
    if (worker) worker.child.kill("SIGKILL");
    target?.stop();
    await bench.drop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
