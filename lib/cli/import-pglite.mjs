// `npm run db:import-pglite`: carries the data of an earlier Provisio version (PGlite, in
// ./.data/pglite) over into the embedded PostgreSQL server (./.data/postgres), once.
//  1. PGlite's own pg_dump (@electric-sql/pglite-tools) dumps a *copy* of ./.data/pglite — PGlite
//     writes to the directory it opens, and the original is kept untouched until the admin
//     deletes it;
//  2. the dump is restored into a fresh `provisio` database; a `provisio` database already there
//     (say the demo data of a first `npm start`) is renamed, never dropped;
//  3. `prisma migrate deploy` brings the schema to this version;
//  4. every table's row count is compared with PGlite's; any difference fails the import.
// PGlite is not a dependency of Provisio any more: when it is missing, the exact command that
// installs it for this run is printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { acquireDataLock } from "./data-lock.mjs";
import { startEmbeddedPostgres } from "./embedded-db.mjs";
import { IMPORT_COMMAND } from "./pglite-notice.mjs";
import { bin, run } from "./run.mjs";
import { loadOrCreateSecrets } from "./secrets.mjs";


const say = (m) => process.stdout.write(`[import] ${m}\n`);

class ImportError extends Error {
  constructor(message, code = 1) { super(message); this.name = "ImportError"; this.exitCode = code; }
}

async function loadPglite() {
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
    return { PGlite, pgDump };
  } catch {
    throw new ImportError(`PGlite's dump tools are not installed (Provisio no longer depends on them). Run:\n  ${IMPORT_COMMAND}`, 2);
  }
}

const quote = (name) => `"${name.replace(/"/g, '""')}"`;

async function countRows(query) {
  const { rows: tables } = await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counts = {};
  for (const { tablename } of tables) {
    const { rows } = await query(`SELECT count(*)::int AS n FROM public.${quote(tablename)}`);
    counts[tablename] = rows[0].n;
  }
  return counts;
}

/** pg_dump's psql meta-commands (\restrict and the like) are not SQL; the server would refuse them. */
const sqlOnly = (dump) => dump.split("\n").filter((l) => !l.startsWith("\\")).join("\n");

export async function importPglite({ dataDir, log = say }) {
  const source = path.join(dataDir, "pglite");
  if (!fs.existsSync(path.join(source, "PG_VERSION"))) throw new ImportError(`There is no PGlite data to import: ${source} does not exist.`, 2);
  const { PGlite, pgDump } = await loadPglite();

  const asRoot = process.getuid?.() === 0;
  fs.chmodSync(dataDir, asRoot ? 0o711 : 0o700);
  const release = acquireDataLock(dataDir);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-pglite-"));
  let server = null;
  try {
    log(`reading a copy of ${source} with PGlite (the original stays as it is) …`);
    fs.cpSync(source, path.join(work, "pglite"), { recursive: true });
    const lite = await PGlite.create(path.join(work, "pglite"));
    const expected = await countRows(async (sql) => lite.query(sql));
    const dump = sqlOnly(await (await pgDump({ pg: lite, args: ["--no-owner", "--no-privileges"] })).text());
    await lite.close();
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    log(`PGlite holds ${Object.keys(expected).length} tables, ${total} rows`);

    const secrets = loadOrCreateSecrets(dataDir);
    server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), password: secrets.POSTGRES_PASSWORD, logFile: path.join(dataDir, "postgres.log") });
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'provisio'`);
      if (rowCount) {
        const kept = `provisio_before_pglite_import_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
        await admin.query(`ALTER DATABASE provisio RENAME TO ${quote(kept)}`);
        log(`the database provisio already there is kept as ${kept} (drop it when you no longer need it)`);
      }
      await admin.query(`CREATE DATABASE provisio`);
    } finally {
      await admin.end();
    }
    const url = new URL(server.adminUrl);
    url.pathname = "/provisio";
    const target = new pg.Client({ connectionString: url.toString() });
    await target.connect();
    try {
      await target.query(dump);
      // pg_dump empties the search path for its own session; this one ends here.
      const actual = await countRows((sql) => target.query(sql));
      const wrong = Object.entries(expected).filter(([t, n]) => actual[t] !== n);
      if (wrong.length) {
        throw new ImportError(`The copy does not match PGlite: ${wrong.map(([t, n]) => `${t} ${actual[t] ?? "missing"} of ${n}`).join(", ")}. ./.data/pglite is unchanged.`);
      }
    } finally {
      await target.end();
    }
    log(`restored; every table's row count matches (${total} rows). Applying this version's migrations …`);
    await run(bin("prisma"), ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url.toString() }, label: "prisma migrate deploy", quiet: true });
    log(`done. ${source} was not changed; delete it when you no longer need it. Start Provisio with npm start.`);
    return { tables: Object.keys(expected).length, rows: total, counts: expected };
  } finally {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
    release();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = path.resolve(process.cwd(), process.env.PROVISIO_DATA_DIR || ".data");
  importPglite({ dataDir }).then(
    () => process.exit(0),
    (err) => { process.stderr.write(`[import] ${err.message}\n`); process.exit(err.exitCode ?? 1); },
  );
}
