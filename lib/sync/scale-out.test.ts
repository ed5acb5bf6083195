// Scale-out: 3 real worker processes (`npm run worker`'s entry) share 20 apps on one Postgres.
// Every leased slice is recorded in sync_slice (by runAppSlice, on the database clock), which
// is the evidence: per app the slices never overlap, no two cycles of an app ever run at once,
// and the work is spread over the workers.
import type { ChildProcess } from "node:child_process";
import { spawnWorker, until } from "../test/workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, scimApp, targetUsers, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");
const { updateUser } = await import("../directory/users");
const { enqueueSync } = await import("../jobs/enqueue");
const { stopBoss } = await import("../jobs/boss");

const APPS = 20;
const WORKERS = 3;
const targets: TargetHandle[] = [];
const workers: ChildProcess[] = [];
const myApps: string[] = [];

const startWorkerProcess = (name: string) => spawnWorker(name, workers, { PROVISIO_DB_POOL_SIZE: "6" });

beforeAll(async () => {
  // Apps left "on" by earlier test files point at targets that are gone: keep the workers on ours.
  await db.app.updateMany({ data: { status: "off" } });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await db.app.updateMany({ where: { id: { in: myApps } }, data: { status: "off" } });
  await stopBoss({ graceful: false, timeout: 1000 });
  for (const t of targets) await t.close();
});

type Span = { appId: string; workerId: string; cycleId: string | null; startedAt: Date; finishedAt: Date | null };

function overlaps(spans: Span[]): string[] {
  const out: string[] = [];
  const byApp = new Map<string, Span[]>();
  for (const s of spans) byApp.set(s.appId, [...(byApp.get(s.appId) ?? []), s]);
  for (const [appId, list] of byApp) {
    const sorted = [...list].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (prev.finishedAt === null || cur.startedAt < prev.finishedAt) out.push(`${appId}: ${prev.workerId} [${prev.startedAt.toISOString()}, ${prev.finishedAt?.toISOString()}] and ${cur.workerId} from ${cur.startedAt.toISOString()}`);
    }
  }
  return out;
}

describe("[SYNC][SCALE] 3 worker processes, 20 apps", () => {
  it("spreads the work over the workers and never runs two slices (or cycles) of one app at once", async () => {
    const people: Awaited<ReturnType<typeof newUser>>[] = [];
    for (let i = 0; i < 4; i++) people.push(await newUser());
    const apps: { id: string; target: TargetHandle; group: string }[] = [];
    for (let i = 0; i < APPS; i++) {
      const { app, target } = await scimApp();
      targets.push(target);
      myApps.push(app.id);
      // Some latency, so slices of different apps overlap in time and the workers compete.
      target.inject({ kind: "latency", ms: 25 }, { times: 100_000 });
      for (const p of people) await assign(app.id, p.id);
      const group = await createGroup(actor, { displayName: `Scale team ${app.id.slice(0, 8)}` });
      await addMembers(actor, group.id, people.map((p) => p.id));
      await assign(app.id, group.id, "group");
      apps.push({ id: app.id, target, group: group.displayName });
    }
    // Off until every worker is up, so no single early worker drains the queue alone.
    await db.app.updateMany({ where: { id: { in: myApps } }, data: { status: "off" } });
    const procs = Array.from({ length: WORKERS }, (_, i) => startWorkerProcess(`w${i + 1}`));
    await until("all workers to start", () => procs.every((p) => p.started()));
    await db.app.updateMany({ where: { id: { in: myApps } }, data: { status: "on" } });
    for (const a of apps) await enqueueSync(a.id);

    const converged = async (a: (typeof apps)[number], title?: string) => {
      const users = targetUsers(a.target);
      if (users.length !== 4 || (title && !users.every((u) => u.title === title))) return false;
      const groups = [...a.target.state.groups.values()] as unknown as { displayName: string; members?: unknown[] }[];
      return groups.length === 1 && groups[0]!.displayName === a.group && groups[0]!.members?.length === 4;
    };
    await until("every app's initial cycle", async () => (await Promise.all(apps.map((a) => converged(a)))).every(Boolean), 60_000);

    // A second round: every app gets an incremental cycle (queued by the workers' tick).
    for (const p of people) await updateUser(actor, p.id, { jobTitle: "Scaled out" });
    await until("every app's incremental cycle", async () => (await Promise.all(apps.map((a) => converged(a, "Scaled out")))).every(Boolean), 60_000);
    await until("every slice to finish", async () => (await db.syncSlice.count({ where: { appId: { in: myApps }, finishedAt: null } })) === 0, 20_000);
    for (const w of workers) w.kill("SIGTERM");

    const slices: Span[] = await db.syncSlice.findMany({ where: { appId: { in: myApps } } });
    const cycles = await db.syncCycle.findMany({ where: { appId: { in: myApps } } });
    const cycleSpans: Span[] = cycles.map((c) => ({ appId: c.appId, workerId: c.workerId ?? "?", cycleId: c.id, startedAt: c.startedAt, finishedAt: c.finishedAt }));
    expect(cycles.every((c) => c.status === "completed")).toBe(true);
    expect(new Set(cycles.map((c) => c.appId)).size).toBe(APPS);
    expect(overlaps(slices)).toEqual([]);
    expect(overlaps(cycleSpans)).toEqual([]);
    // Every slice that worked a cycle was recorded against it, and no app had more than one cycle per round.
    expect(slices.filter((s) => s.cycleId).length).toBeGreaterThanOrEqual(cycles.length);
    expect(cycles.length).toBeLessThanOrEqual(APPS * 3);

    const perWorker = new Map<string, number>();
    for (const s of slices.filter((x) => x.cycleId)) perWorker.set(s.workerId, (perWorker.get(s.workerId) ?? 0) + 1);
    console.log(`[scale] ${slices.length} slices, ${cycles.length} cycles; slices per worker: ${[...perWorker.values()].join(", ")}`);
    expect(perWorker.size).toBeGreaterThanOrEqual(2);
  }, 150_000);
});
