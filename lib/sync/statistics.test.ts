// Provisioning Overview data (issue 17): statistics to date add up every run (on-demand
// included) and what is in the app now; the status says "queued" the moment a sync job
// waits in the queue and "starting" once a worker holds it without a cycle yet.
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { getStatistics } = await import("./statistics");
const { getStatus } = await import("./status");
const { provisionOnDemand } = await import("./on-demand");
const { enqueueSync } = await import("../jobs/enqueue");
const { stopBoss } = await import("../jobs/boss");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
  await stopBoss({ graceful: false, timeout: 1000 });
});

describe("[SYNC][STATISTICS] statistics to date", () => {
  it("counts objects in the app now and sums every cycle's and on-demand run's actions", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const empty = await getStatistics(app.id);
    expect(empty).toMatchObject({ cycles: 0, onDemandRuns: 0, since: null, users: { provisioned: 0, byAction: { created: 0 } } });

    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    await assign(app.id, a.id);
    await assign(app.id, b.id);
    await runCycle(app.id);
    await assign(app.id, c.id);
    const od = await provisionOnDemand(actor, app.id, c.id);
    expect(od.status).toBe("success");

    const s = await getStatistics(app.id);
    expect(s.users.provisioned).toBe(3);
    expect(s.users.byAction.created).toBe(3); // 2 by the cycle, 1 on demand
    expect(s.groups.provisioned).toBe(0);
    expect(s.cycles).toBe(1);
    expect(s.onDemandRuns).toBe(1);
    expect(s.since).not.toBeNull();
  });
});

describe("[SYNC][STATUS] queued and starting", () => {
  it("is queued while a due sync job waits, starting while a worker holds it before a cycle opens, idle after", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    expect((await getStatus(app.id)).state).toBe("idle");
    // no worker runs in this file: the job stays in the queue
    const jobId = await enqueueSync(app.id);
    expect(jobId).not.toBeNull();
    expect((await getStatus(app.id)).state).toBe("queued");
    await db.$executeRaw`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE id = ${jobId}::uuid`;
    expect((await getStatus(app.id)).state).toBe("starting");
    await db.$executeRaw`UPDATE pgboss.job SET state = 'completed', completed_on = now() WHERE id = ${jobId}::uuid`;
    expect((await getStatus(app.id)).state).toBe("idle");
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    expect((await getStatus(app.id)).state).toBe("off");
  });
});
