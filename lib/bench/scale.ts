// npm run bench:scale -- --users 3000 --apps 8 --workers 1,2,4 --concurrency 2
// Scale-out: N apps (each with its own strict SCIM target; all targets in one separate
// process) are brought to steady state (every app's initial cycle finished) by 1, 2 and 4
// `npm run worker` processes on one Postgres. Reports wall time, objects/s and requests/s per
// worker count, the speed-up over one worker, and the target process's own ceiling measured in
// the same run. Creates and drops its own database; writes bench-results/scale.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createBenchDatabase, root } from "./bench-db";
import { TargetProcess } from "./target-process";
import { assertTargetsExact } from "./verify-target";
import { startWorker, type WorkerProcess } from "./worker-process";

const argOf = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const num = (name: string, fallback: number) => {
  const v = Number(argOf(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const USERS = num("users", 3000);
const GROUPS = num("groups", Math.max(1, Math.round(USERS / 100)));
const APPS = num("apps", 8);
const CONCURRENCY = num("concurrency", 2);
/** --one-app: first one app alone on one worker, to compare the many-apps runs' objects/s with. */
const ONE_APP = process.argv.includes("--one-app");
const WORKER_COUNTS = (argOf("workers") ?? "1,2,4").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
const TIMEOUT_MS = num("timeout", 20 * 60) * 1000;
const autocannon = createRequire(path.join(root, "package.json"))("autocannon") as (o: Record<string, unknown>) => Promise<{ requests: { total: number }; duration: number }>;


async function main() {
  const bench = await createBenchDatabase("scale", { poolSize: 10 });
  const env = bench.env;
  const token = `bench-${randomBytes(6).toString("hex")}`;
  let targets: TargetProcess | null = null;
  const workers: WorkerProcess[] = [];
  try {
    console.log(`[bench:scale] database ${bench.dbName}: migrating and seeding ${USERS} users, ${GROUPS} groups …`);
    await bench.prepare(USERS, GROUPS);
    targets = await TargetProcess.start(token, APPS);

    // The target process's own ceiling for the engine's create mix (GET filter + POST), same run.
    let n = 0;
    const base = new URL(targets.urls[0]!);
    const ceilingRun = await autocannon({
      url: base.origin, connections: 16, duration: 8,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      requests: [
        { method: "GET", setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `${base.pathname}/Users?filter=${encodeURIComponent(`userName eq "ceiling${n}@bench.io"`)}&count=2` }) },
        { method: "POST", setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `${base.pathname}/Users`, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `ceiling${n++}@bench.io`, displayName: "Ceiling", active: true }) }) },
      ],
    });
    const ceilingRps = ceilingRun.requests.total / ceilingRun.duration;

    const { createApp } = await import("../apps/apps");
    const { saveCredentials } = await import("../apps/credentials");
    const { db } = await import("../db");
    const { enqueueSync } = await import("../jobs/enqueue");
    const { stopBoss } = await import("../jobs/boss");
    const actor = { id: "bench", email: "bench@provisio.local", name: "bench", role: "global_admin" as const, via: "system" as const };
    const objectsPerApp = USERS + GROUPS;

    type Row = { apps: number; workers: number; peakRssMb: number[]; wallMs: number; objects: number; requests: number; objectsPerSec: number; requestsPerSec: number; slices: number; slicesPerWorker: number[]; speedup?: number; ratioToCeiling: number };
    const rows: Row[] = [];
    const runs = [...(ONE_APP ? [{ apps: 1, workers: 1 }] : []), ...WORKER_COUNTS.map((w) => ({ apps: APPS, workers: w }))];
    for (const { apps: appCount, workers: w } of runs) {
      targets.reset();
      await db.app.updateMany({ data: { status: "off" } });
      const apps: string[] = [];
      for (let i = 0; i < appCount; i++) {
        const app = await createApp(actor, { templateId: "scim", displayName: `Scale ${w}w app ${i + 1}` });
        await saveCredentials(actor, app.id, { tenantUrl: targets.urls[i]!, secretToken: token });
        await db.app.update({ where: { id: app.id }, data: { scope: "all", mode: "automatic" } });
        apps.push(app.id);
      }
      console.log(`[bench:scale] ${w} worker(s) × concurrency ${CONCURRENCY}: ${appCount} app(s) × ${objectsPerApp} objects …`);
      for (let i = 0; i < w; i++) workers.push(await startWorker(env, { concurrency: CONCURRENCY }));
      const before = (await targets.stats()).count;
      const t0 = Date.now();
      await db.app.updateMany({ where: { id: { in: apps } }, data: { status: "on" } });
      for (const id of apps) await enqueueSync(id);
      for (;;) {
        const done = await db.syncCycle.count({ where: { appId: { in: apps }, type: "initial", status: { in: ["completed", "completed_with_failures"] } } });
        if (done === appCount) break;
        const failed = await db.syncCycle.findFirst({ where: { appId: { in: apps }, status: "failed" }, select: { error: true } });
        if (failed) throw new Error(`a cycle failed: ${failed.error}`);
        if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`steady state not reached within ${TIMEOUT_MS / 1000} s (${done}/${appCount} apps)`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const wallMs = Date.now() - t0;
      const stats = await targets.stats();
      const peakRssMb = workers.map((wp) => wp.peakRssMb());
      await Promise.all(workers.splice(0).map((wp) => wp.stop()));
      const cycles = await db.syncCycle.findMany({ where: { appId: { in: apps }, type: "initial" }, select: { processed: true } });
      const objects = cycles.reduce((a, c) => a + c.processed, 0);
      const requests = stats.count - before;
      const slices = await db.syncSlice.findMany({ where: { appId: { in: apps }, cycleId: { not: null } }, select: { workerId: true } });
      const per = new Map<string, number>();
      for (const s of slices) per.set(s.workerId, (per.get(s.workerId) ?? 0) + 1);
      // Every app's target against the directory, exactly (throws: the benchmark exits non-zero).
      await assertTargetsExact(targets, apps);
      const requestsPerSec = requests / (wallMs / 1000);
      rows.push({
        apps: appCount, workers: w, peakRssMb, wallMs, objects, requests, objectsPerSec: Math.round(objects / (wallMs / 1000)), requestsPerSec: Math.round(requestsPerSec),
        slices: slices.length, slicesPerWorker: [...per.values()].sort((a, b) => b - a), ratioToCeiling: Number((requestsPerSec / ceilingRps).toFixed(2)),
      });
      await db.app.updateMany({ where: { id: { in: apps } }, data: { status: "off" } });
    }
    const one = rows.find((r) => r.workers === 1 && r.apps === APPS);
    for (const r of rows) if (one && r.apps === APPS) r.speedup = Number((one.wallMs / r.wallMs).toFixed(2));
    const single = rows.find((r) => r.apps === 1);
    const manyOverOne = single && one ? Number((one.objectsPerSec / single.objectsPerSec).toFixed(2)) : null;

    const result = { users: USERS, groups: GROUPS, apps: APPS, workerConcurrency: CONCURRENCY, cpus: os.cpus().length, targetCeilingRps: Math.round(ceilingRps), loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), manyAppsObjectsPerSecOverOneApp: manyOverOne, runs: rows };
    console.log(`\nProvisio scale-out benchmark: ${APPS} apps × (${USERS} users + ${GROUPS} groups), worker concurrency ${CONCURRENCY}, ${os.cpus().length} CPUs, loopback`);
    console.log(`target process ceiling (GET filter + POST mix): ${result.targetCeilingRps} req/s\n`);
    console.table(Object.fromEntries(rows.map((r) => [`${r.apps} app${r.apps > 1 ? "s" : ""}, ${r.workers} worker${r.workers > 1 ? "s" : ""}`, {
      "steady state (s)": Number((r.wallMs / 1000).toFixed(1)), "objects/s": r.objectsPerSec, "requests/s": r.requestsPerSec,
      "× 1 worker": r.speedup ?? "-", "of ceiling": `${Math.round(r.ratioToCeiling * 100)} %`, "slices per worker": r.slicesPerWorker.join(" / "), "worker peak RSS (MB)": r.peakRssMb.join(" / "),
    }])));
    if (manyOverOne !== null) console.log(`${APPS} apps on one worker: ${one!.objectsPerSec} objects/s in total = ${manyOverOne} × one app's ${single!.objectsPerSec} objects/s`);
    console.log(`every target checked against the directory: exact (load average ${result.loadAverage.join(" ")})`);
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/scale.json", JSON.stringify(result, null, 2));
    await stopBoss({ graceful: false, timeout: 1000 });
    await db.$disconnect();
  } finally {
    for (const w of workers) w.child.kill("SIGKILL");
    targets?.stop();
    await bench.drop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
