// npm run bench:embedded -- --users 10000 --groups 1000
// The embedded PostgreSQL server against the machine's PostgreSQL in the same run: the
// embedded server's RSS (postmaster + every backend, from /proc) idle and at its peak during
// bench:sync's initial cycle, and bench:sync's initial cycle time on each server.
// Writes bench-results/embedded.json.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root, run, tsx } from "./bench-db";

type EmbeddedDb = { url: string; adminUrl: string; child: { pid?: number }; stop: () => Promise<void> };
const embeddedPath = "../cli/embedded-db.mjs";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const USERS = arg("users", 10_000);
const GROUPS = arg("groups", 1_000);
const SERVER_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** RSS in kB of a process and all its descendants (Linux /proc). */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(Number(d));
    } catch { /* exited */ }
  }
  let total = 0;
  const visit = (p: number) => {
    try { total += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0); } catch { /* exited */ }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

function benchSync(databaseUrl: string): Promise<{ wallMs: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [tsx, "lib/bench/sync.ts", "--users", String(USERS), "--groups", String(GROUPS), "--pushes", "5"], {
      env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "inherit", "inherit"],
    });
    c.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`bench:sync exited ${code}`));
      const r = JSON.parse(fs.readFileSync(path.join(root, "bench-results/sync.json"), "utf8"));
      resolve(r.initialCycle);
    });
  });
}

type Start = (o: Record<string, unknown>) => Promise<EmbeddedDb>;

/**
 * What `npm start` spends on the database (the web build excluded): a first start (initdb +
 * server start + migrations + demo data) and a later start (server start + migrations, none due).
 */
async function startTimes(startEmbeddedPostgres: Start, tmp: string) {
  const dataDir = path.join(tmp, "starts");
  const password = randomBytes(18).toString("base64url");
  const env = (url: string) => ({ ...process.env, DATABASE_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString("hex"), PROVISIO_ENCRYPTION_KEY: randomBytes(32).toString("base64"), PROVISIO_LOG_LEVEL: "warn" });
  const prisma = path.join(root, "node_modules/prisma/build/index.js");
  let t = performance.now();
  let db = await startEmbeddedPostgres({ dataDir, password, database: "provisio" });
  const initStartMs = performance.now() - t;
  await run([prisma, "migrate", "deploy"], env(db.url));
  const migrateMs = performance.now() - t - initStartMs;
  await run([tsx, "prisma/seed-demo.ts", "--if-empty"], env(db.url));
  const firstMs = performance.now() - t;
  await db.stop();
  t = performance.now();
  db = await startEmbeddedPostgres({ dataDir, password, database: "provisio" });
  const laterStartMs = performance.now() - t;
  await run([prisma, "migrate", "deploy"], env(db.url));
  const laterMs = performance.now() - t;
  await db.stop();
  return { initStartMs, migrateMs, firstMs, laterStartMs, laterMs };
}

async function main() {
  const { startEmbeddedPostgres } = (await import(embeddedPath)) as { startEmbeddedPostgres: Start };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-bench-embedded-"));
  fs.chmodSync(tmp, 0o711);
  console.log("[bench:embedded] first and later start of the embedded database …");
  const starts = await startTimes(startEmbeddedPostgres, tmp);
  // The server exactly as `npm start` runs it (durable settings, default max_connections).
  const db = await startEmbeddedPostgres({ dataDir: path.join(tmp, "postgres"), password: randomBytes(18).toString("base64url") });
  try {
    const pid = db.child.pid!;
    await new Promise((r) => setTimeout(r, 3000)); // let start-up settle before the idle sample
    const idleKb = treeRssKb(pid);
    let peakKb = idleKb;
    const sampler = setInterval(() => { peakKb = Math.max(peakKb, treeRssKb(pid)); }, 500);
    console.log(`[bench:embedded] bench:sync on the embedded server (${USERS} users, ${GROUPS} groups) …`);
    const embedded = await benchSync(db.adminUrl);
    clearInterval(sampler);
    console.log(`[bench:embedded] bench:sync on ${new URL(SERVER_URL).host} …`);
    const server = await benchSync(SERVER_URL);
    const result = {
      users: USERS, groups: GROUPS, starts,
      embeddedRssIdleMb: Math.round(idleKb / 1024), embeddedRssPeakDuringCycleMb: Math.round(peakKb / 1024),
      initialCycleEmbeddedMs: embedded.wallMs, initialCycleServerMs: server.wallMs,
    };
    fs.mkdirSync(path.join(root, "bench-results"), { recursive: true });
    fs.writeFileSync(path.join(root, "bench-results/embedded.json"), JSON.stringify(result, null, 2));
    console.log("\nEmbedded PostgreSQL vs the machine's server\n");
    const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.table({
      "first start: initdb + server start": sec(starts.initStartMs),
      "first start: + migrations": sec(starts.migrateMs),
      "first start: total with demo data": sec(starts.firstMs),
      "later start: server start": sec(starts.laterStartMs),
      "later start: total with migrations": sec(starts.laterMs),
      "embedded server RSS idle": `${result.embeddedRssIdleMb} MB`,
      "embedded server RSS peak during the initial cycle": `${result.embeddedRssPeakDuringCycleMb} MB`,
      [`initial cycle, ${USERS} users + ${GROUPS} groups, embedded`]: `${(embedded.wallMs / 1000).toFixed(1)} s`,
      [`initial cycle, same, ${new URL(SERVER_URL).host}`]: `${(server.wallMs / 1000).toFixed(1)} s`,
      "embedded ÷ machine's server (initial cycle time)": (embedded.wallMs / server.wallMs).toFixed(2),
    });
  } finally {
    await db.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
