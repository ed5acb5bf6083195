// Quarantine tells the truth (real Postgres, local SCIM target): a 401 on any write quarantines
// (also the disables held for the accidental-deletion check and released at the end of an
// incremental cycle); the changes held back are logged, so "View failures" and the Overview's
// failure count show them; Sync details never says steady state while quarantined.
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { updateUser } = await import("../directory/users");
const { listAssignments, removeAssignment } = await import("../apps/assignments");
const { runAppSlice } = await import("./cycle");
const { getStatus } = await import("./status");
const { overviewApps } = await import("../logs/summary");
const { listProvisioningLogs } = await import("../logs/provisioning-log");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

describe("[SYNC][QUARANTINE] quarantine tells the truth", () => {
  it("a 401 on a write of an incremental cycle quarantines, held-back changes are logged, never steady state", async () => {
    const { app, target } = await scimApp({ preventAccidentalDeletion: true, threshold: 500 });
    targets.push(target);
    const [stays, leaves, edited] = [await newUser(), await newUser(), await newUser()];
    for (const u of [stays, leaves, edited]) await assign(app.id, u.id);
    await runCycle(app.id);
    expect((await getStatus(app.id)).steadyState).toBe(true);

    // The target now rejects Provisio's token. The only write of the next cycle is the disable
    // held for the accidental-deletion check, released when the cycle ends.
    target.inject({ kind: "status", status: 401 }, { times: 1000 });
    const direct = (await listAssignments(app.id)).items.find((a) => a.principalId === leaves.id)!;
    await removeAssignment(actor, app.id, direct.id);
    const cycleId = await runCycle(app.id, { force: false });
    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: cycleId! } });
    expect(target.requests.some((r) => r.method === "PATCH" && r.status === 401)).toBe(true);
    expect(cycle.status).toBe("failed"); // not completed_with_failures
    const state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
    expect(state).toMatchObject({ state: "quarantined", reasonCode: "credentials" });

    // A change made while quarantined: nothing is sent, and the log says it is held back.
    const sent = target.requests.length;
    await updateUser(actor, edited.id, { jobTitle: "Held back" });
    expect(await runAppSlice(app.id, { workerId: "test-worker" })).toMatchObject({ result: "idle" });
    expect(target.requests.length).toBe(sent);
    const failures = await listProvisioningLogs({ appId: app.id, status: "failure" }, { limit: 50 });
    const held = failures.items.filter((l) => l.errorCode === "quarantined");
    expect(held.map((l) => l.sourceId).sort()).toEqual([leaves.id, edited.id].sort());
    expect(held.find((l) => l.sourceId === edited.id)!.reason).toMatch(/Not written to the target: the app is in quarantine \(The target rejected Provisio's credentials/);
    // Logged once: another attempt with no new change adds nothing.
    await runAppSlice(app.id, { workerId: "test-worker" });
    expect((await db.provisioningLog.count({ where: { appId: app.id, errorCode: "quarantined" } }))).toBe(2);

    const overview = (await overviewApps()).apps.find((a) => a.id === app.id)!;
    expect(overview.state).toBe("quarantined");
    expect(overview.failures24h).toBeGreaterThanOrEqual(2);
    const status = await getStatus(app.id);
    expect(status.state).toBe("quarantined");
    expect(status.steadyState).toBe(false);
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
  }, 60_000);
});
