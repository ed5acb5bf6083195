// "This app is due": the pure rule (every condition on its own), and escrow retried when due
// with no directory change — a real worker (its 10 s tick) against real Postgres and a local target.
import { afterAll, describe, expect, it } from "vitest";
import { assign, db, findTargetUser, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
import { isAppDue, type DueFacts } from "./due";
const { actor } = await import("../test/sync-fixture");
const { updateUser } = await import("../directory/users");
const { currentSeq } = await import("../directory/change-feed");
const { startWorker } = await import("../jobs/worker");
const { stopBoss } = await import("../jobs/boss");

const now = new Date("2026-12-06T12:00:00Z");
const past = new Date(now.getTime() - 1000);
const future = new Date(now.getTime() + 3600_000);
const steady: DueFacts = {
  on: true, state: "idle", needsInitial: false, nextRunAt: future, watermark: 10n, seq: 10n, escrowDueAt: null,
  initialDoneAt: new Date(now.getTime() - 3600_000), reconcileEveryMs: 24 * 3600_000, orphanedCycle: false,
};

describe("[DUE] isAppDue", () => {
  it("an app at steady state is not due", () => expect(isAppDue(steady, now)).toBeNull());
  it.each([
    ["never ran", { state: null }, "first"],
    ["next cycle initial", { needsInitial: true }, "initial"],
    ["interval reached (or Start/Restart asked)", { nextRunAt: past }, "scheduled"],
    ["no schedule yet", { nextRunAt: null }, "scheduled"],
    ["directory changes after the watermark", { seq: 11n }, "changes"],
    ["escrowed object due", { escrowDueAt: past }, "escrow"],
    ["full reconcile interval passed", { initialDoneAt: new Date(now.getTime() - 25 * 3600_000) }, "reconcile"],
    ["a cycle whose worker died", { orphanedCycle: true }, "orphaned"],
  ] as const)("%s → due (%s)", (_name, change, reason) => expect(isAppDue({ ...steady, ...change }, now)).toBe(reason));
  it.each([
    ["provisioning Off", { on: false, nextRunAt: past }],
    ["paused by the deletion threshold", { state: "paused", seq: 11n, escrowDueAt: past }],
    ["escrow not due yet", { escrowDueAt: future }],
    ["reconcile off", { reconcileEveryMs: null, initialDoneAt: new Date(0) }],
    ["quarantined: changes (logged as held back) and escrow wait for its backoff", { state: "quarantined", seq: 11n, heldBackSeq: 11n, escrowDueAt: past, nextRunAt: future }],
  ] as const)("%s → not due", (_name, change) => expect(isAppDue({ ...steady, ...change }, now)).toBeNull());
  it("a quarantined app with changes not yet logged as held back gets a job (which only logs them)", () =>
    expect(isAppDue({ ...steady, state: "quarantined", seq: 12n, heldBackSeq: 11n, nextRunAt: future }, now)).toBe("held_back"));
  it("a quarantined app runs when its backoff ends", () => expect(isAppDue({ ...steady, state: "quarantined", nextRunAt: past }, now)).toBe("scheduled"));
});

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
  await stopBoss({ graceful: false, timeout: 1000 });
});

describe("[DUE] escrow retried when due", () => {
  it("an escrowed change reaches the target within a minute of its due time, with no directory change", async () => {
    // Apps other test files left On would keep this file's worker busy with targets that are gone.
    await db.app.updateMany({ data: { status: "off" } });
    const { app, target } = await scimApp();
    targets.push(target);
    await db.app.update({ where: { id: app.id }, data: { status: "on" } });
    const u = await newUser();
    await assign(app.id, u.id);
    await runCycle(app.id);
    expect(findTargetUser(target, u.userPrincipalName)?.title).toBe("Engineer");

    // The change fails every attempt of the client (500) and goes to escrow.
    await updateUser(actor, u.id, { jobTitle: "Escrowed title" });
    target.inject({ kind: "status", status: 500 }, { times: 5, method: "PATCH" });
    await runCycle(app.id, { force: false });
    expect(target.requests.filter((r) => r.method === "PATCH" && r.status === 500)).toHaveLength(5); // every fault used
    const escrow = await db.syncEscrow.findMany({ where: { appId: app.id } });
    expect(escrow).toHaveLength(1);
    const state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
    const seq = await currentSeq();
    // Nothing else would run it: the interval is 40 min away and the watermark is at the feed's head.
    expect(state.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(state.watermark).toBe(seq);

    // Its retry comes due in a few seconds (instead of the minute the engine chose; time is moved, not slept).
    const dueAt = new Date(Date.now() + 3000);
    await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: dueAt } });
    const worker = await startWorker({ concurrency: 1 });
    try {
      await expect.poll(() => findTargetUser(target, u.userPrincipalName)?.title, { timeout: dueAt.getTime() + 60_000 - Date.now(), interval: 250 }).toBe("Escrowed title");
    } finally {
      await worker.stop();
    }
    expect(await currentSeq()).toBe(seq); // no directory change was needed
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
  }, 120_000);
});
