// `npm start`: Provisio with demo data. Configuration is checked first: a
// missing or malformed variable stops here, before any database is touched.
// Without DATABASE_URL it runs an embedded PostgreSQL server from
// ./.data/postgres (PROVISIO_DATA_DIR moves .data) and generates the secrets it needs once (./.data/secrets.json,
// mode 0600). It owns every process it starts: Ctrl-C / SIGTERM stops them all,
// and if the database dies it says so and stops rather than serve errors.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { checkConfiguration } from "./config-check.mjs";
import { startEmbeddedPostgres, runningServerPid } from "./embedded-db.mjs";
import { acquireDataLock } from "./data-lock.mjs";
import { pgliteNotice } from "./pglite-notice.mjs";
import { loadOrCreateSecrets } from "./secrets.mjs";
import { bin, run } from "./run.mjs";

const root = process.cwd();
// PROVISIO_DATA_DIR moves the embedded data (tests start several servers side by side).
const dataDir = path.resolve(root, process.env.PROVISIO_DATA_DIR || ".data");
const shown = (sub) => (process.env.PROVISIO_DATA_DIR ? path.join(dataDir, sub) : `./.data/${sub}`);
const children = [];
let embedded = null;
let releaseLock = () => {};
let stopping = false;

function say(msg) { process.stdout.write(`[provisio] ${msg}\n`); }

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const c of children.reverse()) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGTERM");
      await new Promise((r) => { const t = setTimeout(() => { c.kill("SIGKILL"); r(); }, 15_000); c.once("exit", () => { clearTimeout(t); r(); }); });
    }
  }
  if (embedded) await embedded.stop();
  releaseLock();
  say("stopped.");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
process.on("SIGHUP", () => shutdown(0));

function buildIsStale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const newer = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "generated" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > built) return true;
    }
    return false;
  };
  return ["app", "components", "lib", "public"].some((d) => fs.existsSync(d) && newer(path.join(root, d)));
}

/** A server left running by an `npm start` that was killed (SIGKILL leaves no chance to stop it): stop it before starting ours. */
async function stopLeftoverServer(pgDir) {
  const pid = runningServerPid(pgDir);
  if (!pid) return;
  say(`stopping the database server (pid ${pid}) left running by an earlier npm start that did not stop cleanly …`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (runningServerPid(pgDir)) {
    if (Date.now() > deadline) throw new Error(`The database server (pid ${pid}) left running on ${shown("postgres")} did not stop. Stop it (kill ${pid}) and run npm start again.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startEmbedded(env) {
  // As root the server runs as the user postgres: it must be able to pass through .data (secrets.json stays 0600).
  const asRoot = process.getuid?.() === 0;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, asRoot ? 0o711 : 0o700);
  releaseLock = acquireDataLock(dataDir); // throws the "already running" sentence
  const secrets = loadOrCreateSecrets(dataDir);
  env.NEXTAUTH_SECRET ??= secrets.NEXTAUTH_SECRET;
  env.PROVISIO_ENCRYPTION_KEY ??= secrets.PROVISIO_ENCRYPTION_KEY;
  // The demo talks to SCIM targets on this machine.
  env.PROVISIO_ALLOW_PRIVATE_TARGETS ??= "true";
  const pgDir = path.join(dataDir, "postgres");
  const firstStart = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
  await stopLeftoverServer(pgDir);
  say(`${firstStart ? "creating" : "starting"} the embedded database (PostgreSQL) in ${shown("postgres")} …`);
  const notice = pgliteNotice(dataDir);
  embedded = await startEmbeddedPostgres({ dataDir: pgDir, password: secrets.POSTGRES_PASSWORD, database: "provisio", logFile: path.join(dataDir, "postgres.log") });
  embedded.child.once("exit", (code, signal) => {
    if (stopping) return;
    say(`the embedded database stopped unexpectedly (${signal ? `killed by ${signal}` : `exit ${code}`}); stopping Provisio so it does not answer with errors. Its log is ${shown("postgres.log")}; run npm start again to restart.`);
    shutdown(1);
  });
  env.DATABASE_URL = embedded.url;
  if (notice) process.stdout.write(`\n${notice}\n\n`);
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const port = env.PORT ?? "3000";
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  const embeddedMode = !env.DATABASE_URL;
  // Before anything touches a database: in embedded mode the secrets and the URL are ours to provide.
  const problems = await checkConfiguration(env, { embedded: embeddedMode });
  if (problems) {
    process.stderr.write(`[provisio] ${problems}\n[provisio] nothing was started.\n`);
    process.exit(2);
  }
  if (embeddedMode) await startEmbedded(env);
  else say("using the database from DATABASE_URL");

  say("applying database migrations …");
  await run(bin("prisma"), ["migrate", "deploy"], { env, label: "prisma migrate deploy", quiet: true });

  const seed = path.join(root, "prisma", "seed-demo.ts");
  if (fs.existsSync(seed) && !env.PROVISIO_SKIP_DEMO) {
    await run(bin("tsx"), [seed, "--if-empty"], { env, label: "demo data" });
  }

  // PROVISIO_SKIP_BUILD: the build is made separately (tests run start against the build they test).
  if (!env.PROVISIO_SKIP_BUILD && buildIsStale()) {
    say("building the web app (first start only, about a minute) …");
    await run(bin("next"), ["build"], { env, label: "next build" });
  }

  const web = spawn(bin("next"), ["start", "-p", port, "-H", env.HOSTNAME ?? "0.0.0.0"], { env, stdio: ["ignore", "pipe", "inherit"] });
  children.push(web);
  let printedAdmin = false;
  let announced = false;
  web.stdout.on("data", (d) => {
    process.stdout.write(d);
    if (String(d).includes("First administrator created")) printedAdmin = true;
    if (!announced && String(d).includes("Ready")) {
      announced = true;
      // "Ready" comes before the server's start-up hook (which creates and prints the first
      // administrator) has run: announce only once the server answers.
      announceWhenHealthy(port, env).then(() => {
        if (stopping) return;
        say(`Provisio is running at ${env.NEXTAUTH_URL}`);
        say(env.ADMIN_EMAIL
          ? `sign in as ${env.ADMIN_EMAIL} with ADMIN_PASSWORD`
          : printedAdmin
            ? "sign in with the administrator printed above"
            : "sign in with your administrator account (or set ADMIN_EMAIL and ADMIN_PASSWORD)");
        say("press Ctrl-C to stop");
      });
    }
  });
  web.once("exit", (code) => { if (!stopping) { say(`the web server exited (code ${code})`); shutdown(code ?? 1); } });
}

async function announceWhenHealthy(port) {
  const deadline = Date.now() + 120_000;
  while (!stopping && Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

main().catch((err) => { process.stderr.write(`[provisio] ${err.message}\n`); shutdown(1); });
