// npm run bench:preview -- --users 10000
// Preview time next to the reconcile time for the same data (issue 16), on loopback against a
// strict SCIM target in its own process, in one run: (1) an empty target — the preview plans
// every create, then the initial cycle performs them; (2) the target in sync — a preview, then a
// Restart's full reconcile. Prints wall time and the target's request count for each, and the
// preview ÷ reconcile ratio. Creates and drops its own database; writes bench-results/preview.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createBenchDatabase } from "./bench-db";
import { TargetProcess } from "./target-process";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const USERS = arg("users", 10_000);

async function main() {
  const bench = await createBenchDatabase("preview", { poolSize: 20 });
  const token = `bench-${randomBytes(6).toString("hex")}`;
  let target: TargetProcess | null = null;
  try {
    console.log(`[bench:preview] database ${bench.dbName}: migrating and seeding ${USERS} users …`);
    await bench.prepare(USERS, 1);
    target = await TargetProcess.start(token);
    const { createApp } = await import("../apps/apps");
    const { saveCredentials } = await import("../apps/credentials");
    const { db } = await import("../db");
    const { runAppSlice } = await import("../sync/cycle");
    const { restartProvisioning } = await import("../sync/commands");
    const { createPreview, getPreview } = await import("../sync/preview/service");
    const { runPreview } = await import("../sync/preview/run");
    const actor = { id: "bench", email: "bench@provisio.local", name: "bench", role: "global_admin" as const, via: "system" as const };
    const app = await createApp(actor, { templateId: "scim", displayName: "Bench preview" });
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
    await db.app.update({ where: { id: app.id }, data: { status: "off", mode: "automatic", scope: "all" } });

    const measure = async <T>(fn: () => Promise<T>) => {
      const before = (await target!.stats()).count;
      const t = performance.now();
      const value = await fn();
      return { ms: Math.round(performance.now() - t), requests: (await target!.stats()).count - before, value };
    };
    const preview = () => measure(async () => {
      const { id } = await createPreview(actor, app.id);
      await runPreview(id);
      const v = await getPreview(app.id, id);
      if (v.status !== "completed") throw new Error(`preview ${v.status}: ${v.error}`);
      return v.counts;
    });
    const cycle = () => measure(async () => {
      for (let i = 0; ; i++) {
        const r = await runAppSlice(app.id, { workerId: "bench", force: i === 0, budgetMs: 60_000 });
        if (r.result !== "continue") break;
      }
      const c = await db.syncCycle.findFirstOrThrow({ where: { appId: app.id }, orderBy: { startedAt: "desc" } });
      return { status: c.status, counts: c.counts };
    });

    console.log("[bench:preview] preview against the empty target …");
    const p1 = await preview();
    await db.app.update({ where: { id: app.id }, data: { status: "on" } });
    console.log("[bench:preview] initial cycle …");
    const c1 = await cycle();
    console.log("[bench:preview] preview with the target in sync …");
    const p2 = await preview();
    await restartProvisioning(actor, app.id);
    console.log("[bench:preview] Restart (full reconcile) …");
    const c2 = await cycle();

    const result = {
      users: USERS,
      emptyTarget: { previewMs: p1.ms, previewRequests: p1.requests, planned: p1.value, initialCycleMs: c1.ms, initialCycleRequests: c1.requests, cycle: c1.value, ratio: Number((p1.ms / c1.ms).toFixed(2)) },
      inSync: { previewMs: p2.ms, previewRequests: p2.requests, planned: p2.value, reconcileMs: c2.ms, reconcileRequests: c2.requests, cycle: c2.value, ratio: Number((p2.ms / c2.ms).toFixed(2)) },
    };
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`\nPreview vs the cycle for the same data (${USERS} users, loopback)\n`);
    console.table({
      "empty target: preview": `${s(p1.ms)}, ${p1.requests} requests (plans ${p1.value.create} creates)`,
      "empty target: initial cycle": `${s(c1.ms)}, ${c1.requests} requests`,
      "empty target: preview ÷ cycle": result.emptyTarget.ratio,
      "in sync: preview": `${s(p2.ms)}, ${p2.requests} requests (${p2.value.skip} unchanged)`,
      "in sync: Restart's full reconcile": `${s(c2.ms)}, ${c2.requests} requests`,
      "in sync: preview ÷ reconcile": result.inSync.ratio,
    });
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/preview.json", JSON.stringify(result, null, 2));
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
