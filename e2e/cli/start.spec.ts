// `npm start` owns its embedded PostgreSQL server (lib/cli/start.mjs): observed as an admin
// would — its output, its exit code, the port it serves, the files under its data directory.
// Each start gets a data directory of its own (PROVISIO_DATA_DIR) and uses the build the e2e
// step just made (PROVISIO_SKIP_BUILD). Also: configuration errors stop it before any database
// is touched, and an old ./.data/pglite is left untouched with a notice saying so.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer();
  s.listen(0, "127.0.0.1", () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
});

function baseEnv(extra: Record<string, string>) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...extra };
  // As a newcomer runs it: no database, no secrets, no URL of the e2e server.
  for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "PROVISIO_ENCRYPTION_KEY", "NEXTAUTH_URL", "PROVISIO_TEST_ADMIN_DATABASE_URL", "E2E_SERVER_LOG"]) if (!(k in extra)) delete env[k];
  return env;
}

/** Runs `node lib/cli/start.mjs` in its own process group (a terminal's Ctrl-C reaches the whole group). */
function start(env: Record<string, string>): Started {
  const child: ChildProcess = spawn(process.execPath, ["lib/cli/start.mjs"], { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function until(what: string, fn: () => boolean | Promise<boolean>, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const postmasterPid = (dir: string) => Number(fs.readFileSync(path.join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
const health = (port: number) => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, () => 0);

test.describe("[CLI] npm start on the embedded database", () => {
  test.describe.configure({ mode: "serial" });
  const dirs: string[] = [];
  const running: Started[] = [];
  const newDataDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-start-"));
    fs.chmodSync(d, 0o711); // as root the server runs as the user postgres
    dirs.push(d);
    return path.join(d, "data");
  };
  test.afterAll(async () => {
    for (const s of running) if (s.child.exitCode === null) { try { process.kill(-s.child.pid!, "SIGINT"); } catch { /* gone */ } await s.exited; }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test("owns its server: a second start refuses, kill -9 of the database stops Provisio, the data survives, Ctrl-C stops everything cleanly", async () => {
    test.setTimeout(360_000);
    const dataDir = newDataDir();
    const port = await freePort();
    const env = baseEnv({ PROVISIO_DATA_DIR: dataDir, PORT: String(port), HOSTNAME: "127.0.0.1", PROVISIO_SKIP_BUILD: "1", ADMIN_EMAIL: "owner@provisio.test", ADMIN_PASSWORD: "Owner-password-1" });

    const first = start(env);
    running.push(first);
    await until("the first start to be running", () => first.output().includes("Provisio is running") || first.child.exitCode !== null);
    expect(first.output()).toContain("creating the embedded database (PostgreSQL)");
    expect(await health(port)).toBe(200);
    const secrets = path.join(dataDir, "secrets.json");
    expect(fs.statSync(secrets).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(fs.readFileSync(secrets, "utf8"))).sort()).toEqual(["NEXTAUTH_SECRET", "POSTGRES_PASSWORD", "PROVISIO_ENCRYPTION_KEY"]);

    // Something to find again after the crash.
    const token = (await (await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "owner@provisio.test", password: "Owner-password-1" }) })).json()).access_token as string;
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/users`, { method: "POST", headers: auth, body: JSON.stringify({ userPrincipalName: "survivor@contoso.test", displayName: "Survivor" }) });
    expect(created.status).toBe(201);

    // A second start on the same data refuses with a sentence and leaves the first alone.
    const second = start({ ...env, PORT: String(await freePort()) });
    running.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`Another npm start or db:import-pglite (pid ${first.child.pid}) is already running on ${dataDir}`);
    expect(await health(port)).toBe(200);

    // kill -9 of the database: Provisio says so and stops; nothing keeps answering on the port.
    const pg1 = postmasterPid(dataDir);
    process.kill(pg1, "SIGKILL");
    expect(await first.exited).toBe(1);
    expect(first.output()).toContain("the embedded database stopped unexpectedly (killed by SIGKILL)");
    expect(await health(port)).toBe(0); // connection refused, not a 500
    await until("the old server's processes to end", () => !alive(pg1), 30_000);

    // Started again: crash recovery, the data is there.
    const third = start(env);
    running.push(third);
    await until("the restart to be running", () => third.output().includes("Provisio is running") || third.child.exitCode !== null);
    expect(third.output()).toContain("starting the embedded database (PostgreSQL)");
    const found = await (await fetch(`http://127.0.0.1:${port}/api/v1/users?q=survivor`, { headers: auth })).json();
    expect(found.items.map((u: { userPrincipalName: string }) => u.userPrincipalName)).toEqual(["survivor@contoso.test"]);

    // Ctrl-C (SIGINT to the process group): web server and database stop, the database cleanly.
    const pg3 = postmasterPid(dataDir);
    process.kill(-third.child.pid!, "SIGINT");
    expect(await third.exited).toBe(0);
    expect(third.output()).toContain("[provisio] stopped.");
    expect(alive(pg3)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, "postgres.log"), "utf8")).toContain("database system is shut down");
    expect(fs.existsSync(path.join(dataDir, "npm-start.pid"))).toBe(false);
    expect(await health(port)).toBe(0);
  });

  test("configuration errors stop it before any database is touched, naming what to set", async () => {
    test.setTimeout(300_000); // 15 starts, each loading the app's configuration schema
    const dataDir = newDataDir();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ DATABASE_URL: "postgresql://postgres@127.0.0.1:9/none" }, /NEXTAUTH_SECRET is not set\. Set it to a random string of at least 32 characters[\s\S]*PROVISIO_ENCRYPTION_KEY is not set\. Set it to 32 random bytes/],
      [{ DATABASE_URL: "postgresql://postgres@127.0.0.1:9/none", NEXTAUTH_SECRET: "s".repeat(40) }, /PROVISIO_ENCRYPTION_KEY is not set/],
      [{ DATABASE_URL: "postgresql://postgres@127.0.0.1:9/none", NEXTAUTH_SECRET: "short", PROVISIO_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") }, /NEXTAUTH_SECRET must be at least 32 characters long/],
      [{ DATABASE_URL: "mysql://x@127.0.0.1/none", NEXTAUTH_SECRET: "s".repeat(40), PROVISIO_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
      [{ PROVISIO_ENCRYPTION_KEY: "too-short" }, /PROVISIO_ENCRYPTION_KEY must be 32 bytes in base64 or hex/],
      [{ ADMIN_EMAIL: "not-an-email" }, /ADMIN_EMAIL must be an email address/],
      [{ PROVISIO_WORKER: "sometimes" }, /PROVISIO_WORKER must be `inline` or `off`/],
      [{ PORT: "70000" }, /PORT:/],
      [{ SMTP_URL: "http://mail" }, /SMTP_URL must look like smtp:\/\//],
      [{ PROVISIO_WORKER_CONCURRENCY: "0" }, /PROVISIO_WORKER_CONCURRENCY:/],
      [{ PROVISIO_DB_POOL_SIZE: "lots" }, /PROVISIO_DB_POOL_SIZE:/],
      [{ PROVISIO_LOG_LEVEL: "chatty" }, /PROVISIO_LOG_LEVEL:/],
      [{ PROVISIO_ALLOW_PRIVATE_TARGETS: "maybe" }, /PROVISIO_ALLOW_PRIVATE_TARGETS:/],
      [{ NEXTAUTH_URL: "not a url" }, /NEXTAUTH_URL must be the portal's public URL/],
      [{ ADMIN_EMAIL: "a@b.test", ADMIN_PASSWORD: "short" }, /ADMIN_PASSWORD must be at least 8 characters/],
    ];
    for (const [vars, sentence] of cases) {
      const s = start(baseEnv({ PROVISIO_DATA_DIR: dataDir, PORT: String(await freePort()), PROVISIO_SKIP_BUILD: "1", ...vars }));
      running.push(s);
      const code = await s.exited;
      expect(code, `${JSON.stringify(vars)}\n${s.output()}`).toBe(2);
      expect(s.output()).toMatch(sentence);
      expect(s.output()).toContain("nothing was started");
      expect(s.output()).not.toMatch(/applying database migrations|embedded database/);
    }
    // Nothing was created: no data directory, no database server.
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test("an old ./.data/pglite is left untouched and the start says so", async () => {
    test.setTimeout(240_000);
    const dataDir = newDataDir();
    // What the previous version left: a PGlite data directory (its files are only read by PGlite).
    const old = path.join(dataDir, "pglite");
    fs.mkdirSync(path.join(old, "base", "1"), { recursive: true });
    fs.writeFileSync(path.join(old, "PG_VERSION"), "17\n");
    fs.writeFileSync(path.join(old, "base", "1", "1259"), Buffer.alloc(8192, 7));
    const before = fs.readdirSync(old, { recursive: true }).map(String).sort();
    const port = await freePort();
    const s = start(baseEnv({ PROVISIO_DATA_DIR: dataDir, PORT: String(port), HOSTNAME: "127.0.0.1", PROVISIO_SKIP_BUILD: "1", PROVISIO_SKIP_DEMO: "1" }));
    running.push(s);
    await until("the start to be running", () => s.output().includes("Provisio is running") || s.child.exitCode !== null);
    expect(s.output()).toContain("./.data/pglite holds data from an earlier Provisio version");
    expect(s.output()).toContain("does not read PGlite data and has left");
    expect(s.output()).toContain("npm install --no-save @electric-sql/pglite@0.4.6 @electric-sql/pglite-tools@0.3.6 && npm run db:import-pglite");
    expect(fs.readdirSync(old, { recursive: true }).map(String).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(old, "base", "1", "1259"))).toEqual(Buffer.alloc(8192, 7));
    process.kill(-s.child.pid!, "SIGINT");
    expect(await s.exited).toBe(0);
  });
});
