// Fault: the database restarts during a cycle. The machine's shared Postgres cannot be restarted
// (other test files use it), so this file runs against its own embedded PostgreSQL server (the one
// `npm start` runs) on a temp dir and a fixed port, whose postmaster it SIGKILLs mid-cycle and
// starts again on the same dir and port (crash recovery). A real worker process (`npm run worker`'s entry) does the work.
// DATABASE_URL is switched before anything imports lib/db, so the fixture and the `db` singleton
// of this test file talk to the embedded database too.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnWorker, until } from "../test/workers";
import { afterAll, describe, expect, it } from "vitest";

type EmbeddedDb = { url: string; port: number; child: ChildProcess; exited: Promise<unknown>; stop: () => Promise<void> };
type EmbeddedModule = {
  freePort: () => Promise<number>;
  startEmbeddedPostgres: (o: { dataDir: string; port?: number; password: string; database?: string }) => Promise<EmbeddedDb>;
};
// A .mjs module (shared with `npm start`): typed here rather than through allowJs.
const embeddedPath = "../cli/embedded-db.mjs";
const { freePort, startEmbeddedPostgres } = (await import(embeddedPath)) as EmbeddedModule;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-dbrestart-"));
fs.chmodSync(dataDir, 0o711); // as root the server runs as the user postgres
const port = await freePort();
const startDb = () => startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port, password: "restart-test", database: "provisio" });
let server = await startDb();
process.env.DATABASE_URL = server.url;
process.env.PROVISIO_DB_POOL_SIZE = "4";
await new Promise<void>((resolve, reject) => {
  const c = spawn(process.execPath, [path.join(process.cwd(), "node_modules/prisma/build/index.js"), "migrate", "deploy"], { env: process.env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  c.stderr?.on("data", (d) => (err += d));
  c.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate deploy on the embedded database failed: ${err}`))));
});

const { actor, assign, db, findTargetUser, newUser, scimApp, targetUsers } = await import("../test/sync-fixture");
const { createGroup, addMembers } = await import("../directory/groups");
const { updateUser } = await import("../directory/users");
const { LEASE_MS } = await import("./policy");

const workers: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];

const startWorkerProcess = (name: string) => spawnWorker(name, workers, { PROVISIO_LOG_LEVEL: "warn", PROVISIO_WORKER_CONCURRENCY: "2" });

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  for (const c of closers) await c().catch(() => undefined);
  await db.$disconnect().catch(() => undefined);
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("[SYNC][FAULTS] Postgres restarted during a cycle", () => {
  it("the worker survives, the cycle resumes from its checkpoint, the next cycle completes; no duplicates", async () => {
    const { app, target } = await scimApp();
    closers.push(() => target.close());
    const users: Awaited<ReturnType<typeof newUser>>[] = [];
    for (let i = 0; i < 80; i++) users.push(await newUser());
    for (const u of users) await assign(app.id, u.id);
    const groups = [];
    for (let g = 0; g < 3; g++) {
      const group = await createGroup(actor, { displayName: `Restart team ${g} ${app.id.slice(0, 6)}` });
      await addMembers(actor, group.id, users.slice(g * 20, g * 20 + 30).map((u) => u.id));
      await assign(app.id, group.id, "group");
      groups.push(group);
    }
    // Slow target: creates take 120 ms, so the cycle is mid-flight (SCIM calls in progress,
    // links not yet saved) when the database dies.
    target.inject({ kind: "latency", ms: 120 }, { times: 10_000, method: "POST" });

    const { child: worker, output } = startWorkerProcess("w1");
    await until("the first users in the target", () => targetUsers(target).length >= 12);
    server.child.kill("SIGKILL");
    await server.exited;
    const atCrash = targetUsers(target).length;
    expect(atCrash).toBeLessThan(80);
    // Stay down until the worker has felt it (its queue or a slice logged a connection error).
    await until("the worker to notice the outage", () => /ECONNREFUSED|Connection terminated|connection/i.test(output()), 30_000);
    server = await startDb();
    const restartedAt = Date.now();

    const initial = await until("the initial cycle to complete", async () => {
      const c = await db.syncCycle.findFirst({ where: { appId: app.id, type: "initial", status: { in: ["completed", "completed_with_failures"] } } });
      return c ?? undefined;
    }, 150_000);
    // The worker waited for the database and resumed in the same job: well within one lease
    // (without that, the job sat "active" until its heartbeat expired and the lease lapsed, ~70 s).
    expect(Date.now() - restartedAt).toBeLessThan(LEASE_MS);
    expect(worker.exitCode).toBeNull(); // the worker rode out the outage instead of dying
    // Resumed, not restarted: one initial cycle, finished by the slice that resumed it.
    const cycles = await db.syncCycle.findMany({ where: { appId: app.id }, orderBy: { startedAt: "asc" } });
    expect(cycles.map((c) => `${c.type}:${c.status}`)).toEqual([`initial:${initial.status}`]);
    expect(["completed", "completed_with_failures"]).toContain(initial.status);
    const slices = await db.syncSlice.findMany({ where: { appId: app.id }, orderBy: { startedAt: "asc" } });
    // (A job queued meanwhile — the tick, the change listener's catch-up after its reconnect — may
    // find nothing left to do afterwards: an idle slice of no cycle.)
    expect(slices.filter((s) => s.cycleId !== null).at(-1)).toMatchObject({ cycleId: initial.id, result: "done" });
    if (initial.status === "completed_with_failures") {
      // Under load an object can fail on the target side while the outage is noticed; it is
      // escrowed, not lost. Make the retry due now (instead of waiting a minute) and require
      // that the next cycle clears it — the end state below must still be exact.
      await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: new Date() } });
      await db.syncState.update({ where: { appId: app.id }, data: { nextRunAt: new Date() } }); // the worker's tick picks it up
      await until("the escrowed objects to be retried", async () => (await db.syncEscrow.count({ where: { appId: app.id } })) === 0, 60_000);
    }

    const names = targetUsers(target).map((u) => String(u.userName).toLowerCase());
    expect(names).toHaveLength(80);
    expect(new Set(names).size).toBe(80);
    for (const u of users) expect(findTargetUser(target, u.userPrincipalName)).toBeDefined();
    const targetGroups = [...target.state.groups.values()] as unknown as { displayName: string; members?: { value: string }[] }[];
    expect(targetGroups.map((g) => g.displayName).sort()).toEqual(groups.map((g) => g.displayName).sort());
    // Exact membership, duplicates included (the target records members as sent).
    const targetIdOf = new Map(targetUsers(target).map((u) => [String(u.userName).toLowerCase(), String(u.id)]));
    groups.forEach((group, g) => {
      const want = users.slice(g * 20, g * 20 + 30).map((u) => targetIdOf.get(u.userPrincipalName.toLowerCase())!).sort();
      const got = targetGroups.find((x) => x.displayName === group.displayName)!;
      expect((got.members ?? []).map((m) => m.value).sort()).toEqual(want);
    });
    expect(await db.syncLink.count({ where: { appId: app.id, objectType: "user" } })).toBe(80);

    // The next cycle: a change after the restart reaches the target through an incremental cycle.
    await updateUser(actor, users[0]!.id, { jobTitle: "After the restart" });
    await until("the change in the target", () => findTargetUser(target, users[0]!.userPrincipalName)?.title === "After the restart", 60_000);
    await until("an incremental cycle to complete", async () => (await db.syncCycle.count({ where: { appId: app.id, type: "incremental", status: "completed", startedAt: { gt: initial.startedAt } } })) > 0, 60_000);
    expect(targetUsers(target)).toHaveLength(80);
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
  }, 240_000);
});
