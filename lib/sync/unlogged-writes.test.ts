// Every write leaves a provisioning-log entry, crash or not: a real worker process against a
// real local SCIM target that records every request, killed with SIGKILL mid-cycle, or cut off
// from Postgres (its backends terminated) mid-cycle. Afterwards every write the target applied
// must be accounted for by a log entry of the object it wrote.
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnWorker, until } from "../test/workers";
import { actor, assign, db, newUser, scimApp, targetUsers, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");
const { enqueueSync } = await import("../jobs/enqueue");
const { getBoss, stopBoss, QUEUE_TICK } = await import("../jobs/boss");

const targets: TargetHandle[] = [];
const workers: ChildProcess[] = [];
const myApps: string[] = [];

beforeAll(async () => {
  // Apps left "on" by earlier test files point at targets that are gone: keep the workers on ours.
  await db.app.updateMany({ data: { status: "off" } });
});

const stopAll = () =>
  Promise.all(workers.map((w) => new Promise<void>((resolve) => {
    if (w.exitCode !== null || w.signalCode !== null) return resolve();
    w.once("exit", () => resolve());
    w.kill("SIGTERM");
  })));

/** The SIGKILLed worker may have died holding the cluster's tick: fail it, so later files get ticks at once, not after its expiry. */
async function releaseDeadTicks() {
  const boss = await getBoss();
  const held = (await boss.findJobs(QUEUE_TICK)).filter((j) => j.state === "active");
  for (const j of held) await boss.fail(QUEUE_TICK, j.id).catch(() => undefined);
}

afterAll(async () => {
  await db.app.updateMany({ where: { id: { in: myApps } }, data: { status: "off" } });
  await stopAll(); // gracefully: no job stays held by a dead process
  await releaseDeadTicks();
  // This process's queue client (it sent the sync jobs) must not outlive the file.
  await stopBoss({ graceful: false, timeout: 1000 });
  for (const t of targets) await t.close();
}, 60_000);

/** An app with 60 users and a group of 40, against a slow target (writes in flight when the fault lands). */
async function setup() {
  const { app, target } = await scimApp();
  targets.push(target);
  myApps.push(app.id);
  const users = [];
  for (let i = 0; i < 60; i++) users.push(await newUser());
  for (const u of users) await assign(app.id, u.id);
  const group = await createGroup(actor, { displayName: `Logged team ${app.id.slice(0, 6)}` });
  await addMembers(actor, group.id, users.slice(0, 40).map((u) => u.id));
  await assign(app.id, group.id, "group");
  target.inject({ kind: "latency", ms: 120 }, { times: 1000, method: "POST" });
  target.inject({ kind: "latency", ms: 120 }, { times: 1000, method: "PATCH" });
  return { app, target, users, group };
}

/** The directory objects the target's applied writes (2xx POST/PUT/PATCH/DELETE) were about, with how many writes each. */
function writtenObjects(target: TargetHandle, byUpn: Map<string, string>, groupId: string, groupName: string): Map<string, number> {
  const userNameOf = new Map(targetUsers(target).map((u) => [String(u.id), String(u.userName).toLowerCase()]));
  const out = new Map<string, number>();
  for (const r of target.requests) {
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(r.method) || !r.status || r.status >= 300) continue;
    const m = /\/(Users|Groups)(?:\/([^/?]+))?$/.exec(r.path);
    if (!m) continue;
    let source: string | undefined;
    if (m[1] === "Users") {
      const userName = r.method === "POST" ? String((r.body as { userName?: unknown }).userName).toLowerCase() : userNameOf.get(decodeURIComponent(m[2]!));
      source = userName ? byUpn.get(userName) : undefined;
    } else if (r.method !== "POST" || (r.body as { displayName?: unknown }).displayName === groupName) source = groupId;
    expect(source, `${r.method} ${r.path} is about an object of this test`).toBeDefined();
    out.set(source!, (out.get(source!) ?? 0) + 1);
  }
  return out;
}

async function unloggedWrites(appId: string, target: TargetHandle, users: { id: string; userPrincipalName: string }[], group: { id: string; displayName: string }) {
  const written = writtenObjects(target, new Map(users.map((u) => [u.userPrincipalName.toLowerCase(), u.id])), group.id, group.displayName);
  const logs = await db.provisioningLog.groupBy({ by: ["sourceId"], where: { appId, action: { not: "skip" } }, _count: { _all: true } });
  const logged = new Map(logs.map((l) => [l.sourceId!, l._count._all]));
  return { written, missing: [...written.keys()].filter((s) => !logged.has(s)) };
}

const completed = (appId: string) =>
  until("the initial cycle to complete", async () => (await db.syncCycle.findFirst({ where: { appId, type: "initial", status: "completed" } })) ?? null, 120_000);

describe("[SYNC][LOGS] every write leaves a log entry", () => {
  it("a worker SIGKILLed mid-cycle: every write the target applied has a log entry (unfinished ones as outcome unknown)", async () => {
    await stopAll();
    const { app, target, users, group } = await setup();
    const w1 = spawnWorker("w-kill", workers, { PROVISIO_LOG_LEVEL: "warn" }).child;
    // As Start does (the tick may be held by a process an earlier test file ended).
    await enqueueSync(app.id);
    // Killed while writes are in flight and the page's results are not recorded yet.
    await until("writes in flight", () => targetUsers(target).length >= 15, 60_000);
    w1.kill("SIGKILL");
    await new Promise<void>((resolve) => (w1.exitCode !== null || w1.signalCode !== null ? resolve() : w1.once("exit", () => resolve())));
    const beforeResume = target.requests.length;
    expect(await db.syncIntent.count({ where: { appId: app.id } })).toBeGreaterThan(0); // writes in flight were recorded first

    spawnWorker("w-resume", workers, { PROVISIO_LOG_LEVEL: "warn" });
    await enqueueSync(app.id);
    await completed(app.id);
    expect(target.requests.length).toBeGreaterThan(beforeResume);
    expect(targetUsers(target)).toHaveLength(60);

    const { written, missing } = await unloggedWrites(app.id, target, users, group);
    expect(written.size).toBe(61);
    expect(missing).toEqual([]);
    // The writes whose outcome the killed worker never recorded are named as such.
    const unknown = await db.provisioningLog.findMany({ where: { appId: app.id, errorCode: "outcome_unknown" } });
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]!.reason).toMatch(/stopped before it could record the outcome/);
    expect(await db.syncIntent.count({ where: { appId: app.id } })).toBe(0);
  }, 180_000);

  it("Postgres backends terminated mid-cycle: every write the target applied has a log entry", async () => {
    await stopAll();
    const { app, target, users, group } = await setup();
    spawnWorker("w-cut", workers, { PROVISIO_LOG_LEVEL: "warn" });
    await enqueueSync(app.id);
    await until("writes in flight", () => targetUsers(target).length >= 15, 60_000);

    // For 3 s every backend of this database but the killer's own is terminated as soon as it appears.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    let terminated = 0;
    const end = Date.now() + 3000;
    while (Date.now() < end) {
      const r = await admin.query("SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      terminated += r.rows.length;
    }
    await admin.end();
    expect(terminated).toBeGreaterThan(0);

    await completed(app.id);
    expect(targetUsers(target)).toHaveLength(60);
    const { written, missing } = await unloggedWrites(app.id, target, users, group);
    expect(written.size).toBe(61);
    expect(missing).toEqual([]);
    expect(await db.syncIntent.count({ where: { appId: app.id } })).toBe(0);
  }, 180_000);
});
