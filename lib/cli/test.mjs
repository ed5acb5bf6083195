// `npm test`: typecheck, lint, build, unit/integration tests (vitest) and
// end-to-end tests (Playwright, real Chromium) on a fresh database of their own:
// a new database on the server of DATABASE_URL when set, else a throwaway
// embedded PostgreSQL server (temp data directory, free loopback port).
// The database is removed afterwards, pass, fail or Ctrl-C.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "./embedded-db.mjs";
import { bin, run } from "./run.mjs";

const say = (m) => process.stdout.write(`\n[test] ${m}\n`);
// `npm test -- unit e2e` runs only the named steps; words after a second `--` filter
// the test files (`npm test -- e2e -- e2e/ui/auth.spec.ts`).
const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
const steps = sep >= 0 ? argv.slice(0, sep) : argv;
const filters = sep >= 0 ? argv.slice(sep + 1) : [];
const want = (s) => steps.length === 0 || steps.includes(s);

async function createDatabase(baseUrl) {
  const name = `provisio_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

// Ctrl-C during a run: the embedded server runs in its own process group, so stop it here.
function onSignal(cleanup) {
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, () => { cleanup().finally(() => process.exit(130)); });
  }
}

/** "file > test: first line of the message" for each failed test of a vitest JSON report. */
function failuresOf(report) {
  try {
    const r = JSON.parse(fs.readFileSync(report, "utf8"));
    return r.testResults.flatMap((f) => {
      const file = path.relative(process.cwd(), f.name);
      const tests = f.assertionResults.filter((t) => t.status === "failed").map((t) => `${file} > ${t.fullName}: ${(t.failureMessages[0] ?? "").split("\n")[0]}`);
      // a file that failed outside its tests (import error, hook)
      return tests.length || f.status !== "failed" ? tests : [`${file}: ${(f.message ?? "").split("\n")[0]}`];
    });
  } catch {
    return [];
  }
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
  if (want("typecheck")) { say("typecheck"); await run(bin("tsc"), ["--noEmit", "-p", "."], { label: "typecheck" }); }
  if (want("lint")) { say("lint"); await run(bin("eslint"), ["--max-warnings=0", "."], { label: "lint" }); }
  // `npm test -- typecheck lint` needs no database: none is created or started
  if (!want("unit") && !want("e2e")) { say("all asked-for steps passed"); return; }

  let cleanup = async () => {};
  if (process.env.DATABASE_URL) {
    const created = await createDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = created.url;
    env.PROVISIO_TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL; // lets tests create more databases
    cleanup = created.drop;
    say(`database: a fresh database on the DATABASE_URL server`);
  } else {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-test-"));
    fs.chmodSync(tmp, 0o711); // as root the server runs as the user postgres, which must reach its data directory
    let db = null;
    cleanup = async () => { await db?.stop(); fs.rmSync(tmp, { recursive: true, force: true }); };
    onSignal(cleanup);
    db = await startEmbeddedPostgres({
      dataDir: path.join(tmp, "postgres"), password: randomBytes(18).toString("base64url"), database: "provisio_test",
      // Vitest files run in parallel and several start worker processes of their own.
      maxConnections: 400,
      // A throwaway server: durability against an OS crash buys nothing here.
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
    });
    env.DATABASE_URL = db.url;
    env.PROVISIO_TEST_ADMIN_DATABASE_URL = db.adminUrl;
    say(`database: a throwaway embedded PostgreSQL server on port ${db.port} (set DATABASE_URL to use a Postgres server)`);
  }
  env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  env.PROVISIO_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  env.PROVISIO_ALLOW_PRIVATE_TARGETS = "true";
  env.ADMIN_EMAIL = "admin@provisio.test";
  env.ADMIN_PASSWORD = `Test-${randomBytes(9).toString("base64url")}`;
  env.E2E_PORT = String(await freePort());
  // the local OpenID provider of the SSO tests (e2e/idp/settings.ts, e2e/ui/oidc.spec.ts)
  env.E2E_OIDC_PORT = String(await freePort());
  // /metrics of the e2e server (e2e/api/metrics.spec.ts scrapes it)
  env.PROVISIO_METRICS_TOKEN = randomBytes(24).toString("base64url");
  env.NEXTAUTH_URL = `http://127.0.0.1:${env.E2E_PORT}`;
  // the e2e web server's own output, read by e2e/api/security-secrets.spec.ts
  env.E2E_SERVER_LOG = path.join(os.tmpdir(), `provisio-e2e-server-${process.pid}-${Date.now()}.log`);

  let failed = null;
  // vitest's failures are printed again at the very end: CI logs keep their tail, which Playwright's output fills
  const vitestReport = path.join(os.tmpdir(), `provisio-vitest-${process.pid}-${Date.now()}.json`);
  let vitestFailures = [];
  try {
    await run(bin("prisma"), ["migrate", "deploy"], { env, label: "prisma migrate deploy", quiet: true });
    if (want("unit")) {
      say("unit and integration tests (vitest)");
      await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`, ...filters], { env, label: "vitest" })
        .catch((e) => { failed ??= e; vitestFailures = failuresOf(vitestReport); });
    }
    if (want("e2e")) {
      say("build");
      await run(bin("next"), ["build"], { env, label: "next build" });
      say("end-to-end tests (Playwright)");
      await run(bin("playwright"), ["test", ...filters], { env, label: "playwright" }).catch((e) => { failed ??= e; });
    }
  } catch (e) {
    failed ??= e;
  } finally {
    await cleanup().catch((e) => process.stderr.write(`[test] cleanup failed: ${e.message}\n`));
    fs.rmSync(env.E2E_SERVER_LOG, { force: true });
    fs.rmSync(vitestReport, { force: true });
  }
  if (vitestFailures.length) say(`vitest failures:\n${vitestFailures.map((f) => `  ✗ ${f}`).join("\n")}`);
  if (failed) throw failed;
  say("all tests passed");
}

main().catch((err) => { process.stderr.write(`\n[test] ${err.message}\n`); process.exit(1); });
