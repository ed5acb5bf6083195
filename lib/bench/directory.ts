// `npm run bench:directory -- --users 100000 [--runs 40]`
// Creates its own database on the DATABASE_URL server (default
// postgresql://postgres@127.0.0.1:5432/postgres), migrates it, then measures:
//   1. CSV import of an N-row file through importUsersCsv (rows/s),
//   2. list page latency p50/p95 at N users: first page and a deep keyset page, with and without search,
//   3. reading 1,000 changes after a watermark (readChanges),
// prints a table, writes bench-results/directory.json and drops the database.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a positive whole number`);
  return n;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function timeRuns(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm the plan cache and buffers
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return { p50: +pct(ms, 50).toFixed(2), p95: +pct(ms, 95).toFixed(2) };
}

const FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "John", "Radia", "Tim", "Hedy", "Edsger", "Katherine", "Donald"];
const LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Backus", "Perlman", "Berners-Lee", "Lamarr", "Dijkstra", "Johnson", "Knuth"];
const DEPTS = ["Engineering", "Sales", "Marketing", "Finance", "Legal", "IT", "Product", "Research"];

function makeCsv(n: number): string {
  const lines = ["userPrincipalName,displayName,givenName,surname,mail,jobTitle,department,employeeId,accountEnabled,extensionAttribute1"];
  for (let i = 0; i < n; i++) {
    const g = FIRST[i % FIRST.length]!;
    const s = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const upn = `${g}.${s}.${i}@bench.example`.toLowerCase();
    lines.push(`${upn},${g} ${s} ${i},${g},${s},${upn},Engineer ${i % 40},${DEPTS[i % DEPTS.length]},${200000 + i},${i % 50 === 0 ? "false" : "true"},site-${i % 30}`);
  }
  return lines.join("\n");
}

async function main() {
  const users = arg("users", 100_000);
  const runs = arg("runs", 40);
  // CLI script: reads its server URL itself and builds the app's environment for a throwaway database.
  const base = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `provisio_bench_dir_${Date.now()}_${randomBytes(2).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
  process.env.PROVISIO_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  let disconnect: (() => Promise<void>) | null = null;
  try {
    execFileSync(path.join(process.cwd(), "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env: process.env, stdio: "ignore" });
    const { disconnectDb, db } = await import("../db");
    disconnect = disconnectDb;
    const { importUsersCsv } = await import("../directory/csv-import");
    const { listUsers } = await import("../directory/users");
    const { currentSeq, readChanges } = await import("../directory/change-feed");
    const actor = { id: "bench", email: "bench@provisio.local", name: "Bench", role: "app_admin" as const, via: "system" as const };

    console.log(`bench:directory — ${users.toLocaleString("en-US")} users, database ${name}`);
    const csv = makeCsv(users);
    const t0 = performance.now();
    const imported = await importUsersCsv(actor, csv);
    const importMs = performance.now() - t0;
    if (imported.failed.length) throw new Error(`import failed rows: ${JSON.stringify(imported.failed.slice(0, 3))}`);
    // Re-import (every row matched and unchanged): the cost of an idempotent HR feed.
    const t1 = performance.now();
    await importUsersCsv(actor, csv);
    const reimportMs = performance.now() - t1;
    await db.$executeRawUnsafe("ANALYZE directory_user");

    const deepCursor = async (q?: string) => {
      // A cursor half-way through the (filtered) list, as "Load more" would reach it.
      let cursor: string | null = null;
      let seen = 0;
      const total = q ? Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM directory_user WHERE lower("displayName") LIKE ${`${q}%`}`)[0]?.n ?? 0) : users;
      while (seen < total / 2) {
        const p: { items: unknown[]; nextCursor: string | null } = await listUsers({ q, limit: 500, cursor });
        seen += p.items.length;
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      return cursor;
    };
    const deep = await deepCursor();
    const q = "grace";
    const deepQ = await deepCursor(q);
    const list = {
      firstPage: await timeRuns(runs, () => listUsers({ limit: 50 })),
      deepPage: await timeRuns(runs, () => listUsers({ limit: 50, cursor: deep })),
      searchFirstPage: await timeRuns(runs, () => listUsers({ q, limit: 50 })),
      searchDeepPage: await timeRuns(runs, () => listUsers({ q, limit: 50, cursor: deepQ })),
      sortByUpnDesc: await timeRuns(runs, () => listUsers({ sort: "userPrincipalName", dir: "desc", limit: 50 })),
    };
    // A watermark half-way through the feed (seqs have gaps: an unchanged re-import reserves but does not use them).
    const mid = await db.$queryRaw<{ s: bigint }[]>`SELECT "changeSeq" AS s FROM directory_user ORDER BY "changeSeq" OFFSET ${Math.floor(users / 2)} LIMIT 1`;
    const watermark = mid[0]?.s ?? (await currentSeq());
    const changes = await timeRuns(runs, async () => {
      const r = await readChanges(watermark, 1000);
      if (r.changes.length !== 1000) throw new Error("expected 1000 changes");
    });

    const result = {
      users, runs,
      import: { rows: users, ms: Math.round(importMs), rowsPerSecond: Math.round(users / (importMs / 1000)), reimportUnchangedMs: Math.round(reimportMs), reimportRowsPerSecond: Math.round(users / (reimportMs / 1000)) },
      listLatencyMs: list,
      readChanges1000Ms: changes,
      machine: { cpus: (await import("node:os")).cpus().length, loadavg: (await import("node:os")).loadavg().map((x) => +x.toFixed(2)) },
      at: new Date().toISOString(),
    };
    console.log("");
    console.log("| measure                                   | value |");
    console.log("|-------------------------------------------|-------|");
    console.log(`| CSV import ${users} rows (new users)       | ${result.import.rowsPerSecond.toLocaleString("en-US")} rows/s (${(importMs / 1000).toFixed(1)} s) |`);
    console.log(`| CSV re-import (all unchanged)              | ${result.import.reimportRowsPerSecond.toLocaleString("en-US")} rows/s (${(reimportMs / 1000).toFixed(1)} s) |`);
    for (const [k, v] of Object.entries(list)) console.log(`| list ${k.padEnd(37)} | p50 ${v.p50} ms, p95 ${v.p95} ms |`);
    console.log(`| readChanges(1000) after watermark         | p50 ${changes.p50} ms, p95 ${changes.p95} ms |`);
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync(path.join("bench-results", "directory.json"), JSON.stringify(result, null, 2));
    console.log("\nwritten to bench-results/directory.json");
  } finally {
    await disconnect?.();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(`bench:directory failed: ${(e as Error).message}`);
  process.exit(1);
});
