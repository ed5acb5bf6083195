// Carry-over from the PGlite edition: a ./.data/pglite made the way that version made it (PGlite
// 0.4.6, the migrations it shipped with, data in them) is imported by `npm run db:import-pglite`
// into the embedded PostgreSQL server; every row arrives, this version's migrations are applied on
// top, the database a first `npm start` made is kept under another name, and ./.data/pglite is
// byte for byte unchanged.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

type Db = { adminUrl: string; url: string; stop: () => Promise<void> };
// Plain ESM scripts without type declarations (paths in variables keep tsc out of them).
const embeddedPath = "./embedded-db.mjs";
const secretsPath = "./secrets.mjs";
const { startEmbeddedPostgres } = (await import(embeddedPath)) as { startEmbeddedPostgres: (o: { dataDir: string; password: string; database: string }) => Promise<Db> };
const { loadOrCreateSecrets } = (await import(secretsPath)) as { loadOrCreateSecrets: (dataDir: string) => { POSTGRES_PASSWORD: string } };

const root = path.resolve(__dirname, "../..");
const migrationsDir = path.join(root, "prisma", "migrations");
const allMigrations = fs.readdirSync(migrationsDir).filter((d) => fs.existsSync(path.join(migrationsDir, d, "migration.sql"))).sort();
// The PGlite edition shipped the migrations up to the sync slice (the preview and reconcile ones came with the PostgreSQL server).
const pgliteMigrations = allMigrations.filter((m) => m <= "20261127090000_sync_slice");

function treeHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      h.update(path.relative(dir, p));
      if (e.isDirectory()) walk(p);
      else h.update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-import-"));
fs.chmodSync(tmp, 0o711); // as root the server runs as the user postgres
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function makePgliteInstall(dataDir: string, users: { upn: string; name: string }[]) {
  const lite = await PGlite.create(path.join(dataDir, "pglite"));
  await lite.exec(`CREATE TABLE "_prisma_migrations" (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
    migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`);
  for (const m of pgliteMigrations) {
    const sql = fs.readFileSync(path.join(migrationsDir, m, "migration.sql"), "utf8");
    await lite.exec(sql);
    await lite.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), createHash("sha256").update(sql).digest("hex"), m]);
  }
  for (const [i, u] of users.entries()) {
    await lite.query(`INSERT INTO directory_user (id, "userPrincipalName", "upnKey", "displayName", "extensionAttributes", "changeSeq", "updatedAt") VALUES ($1, $2, lower($2), $3, $4, $5, now())`,
      [`u-${i}`, u.upn, u.name, JSON.stringify({ note: `it's "quoted" \\ ${u.name}` }), i + 1]);
  }
  await lite.query(`INSERT INTO directory_group (id, "displayName", "changeSeq", "updatedAt") VALUES ('g-0', 'Customer Success', 9, now())`);
  await lite.query(`INSERT INTO group_member ("groupId", "userId") VALUES ('g-0', 'u-0'), ('g-0', 'u-1')`);
  await lite.close();
}

function runImport(dataDir: string) {
  return spawnSync(process.execPath, [path.join(root, "lib/cli/import-pglite.mjs")], {
    cwd: root, encoding: "utf8", timeout: 300_000,
    env: { ...process.env, PROVISIO_DATA_DIR: dataDir, DATABASE_URL: "" },
  });
}

describe("npm run db:import-pglite", () => {
  it("carries a PGlite install over, verified, migrated, keeping both the PGlite directory and the database it replaces", async () => {
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(dataDir, { mode: 0o711 });
    const users = [
      { upn: "lucie@contoso.test", name: "Lucie Ørsted" },
      { upn: "leola@contoso.test", name: "Leola O'Brien" },
      { upn: "pat@contoso.test", name: "帕特 Pat" },
    ];
    await makePgliteInstall(dataDir, users);
    const before = treeHash(path.join(dataDir, "pglite"));

    // What a first `npm start` of this version made before the admin read the notice: a provisio database of its own.
    const secrets = loadOrCreateSecrets(dataDir);
    let db: Db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), password: secrets.POSTGRES_PASSWORD, database: "provisio" });
    const first = new pg.Client({ connectionString: db.url });
    await first.connect();
    await first.query(`CREATE TABLE demo_marker (v text); INSERT INTO demo_marker VALUES ('first start')`);
    await first.end();
    await db.stop();

    const r = runImport(dataDir);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("every table's row count matches");

    expect(treeHash(path.join(dataDir, "pglite"))).toBe(before);
    db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), password: secrets.POSTGRES_PASSWORD, database: "provisio" });
    try {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const rows = (await c.query(`SELECT "userPrincipalName" AS upn, "displayName" AS name, "extensionAttributes" AS ext FROM directory_user ORDER BY id`)).rows;
      expect(rows.map((x) => ({ upn: x.upn, name: x.name }))).toEqual(users);
      expect(rows[1].ext).toEqual({ note: `it's "quoted" \\ Leola O'Brien` });
      expect((await c.query(`SELECT "userId" FROM group_member WHERE "groupId" = 'g-0' ORDER BY "userId"`)).rows.map((x) => x.userId)).toEqual(["u-0", "u-1"]);
      // This version's migrations ran on top: every migration is recorded as applied, and the newer tables exist.
      const applied = (await c.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`)).rows.map((x) => x.migration_name);
      expect(applied).toEqual(allMigrations);
      expect((await c.query(`SELECT to_regclass('public.sync_preview') AS t`)).rows[0].t).toBe("sync_preview");
      await c.end();
      const admin = new pg.Client({ connectionString: db.adminUrl });
      await admin.connect();
      const kept = (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'provisio_before_pglite_import_%'`)).rows;
      await admin.end();
      expect(kept).toHaveLength(1);
      const k = new pg.Client({ connectionString: db.adminUrl.replace(/\/postgres$/, `/${kept[0].datname}`) });
      await k.connect();
      expect((await k.query(`SELECT v FROM demo_marker`)).rows).toEqual([{ v: "first start" }]);
      await k.end();
    } finally {
      await db.stop();
    }
  }, 600_000);

  it("says there is nothing to import when there is no PGlite directory, and changes nothing", () => {
    const dataDir = path.join(tmp, `empty-${randomBytes(3).toString("hex")}`);
    fs.mkdirSync(dataDir, { mode: 0o711 });
    const r = runImport(dataDir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`There is no PGlite data to import: ${path.join(dataDir, "pglite")} does not exist.`);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
