// npm run bench:logs -- --rows 1000000 [--samples 20]
// Provisioning log reads at scale, on a database of its own (created on the
// DATABASE_URL server, migrated, dropped afterwards): p50/p95 of the first page
// and of a deep page for each filter, the index each plan uses (EXPLAIN), and the
// CSV export rate with the process's peak RSS. Writes bench-results/logs.json.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (exit ${code})\n${out}`))));
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const ms = (x: number) => Math.round(x * 10) / 10;

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };
function indexesOf(node: PlanNode, out = new Set<string>()): Set<string> {
  if (node["Index Name"]) out.add(node["Index Name"]);
  else if (node["Node Type"] === "Seq Scan") out.add("SEQ SCAN");
  for (const c of node.Plans ?? []) indexesOf(c, out);
  return out;
}

async function main() {
  const rows = arg("rows", 1_000_000);
  const samples = arg("samples", 20);
  const baseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `provisio_bench_logs_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  process.stdout.write(`database ${dbName}: migrating…\n`);
  try {
    const env = { ...process.env, DATABASE_URL: url };
    await run(path.join(process.cwd(), "node_modules", ".bin", "prisma"), ["migrate", "deploy"], env);
    process.env.DATABASE_URL = url;
    process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
    process.env.PROVISIO_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
    process.env.PROVISIO_LOG_LEVEL = "warn";
    const { db, disconnectDb } = await import("../db");
    const { listProvisioningLogs, provisioningLogPageSql, provisioningLogWhere, streamProvisioningLogs } = await import("../logs/provisioning-log");
    type Filters = Parameters<typeof listProvisioningLogs>[0];

    // ── data: 20 apps, a cycle per 5,000 rows, 3% failures, 5% skipped, 100k identities, 30 days of history in id order
    const APPS = 20;
    const t0 = performance.now();
    const CHUNK = 250_000;
    for (let start = 1; start <= rows; start += CHUNK) {
      const end = Math.min(rows, start + CHUNK - 1);
      await db.$executeRawUnsafe(`
        INSERT INTO provisioning_log ("appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId", steps, "modifiedProperties", "errorCode", reason, at)
        SELECT 'bench-app-' || (g % ${APPS}), 'Bench app ' || (g % ${APPS}), 'bench-cycle-' || (g / 5000),
               CASE WHEN g % 10 = 0 THEN 'group' ELSE 'user' END,
               (ARRAY['create','update','update','update','disable','delete','skip','enable'])[1 + g % 8],
               CASE WHEN g % 100 < 3 THEN 'failure' WHEN g % 100 < 8 THEN 'skipped' ELSE 'success' END,
               'src-' || (g % 100000), 'user' || (g % 100000) || '@contoso.example', 'tgt-' || (g % 100000),
               '[{"name":"Import","status":"success"},{"name":"Match","status":"success"},{"name":"Act","status":"success"}]'::jsonb,
               jsonb_build_array(jsonb_build_object('name','displayName','oldValue','Old ' || g,'newValue','New ' || g)),
               CASE WHEN g % 100 < 3 THEN 'scim_400' END, CASE WHEN g % 100 < 3 THEN 'The app refused the request.' END,
               now() - make_interval(secs => (${rows} - g) * (30.0 * 86400 / ${rows}))
          FROM generate_series(${start}, ${end}) g`);
    }
    await db.$executeRawUnsafe("ANALYZE provisioning_log");
    const loadSeconds = (performance.now() - t0) / 1000;
    process.stdout.write(`inserted ${rows.toLocaleString()} rows in ${loadSeconds.toFixed(1)} s\n`);

    const now = Date.now();
    const midCycle = `bench-cycle-${Math.floor(rows / 2 / 5000)}`;
    const filters: { name: string; f: Filters }[] = [
      { name: "none", f: {} },
      { name: "appId", f: { appId: "bench-app-7" } },
      { name: "cycleId", f: { cycleId: midCycle } },
      { name: "status=failure", f: { status: "failure" } },
      { name: "action=delete", f: { action: "delete" } },
      { name: "appId+status=failure", f: { appId: "bench-app-1", status: "failure" } },
      { name: "q=identity prefix", f: { q: "user4242@" } },
      { name: "q=target id", f: { q: "tgt-4242" } },
      { name: "from=last 24h", f: { from: new Date(now - 86_400_000) } },
      { name: "1-day window 10 days ago", f: { from: new Date(now - 11 * 86_400_000), to: new Date(now - 10 * 86_400_000) } },
      { name: "appId+last 7 days", f: { appId: "bench-app-3", from: new Date(now - 7 * 86_400_000) } },
    ];

    type Result = { filter: string; matches: number; firstP50: number; firstP95: number; deepP50: number; deepP95: number; deepPosition: number; indexes: string[] };
    const results: Result[] = [];
    for (const { name, f } of filters) {
      const where = provisioningLogWhere(f);
      const [{ n }] = (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM provisioning_log ${where}`) as [{ n: number }];
      // a deep page: the cursor 90% of the way through the result set
      const deepPosition = Math.max(0, Math.floor(n * 0.9));
      const deepRow = await db.$queryRaw<{ id: bigint }[]>`SELECT id FROM provisioning_log ${where} ORDER BY id DESC OFFSET ${deepPosition} LIMIT 1`;
      const deepCursor = deepRow[0]?.id.toString() ?? null;
      const time = async (cursor: string | null) => {
        const xs: number[] = [];
        await listProvisioningLogs(f, { limit: 50, cursor }); // warm-up
        for (let i = 0; i < samples; i++) {
          const s = performance.now();
          await listProvisioningLogs(f, { limit: 50, cursor });
          xs.push(performance.now() - s);
        }
        return xs;
      };
      const first = await time(null);
      const deep = deepCursor ? await time(deepCursor) : first;
      const sql = provisioningLogPageSql(f, null, 51);
      const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`EXPLAIN (FORMAT JSON) ${sql.text}`, ...sql.values);
      const indexes = [...indexesOf(plan[0]!["QUERY PLAN"][0].Plan)];
      results.push({ filter: name, matches: n, firstP50: ms(pct(first, 50)), firstP95: ms(pct(first, 95)), deepP50: ms(pct(deep, 50)), deepP95: ms(pct(deep, 95)), deepPosition, indexes });
    }

    // ── Overview aggregates (actions per day over 14 days, failures in 24 h)
    const { logsSummary } = await import("../logs/summary");
    const summaryTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await logsSummary({ days: 14 });
      summaryTimes.push(performance.now() - s);
    }
    const overviewSummaryMs = { p50: ms(pct(summaryTimes, 50)), max: ms(Math.max(...summaryTimes)) };

    // ── CSV export of the whole table: rate and peak RSS (sampled every 50 ms)
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const exportStart = performance.now();
    let bytes = 0;
    let lines = 0;
    const reader = streamProvisioningLogs({}, "csv").getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) lines++;
    }
    const exportSeconds = (performance.now() - exportStart) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const exported = lines - 1; // header
    const csv = { rows: exported, seconds: Math.round(exportSeconds * 10) / 10, rowsPerSecond: Math.round(exported / exportSeconds), megabytes: Math.round(bytes / 1e5) / 10, rssBeforeMb: Math.round(rssBefore / 1e6), peakRssMb: Math.round(peak / 1e6) };

    await disconnectDb();

    // ── report
    const pad = (s: string | number, w: number) => String(s).padStart(w);
    console.log(`\nProvisioning logs at ${rows.toLocaleString()} rows (limit 50, ${samples} samples each; ms)\n`);
    console.log(`${"filter".padEnd(26)}${pad("matches", 10)}${pad("first p50", 11)}${pad("first p95", 11)}${pad("deep p50", 10)}${pad("deep p95", 10)}  plan`);
    for (const r of results) console.log(`${r.filter.padEnd(26)}${pad(r.matches.toLocaleString(), 10)}${pad(r.firstP50, 11)}${pad(r.firstP95, 11)}${pad(r.deepP50, 10)}${pad(r.deepP95, 10)}  ${r.indexes.join(", ")}`);
    const worst = Math.max(...results.flatMap((r) => [r.firstP95, r.deepP95]));
    console.log(`\nworst p95: ${worst} ms (aim < 200 ms) ${worst < 200 ? "OK" : "ABOVE AIM"}`);
    console.log(`Overview summary (14 days of actions + 24 h failures): p50 ${overviewSummaryMs.p50} ms, max ${overviewSummaryMs.max} ms`);
    console.log(`CSV export: ${csv.rows.toLocaleString()} rows, ${csv.megabytes} MB in ${csv.seconds} s = ${csv.rowsPerSecond.toLocaleString()} rows/s; RSS ${csv.rssBeforeMb} MB before, peak ${csv.peakRssMb} MB`);
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/logs.json", JSON.stringify({ rows, samples, loadSeconds: Math.round(loadSeconds * 10) / 10, pages: results, worstP95Ms: worst, overviewSummaryMs, csvExport: csv, at: new Date().toISOString() }, null, 2));
    console.log("wrote bench-results/logs.json");
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e: Error) => process.stderr.write(`could not drop ${dbName}: ${e.message}\n`));
    await admin.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
