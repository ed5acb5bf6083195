// `npm start`: Provisio with demo data. Without DATABASE_URL it runs an
// embedded Postgres (PGlite) with data under ./.data/ and generates the
// secrets it needs once (./.data/secrets.json, mode 0600). It owns every
// process it starts and stops them on Ctrl-C / SIGTERM.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-db.mjs";
import { bin, run } from "./run.mjs";

const root = process.cwd();
const dataDir = path.join(root, ".data");
const children = [];
let embedded = null;
let stopping = false;

function say(msg) { process.stdout.write(`[provisio] ${msg}\n`); }

function loadOrCreateSecrets() {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, "secrets.json");
  let secrets = {};
  if (fs.existsSync(file)) secrets = JSON.parse(fs.readFileSync(file, "utf8"));
  let changed = false;
  if (!secrets.NEXTAUTH_SECRET) { secrets.NEXTAUTH_SECRET = randomBytes(32).toString("base64url"); changed = true; }
  if (!secrets.PROVISIO_ENCRYPTION_KEY) { secrets.PROVISIO_ENCRYPTION_KEY = randomBytes(32).toString("base64"); changed = true; }
  if (changed) fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return secrets;
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const c of children.reverse()) {
    if (c.exitCode === null) {
      c.kill("SIGTERM");
      await new Promise((r) => { const t = setTimeout(() => { c.kill("SIGKILL"); r(); }, 15_000); c.once("exit", () => { clearTimeout(t); r(); }); });
    }
  }
  if (embedded) await embedded.stop();
  say("stopped.");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

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
  return ["app", "components", "lib"].some((d) => fs.existsSync(d) && newer(path.join(root, d)));
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const port = env.PORT ?? "3000";
  if (!env.DATABASE_URL) {
    const secrets = loadOrCreateSecrets();
    env.NEXTAUTH_SECRET ??= secrets.NEXTAUTH_SECRET;
    env.PROVISIO_ENCRYPTION_KEY ??= secrets.PROVISIO_ENCRYPTION_KEY;
    // The demo talks to SCIM targets on this machine.
    env.PROVISIO_ALLOW_PRIVATE_TARGETS ??= "true";
    say("starting the embedded database (PGlite) in ./.data/pglite …");
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), maxConnections: 60 });
    children.push(embedded.child);
    embedded.child.once("exit", (code) => { if (!stopping) { say(`the embedded database stopped unexpectedly (exit ${code})`); shutdown(1); } });
    env.DATABASE_URL = embedded.url;
    env.PROVISIO_DB_POOL_SIZE ??= "8";
  } else {
    say("using the database from DATABASE_URL");
  }
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;

  say("applying database migrations …");
  await run(bin("prisma"), ["migrate", "deploy"], { env, label: "prisma migrate deploy", quiet: true });

  const seed = path.join(root, "prisma", "seed-demo.ts");
  if (fs.existsSync(seed) && !env.PROVISIO_SKIP_DEMO) {
    await run(bin("tsx"), [seed, "--if-empty"], { env, label: "demo data" });
  }

  if (buildIsStale()) {
    say("building the web app (first start only, about a minute) …");
    await run(bin("next"), ["build"], { env, label: "next build" });
  }

  const web = spawn(bin("next"), ["start", "-p", port, "-H", env.HOSTNAME ?? "0.0.0.0"], { env, stdio: ["ignore", "pipe", "inherit"] });
  children.push(web);
  web.stdout.on("data", (d) => {
    process.stdout.write(d);
    if (String(d).includes("Ready")) {
      say(`Provisio is running at ${env.NEXTAUTH_URL}`);
      say(env.ADMIN_EMAIL
        ? `sign in as ${env.ADMIN_EMAIL} with ADMIN_PASSWORD`
        : "sign in with the administrator printed above on first start (or set ADMIN_EMAIL and ADMIN_PASSWORD)");
      say("press Ctrl-C to stop");
    }
  });
  web.once("exit", (code) => { if (!stopping) { say(`the web server exited (code ${code})`); shutdown(code ?? 1); } });
}

main().catch((err) => { process.stderr.write(`[provisio] ${err.message}\n`); shutdown(1); });
