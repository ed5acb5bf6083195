// Start and Restart queue exactly one sync job (issue 12, item 11), and a request made while a
// job already waits is not lost: it is stored in sync_state, so the waiting job carries it out.
// Real Postgres and pg-boss; no worker runs (test files run one at a time), so every job this
// test sees was queued by the commands or by this process's own listener.
import { afterAll, describe, expect, it, vi } from "vitest";
import { actor, db, runCycle, scimApp, uniq, type TargetHandle } from "../test/sync-fixture";
const { startProvisioning, restartProvisioning } = await import("../sync/commands");
const { runAppSlice } = await import("../sync/cycle");
const { provisioningChanged } = await import("../apps/events");
const { getBoss, QUEUE_SYNC, stopBoss } = await import("./boss");
const { enqueueSync } = await import("./enqueue");
const { listenForChanges } = await import("./listener");
const { actOnNotices } = await import("./push");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
  await stopBoss({ graceful: false, timeout: 1000 });
});

/** A listener like every worker's, which also reports when a given sentinel notice was handled. */
async function workerListener() {
  const seen = new Set<string>();
  const listener = await listenForChanges({
    onNotices: async (batch) => {
      await actOnNotices(batch);
      for (const n of batch.provisioning) seen.add(n.appId);
    },
  });
  /** Resolves once every notice published before this call has been acted on. */
  const settled = async () => {
    const sentinel = uniq("sentinel");
    await provisioningChanged(sentinel, "deleted"); // acted on as nothing; notices arrive in order
    await expect.poll(() => seen.has(sentinel), { timeout: 10_000 }).toBe(true);
  };
  return { listener, settled };
}

const jobsOf = async (appId: string) => (await (await getBoss()).findJobs(QUEUE_SYNC, { key: appId })).filter((j) => j.state === "created" || j.state === "active" || j.state === "retry");
async function clearJobs(appId: string) {
  const boss = await getBoss();
  for (const j of await boss.findJobs(QUEUE_SYNC, { key: appId })) await boss.deleteJob(QUEUE_SYNC, j.id);
}

/** Every send of a sync job for the app from this process (the queue would hide a duplicate that arrives while one waits). */
async function countSends(appId: string) {
  const boss = await getBoss();
  const spy = vi.spyOn(boss, "send");
  return {
    count: () => spy.mock.calls.filter((c) => c[0] === QUEUE_SYNC && (c[1] as { appId?: string } | undefined)?.appId === appId).length,
    restore: () => spy.mockRestore(),
  };
}

describe("[PUSH] commands queue one job", () => {
  it("Start (turning On) and Restart each queue exactly one sync job", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    const { listener, settled } = await workerListener();
    const sends = await countSends(app.id);
    try {
      await clearJobs(app.id);
      await startProvisioning(actor, app.id);
      await settled();
      expect(sends.count()).toBe(1);
      expect(await jobsOf(app.id)).toHaveLength(1);

      await clearJobs(app.id);
      await startProvisioning(actor, app.id); // already On
      await settled();
      expect(sends.count()).toBe(2);
      expect(await jobsOf(app.id)).toHaveLength(1);

      await clearJobs(app.id);
      await restartProvisioning(actor, app.id);
      await settled();
      expect(sends.count()).toBe(3);
      expect(await jobsOf(app.id)).toHaveLength(1);
    } finally {
      sends.restore();
      await listener.close();
      await clearJobs(app.id);
    }
  });

  it("Start while a job already waits: the queue keeps one job, and that job runs the requested cycle (even in quarantine)", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    await runCycle(app.id);
    // Quarantined with the next attempt an hour away, and a push's job already waiting.
    await db.syncState.update({ where: { appId: app.id }, data: { state: "quarantined", reason: "test", reasonCode: "dominating_failures", quarantinedAt: new Date(), quarantineLevel: 1, nextRunAt: new Date(Date.now() + 3600_000) } });
    await clearJobs(app.id);
    expect(await enqueueSync(app.id)).not.toBeNull();
    await startProvisioning(actor, app.id);
    expect(await jobsOf(app.id)).toHaveLength(1); // the queue dropped Start's send…
    const before = await db.syncCycle.count({ where: { appId: app.id } });
    // …and the waiting job (the worker runs it without any flag) still starts a cycle now.
    const r = await runAppSlice(app.id, { workerId: "push-test" });
    expect(r.result).not.toBe("idle");
    expect(await db.syncCycle.count({ where: { appId: app.id } })).toBe(before + 1);
    await runCycle(app.id, { force: false });
    await clearJobs(app.id);
  });
});
