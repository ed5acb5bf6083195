// Real worker processes (`npm run worker`'s entry) against real Postgres and local SCIM targets:
// crash safety (SIGKILL mid-cycle), scale-out (two workers, many apps, one cycle per app at a
// time) and real-time pushes through the queue.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnWorker, until } from "../test/workers";
import { assign, db, findTargetUser, newUser, scimApp, targetUsers, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");
const { actor } = await import("../test/sync-fixture");
const { updateUser } = await import("../directory/users");
const { startPushListener } = await import("../jobs/push");
const { getBoss, QUEUE_PUSH } = await import("../jobs/boss");
type PushJobData = import("../jobs/enqueue").PushJobData;

const targets: TargetHandle[] = [];
const workers: ChildProcess[] = [];
const myApps: string[] = [];

const startWorkerProcess = (name: string) => spawnWorker(name, workers, { PROVISIO_LOG_LEVEL: "warn" }).child;
/** Graceful stop (SIGTERM), resolved once the process has exited. */
const stopProcess = (w: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (w.exitCode !== null || w.signalCode !== null) return resolve();
    w.once("exit", () => resolve());
    w.kill("SIGTERM");
  });
/**
 * Each test starts the workers it needs: none may depend on one an earlier test left running.
 * Stopped gracefully, so no job (the cluster's single tick included) stays held by a dead process.
 */
const stopWorkers = () => Promise.all(workers.map(stopProcess));

beforeAll(async () => {
  // Apps left "on" by earlier test files point at targets that are gone: keep the workers on ours.
  await db.app.updateMany({ data: { status: "off" } });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await db.app.updateMany({ where: { id: { in: myApps } }, data: { status: "off" } });
  for (const t of targets) await t.close();
});

const cyclesOf = (appId: string) => db.syncCycle.findMany({ where: { appId, type: { not: "on_demand" } }, orderBy: { startedAt: "asc" } });

describe("[SYNC][WORKERS] real worker processes", () => {
  it("a worker SIGKILLed mid-cycle: another worker resumes and the target ends exact, with zero duplicates", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    myApps.push(app.id);
    const users = [];
    for (let i = 0; i < 60; i++) users.push(await newUser());
    for (const u of users) await assign(app.id, u.id);
    const group = await createGroup(actor, { displayName: `Crash team ${app.id.slice(0, 6)}` });
    await addMembers(actor, group.id, users.slice(0, 40).map((u) => u.id));
    await assign(app.id, group.id, "group");
    // Slow target: each write takes 150 ms, so the cycle is still running when we pull the plug.
    target.inject({ kind: "latency", ms: 150 }, { times: 1000, method: "POST" });

    const w1 = startWorkerProcess("w1");
    await until("the first users to arrive", () => targetUsers(target).length >= 10);
    w1.kill("SIGKILL");
    const createdBeforeCrash = targetUsers(target).length;
    expect(createdBeforeCrash).toBeLessThan(60);

    startWorkerProcess("w2");
    const done = await until("the cycle to complete", async () => {
      const cycles = await cyclesOf(app.id);
      return cycles.find((c) => c.type === "initial" && c.status === "completed");
    }, 120_000);
    expect(done.processed).toBeGreaterThanOrEqual(60);
    const names = targetUsers(target).map((u) => String(u.userName).toLowerCase());
    expect(names).toHaveLength(60);
    expect(new Set(names).size).toBe(60);
    for (const u of users) expect(findTargetUser(target, u.userPrincipalName)).toBeDefined();
    const groups = [...target.state.groups.values()] as { members?: unknown[] }[];
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toHaveLength(40);
    expect(await db.syncLink.count({ where: { appId: app.id, objectType: "user" } })).toBe(60);
  }, 180_000);

  it("a worker SIGKILLed during the groups phase: groups and memberships end exact, no duplicate group", async () => {
    // Stopped before the app exists: scimApp() turns it On and every assignment below is pushed to
    // any running worker, so the previous test's worker would run the initial cycle on half the
    // groups (completed with 5 of 12) and later ones before w1 starts (no lease held when we look).
    await stopWorkers();
    const { app, target } = await scimApp();
    targets.push(target);
    myApps.push(app.id);
    const users = [];
    for (let i = 0; i < 30; i++) users.push(await newUser());
    for (const u of users) await assign(app.id, u.id);
    const groups: { id: string; displayName: string; members: string[] }[] = [];
    for (let g = 0; g < 12; g++) {
      const group = await createGroup(actor, { displayName: `Kill team ${g} ${app.id.slice(0, 6)}` });
      const members = users.filter((_, i) => (i + g) % 3 === 0).map((u) => u.id); // overlapping memberships, 10 each
      await addMembers(actor, group.id, members);
      await assign(app.id, group.id, "group");
      groups.push({ id: group.id, displayName: group.displayName, members });
    }
    // Only group writes are slow (1.2 s), so the users phase is over and the kill lands while
    // group creates (with their members) are in flight — answered by the target after the worker is gone.
    // Four requests in flight at most (the default cap of 64 would send all 12 groups at once, so the
    // first to arrive would come with all the others and the kill would land after the groups phase).
    await db.app.update({ where: { id: app.id }, data: { compatibility: { profile: { maxConcurrency: 4 } } } });
    target.inject({ kind: "latency", ms: 1200 }, { times: 1000, pathPrefix: "/scim/v2/Groups", method: "POST" });
    target.inject({ kind: "latency", ms: 1200 }, { times: 1000, pathPrefix: "/scim/v2/Groups", method: "PATCH" });

    const w1 = startWorkerProcess("w1");
    await until("the first groups to arrive", () => target.state.groups.size >= 1 && targetUsers(target).length === 30, 60_000);
    const holder = (await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).leaseOwner;
    w1.kill("SIGKILL");
    expect(holder).toContain(`:${w1.pid}:`); // w1 was working this app's cycle when it died
    expect(target.state.groups.size).toBeLessThan(12);

    startWorkerProcess("w2");
    await until("the cycle to complete", async () => (await cyclesOf(app.id)).find((c) => c.type === "initial" && c.status === "completed"), 120_000);
    const inTarget = [...target.state.groups.values()] as unknown as { displayName: string; members?: { value: string }[] }[];
    expect(inTarget.map((g) => g.displayName).sort()).toEqual(groups.map((g) => g.displayName).sort()); // each once
    const targetIdOf = new Map(targetUsers(target).map((u) => [String(u.userName).toLowerCase(), String(u.id)]));
    const upnOf = new Map(users.map((u) => [u.id, u.userPrincipalName.toLowerCase()]));
    for (const g of groups) {
      const tg = inTarget.find((x) => x.displayName === g.displayName)!;
      expect((tg.members ?? []).map((m) => m.value).sort()).toEqual(g.members.map((id) => targetIdOf.get(upnOf.get(id)!)!).sort());
    }
    expect(targetUsers(target)).toHaveLength(30);
    expect(await db.syncLink.count({ where: { appId: app.id, objectType: "group" } })).toBe(12);
  }, 180_000);

  it("a directory change is pushed to the queue at once and reaches the target without waiting for the interval", async () => {
    await stopWorkers(); // no tick may run but the ones this test starts
    const { app, target } = await scimApp();
    targets.push(target);
    myApps.push(app.id);
    const first = await newUser();
    await assign(app.id, first.id);
    const w = startWorkerProcess("w-push");
    const state = await until("the initial cycle and its schedule", async () => {
      const done = (await cyclesOf(app.id)).some((c) => c.status === "completed");
      const s = await db.syncState.findUnique({ where: { appId: app.id } });
      return done && s?.nextRunAt ? s : null;
    });
    // The next scheduled cycle is 40 minutes away; a push must not wait for it.
    expect(state.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

    // With no worker running no tick runs (test files run one at a time), so from here on
    // only the push of this process's write can queue a sync of the app.
    await stopProcess(w);
    const boss = await getBoss();
    const queued = () => boss.findJobs<PushJobData>(QUEUE_PUSH, { key: app.id, queued: true });
    for (const j of await queued()) await boss.deleteJob(QUEUE_PUSH, j.id);
    expect(await queued()).toHaveLength(0);

    // What every worker process runs at start: the listener for change notices (Postgres NOTIFY).
    const listener = await startPushListener(async () => undefined);
    try {
      await updateUser(actor, first.id, { jobTitle: "Pushed title" });
      const [job] = await until("the push to queue a push-lane job for the app", async () => {
        const jobs = await queued();
        return jobs.length ? jobs : null;
      }, 15_000);
      expect(job!.data).toMatchObject({ appId: app.id });
    } finally {
      await listener.close();
    }
    // A worker takes the queued job; the change reaches the target long before the interval.
    startWorkerProcess("w-push-2");
    await until("the change in the target", () => findTargetUser(target, first.userPrincipalName)?.title === "Pushed title", 60_000);
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  }, 120_000);

  it("a push is not queued behind the sync lane: with its one slot held by a slow target's cycle and dead targets' retries, a change still reaches its app first", async () => {
    await stopWorkers();
    const { app, target } = await scimApp();
    targets.push(target);
    myApps.push(app.id);
    const anna = await newUser({ jobTitle: "Before" });
    await assign(app.id, anna.id);
    const w = spawnWorker("w-lanes", workers, { PROVISIO_LOG_LEVEL: "warn", PROVISIO_WORKER_CONCURRENCY: "1" });
    await until("the live app's initial cycle", async () => (await cyclesOf(app.id)).some((c) => c.status === "completed"), 60_000);

    // Three apps whose target is gone, and one whose target answers after 30 s: all due, all on the sync lane.
    const others: string[] = [];
    for (let i = 0; i < 3; i++) {
      const dead = await scimApp();
      await dead.target.close();
      others.push(dead.app.id);
      await assign(dead.app.id, (await newUser()).id);
    }
    const slow = await scimApp();
    targets.push(slow.target);
    others.push(slow.app.id);
    myApps.push(...others);
    slow.target.inject({ kind: "latency", ms: 30_000 }, { times: 2 });
    await assign(slow.app.id, (await newUser()).id);
    const slowSlice = await until("the slow app's slice to hold the sync lane", () => db.syncSlice.findFirst({ where: { appId: slow.app.id, finishedAt: null } }), 60_000);

    await updateUser(actor, anna.id, { jobTitle: "Pushed past the queue" });
    await until("the change in the live target", () => findTargetUser(target, anna.userPrincipalName)?.title === "Pushed past the queue", 25_000);
    // The one sync-lane slot was still held: the push went through a lane of its own.
    expect((await db.syncSlice.findUniqueOrThrow({ where: { id: slowSlice.id } })).finishedAt).toBeNull();
    expect(w.child.exitCode).toBeNull();
    // Off, so the next test's workers are not kept busy by them.
    await db.app.updateMany({ where: { id: { in: others } }, data: { status: "off" } });
    // The slow target still holds this worker's writes for up to 2 × 30 s, and the next test's
    // graceful stop would wait for them (≈ 60 s measured): cut them off now that all is checked.
    await slow.target.close();
  }, 180_000);

  it("a push is not queued behind pushes to targets that do not answer: apps whose target just timed out are left to the sync lane's retry", async () => {
    await stopWorkers();
    const { app, target } = await scimApp();
    targets.push(target);
    myApps.push(app.id);
    const anna = await newUser({ jobTitle: "Before" });
    const bob = await newUser();
    await assign(app.id, anna.id);
    // Eight apps whose target accepts connections and never answers (each request times out after
    // 1.5 s, retried by the client: ≈ 8 s a slice); bob and anna are assigned to all of them.
    const hanging: string[] = [];
    const hangingTargets: TargetHandle[] = [];
    for (let i = 0; i < 8; i++) {
      const h = await scimApp();
      targets.push(h.target);
      hangingTargets.push(h.target);
      hanging.push(h.app.id);
      await db.app.update({ where: { id: h.app.id }, data: { compatibility: { profile: { requestTimeoutMs: 1500 } } } });
      h.target.inject({ kind: "latency", ms: 60_000 }, { times: 100_000 });
      await assign(h.app.id, bob.id);
      await assign(h.app.id, anna.id);
    }
    myApps.push(...hanging);
    const w = spawnWorker("w-hanging", workers, { PROVISIO_LOG_LEVEL: "error" });
    await until("the live app's initial cycle", async () => (await cyclesOf(app.id)).some((c) => c.status === "completed"), 60_000);
    await until("every hanging app's first slice to fail", async () => {
      const failed = await db.syncSlice.groupBy({ by: ["appId"], where: { appId: { in: hanging }, result: "error" } });
      return failed.length === hanging.length;
    }, 150_000);

    // Bob's change queues a push to each hanging app first (none was queued before: the worker
    // started after the assignments); anna's, right behind, concerns the live app too.
    const boss = await getBoss();
    await updateUser(actor, bob.id, { jobTitle: "Queued first" });
    await until("a push-lane job for every hanging app", async () => {
      for (const h of hanging) if (!(await boss.findJobs<PushJobData>(QUEUE_PUSH, { key: h })).length) return false;
      return true;
    }, 20_000);
    await updateUser(actor, anna.id, { jobTitle: "Not behind the dead" });
    // Behind eight pushes of ≈ 8 s on two slots this would take over 30 s.
    await until("anna's change in the live target", () => findTargetUser(target, anna.userPrincipalName)?.title === "Not behind the dead", 12_000);
    expect(w.child.exitCode).toBeNull();
    await db.app.updateMany({ where: { id: { in: hanging } }, data: { status: "off" } });
    // Likewise the hanging targets' requests in flight (≈ 9 s of the next test's graceful stop).
    for (const t of hangingTargets) await t.close();
  }, 240_000);

  it("two workers share many apps, never running two cycles of one app at once", async () => {
    await stopWorkers();
    // Both workers are up before any app is due, so either can take the first jobs.
    const a1 = spawnWorker("w3", workers, { PROVISIO_LOG_LEVEL: "info" });
    const a2 = spawnWorker("w4", workers, { PROVISIO_LOG_LEVEL: "info" });
    await until("both workers to start", () => a1.started() && a2.started());
    const apps: { id: string; target: TargetHandle }[] = [];
    const people = [];
    for (let i = 0; i < 8; i++) people.push(await newUser());
    for (let i = 0; i < 6; i++) {
      const { app, target } = await scimApp();
      targets.push(target);
      myApps.push(app.id);
      target.inject({ kind: "latency", ms: 30 }, { times: 1000 });
      for (const p of people) await assign(app.id, p.id);
      apps.push({ id: app.id, target });
    }
    for (const a of apps) {
      await until(`app ${a.id} converged`, async () => (await cyclesOf(a.id)).some((c) => c.status === "completed"), 120_000);
      expect(targetUsers(a.target)).toHaveLength(8);
    }
    const cycles = await db.syncCycle.findMany({ where: { appId: { in: apps.map((a) => a.id) } }, orderBy: { startedAt: "asc" } });
    for (const a of apps) {
      const mine = cycles.filter((c) => c.appId === a.id);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(mine[i - 1]!.finishedAt?.getTime() ?? Infinity);
    }
    // Work was spread: both workers (each has its own id) finished cycles.
    expect(new Set(cycles.map((c) => c.workerId)).size).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
