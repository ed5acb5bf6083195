// npm run bench:bulk -- --users 10000 --groups 100 [--latency 0] [--limit 0] [--ops 50] [--cap N]
// The same initial cycle against the same kind of target, without and with /Bulk, in one run:
// wall time, requests and the speed-up. The target advertises bulk (maxOperations --ops) or not;
// --latency adds ms to every answer and --limit a request rate (token bucket) to show the case
// where requests are what is scarce. With bulk, groups are created with their members in one POST
// (lib/sync/page-groups.ts); without, a POST and a member PATCH. Each run ends by checking the target against the directory
// (verify-target.ts) and the benchmark exits non-zero when it differs. Creates and drops its own
// database; writes bench-results/bulk.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { createBenchDatabase } from "./bench-db";
import { TargetProcess } from "./target-process";
import { verifyTarget, type Verdict } from "./verify-target";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
const USERS = arg("users", 10_000);
const GROUPS = arg("groups", 0);
const LATENCY_MS = arg("latency", 0);
const LIMIT = arg("limit", 0);
const OPS = arg("ops", 50);
/** 0: the profile's default in-flight cap */
const CAP = arg("cap", 0);

type Run = { bulk: boolean; wallMs: number; requests: number; bulkRequests: number; throttled: number; objectsPerSecond: number; counts: unknown; verify: Verdict };

async function main() {
  const bench = await createBenchDatabase("bulk", { poolSize: 20 });
  const token = `bench-${randomBytes(6).toString("hex")}`;
  const targets: TargetProcess[] = [];
  let failed = false;
  try {
    console.log(`[bench:bulk] database ${bench.dbName}: migrating and seeding ${USERS} users, ${GROUPS} groups …`);
    await bench.prepare(USERS, GROUPS);
    const { createApp } = await import("../apps/apps");
    const { saveCredentials } = await import("../apps/credentials");
    const { db } = await import("../db");
    const { runAppSlice } = await import("../sync/cycle");
    const actor = { id: "bench", email: "bench@provisio.local", name: "bench", role: "global_admin" as const, via: "system" as const };
    const runs: Run[] = [];
    for (const bulk of [false, true]) {
      const target = await TargetProcess.start(token, 1, {
        bulk, bulkMaxOperations: OPS, ...(LATENCY_MS ? { latencyMs: LATENCY_MS } : {}), ...(LIMIT ? { rateLimit: { perSecond: LIMIT, retryAfter: "exact" } } : {}),
      });
      targets.push(target);
      const app = await createApp(actor, { templateId: "scim", displayName: `Bulk ${bulk ? "on" : "off"}` });
      await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
      await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic", scope: "all", compatibility: { profile: CAP ? { maxConcurrency: CAP } : {} } } });
      const before = await target.stats();
      console.log(`[bench:bulk] initial cycle, bulk ${bulk ? "on" : "off"} (load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}) …`);
      const t0 = Date.now();
      for (let i = 0; ; i++) {
        const r = await runAppSlice(app.id, { workerId: "bench", force: i === 0, budgetMs: 60_000 });
        if (r.result !== "continue") break;
      }
      const wallMs = Date.now() - t0;
      const after = await target.stats();
      const cycle = await db.syncCycle.findFirstOrThrow({ where: { appId: app.id, type: "initial" }, orderBy: { startedAt: "desc" } });
      const [dump] = await target.dump();
      const verify = await verifyTarget(app.id, dump!);
      if (!verify.ok) failed = true;
      runs.push({
        bulk, wallMs, requests: after.count - before.count, bulkRequests: after.bulk - before.bulk, throttled: after.throttled - before.throttled,
        objectsPerSecond: Math.round((verify.users + verify.groups) / (wallMs / 1000)), counts: cycle.counts, verify,
      });
      target.stop();
    }
    const [off, on] = runs as [Run, Run];
    const speedUp = Number((off.wallMs / on.wallMs).toFixed(2));
    console.log(`\nProvisio /Bulk benchmark: ${USERS} users, ${GROUPS} groups, latency ${LATENCY_MS} ms, ${LIMIT ? `${LIMIT} req/s limit` : "no rate limit"}, maxOperations ${OPS}, cap ${CAP || "default"}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    console.table(Object.fromEntries(runs.map((r) => [`bulk ${r.bulk ? "on" : "off"}`, {
      "wall s": (r.wallMs / 1000).toFixed(1), requests: r.requests, "of which /Bulk": r.bulkRequests, "429": r.throttled, "objects/s": r.objectsPerSecond,
      "target = directory": r.verify.ok ? `yes (${r.verify.users} users, ${r.verify.groups} groups, ${r.verify.memberships} members)` : "NO",
    }])));
    console.log(`speed-up with /Bulk: ${speedUp}×`);
    for (const r of runs) if (!r.verify.ok) console.error(`[bench:bulk] bulk ${r.bulk ? "on" : "off"}: the target differs from the directory:\n  ${r.verify.problems.join("\n  ")}`);
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/bulk.json", JSON.stringify({ users: USERS, groups: GROUPS, latencyMs: LATENCY_MS, limitPerSecond: LIMIT, maxOperations: OPS, cap: CAP || "default", loadAverage: os.loadavg(), speedUp, runs }, null, 2));
    const { stopBoss } = await import("../jobs/boss");
    await stopBoss({ graceful: false, timeout: 1000 });
    await db.$disconnect();
  } finally {
    for (const t of targets) t.stop();
    await bench.drop();
  }
  if (failed) throw new Error("the target does not match the directory");
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
