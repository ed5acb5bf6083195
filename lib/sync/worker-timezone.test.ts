// The engine in a worker whose local time zone is not UTC: timestamps it compares in SQL are
// UTC, as Prisma stores them, whatever the process's TZ (a Date handed to pg as is would be sent
// as local time, which Postgres reads as the wall-clock time of a `timestamp` column).
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");

// UTC+8, no daylight saving: a cycle's start read as local time lies 8 hours after every write.
const previousTz = process.env.TZ;
process.env.TZ = "Asia/Shanghai";

const targets: TargetHandle[] = [];
afterAll(async () => {
  process.env.TZ = previousTz;
  for (const t of targets) await t.close();
});

describe("[SYNC][TIMEZONE] a worker outside UTC", () => {
  it("a group a users page created (through /Bulk) is recognised in the groups phase and counted once", async () => {
    expect(new Date().getTimezoneOffset()).toBe(-480);
    const { app, target } = await scimApp({ target: { bulk: true, bulkMaxOperations: 50 } });
    targets.push(target);
    const users: Awaited<ReturnType<typeof newUser>>[] = [];
    for (let i = 0; i < 4; i++) users.push(await newUser());
    for (const u of users) await assign(app.id, u.id);
    const group = await createGroup(actor, { displayName: `TZ team ${app.id.slice(0, 6)}` });
    await addMembers(actor, group.id, users.map((u) => u.id));
    await assign(app.id, group.id, "group");

    const cycleId = await runCycle(app.id);

    expect(target.state.groups.size).toBe(1);
    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: cycleId! } });
    // every directory object once (the run's other files leave theirs, read as out of scope)
    expect(cycle.processed).toBe((await db.directoryUser.count()) + (await db.directoryGroup.count()));
    expect((cycle.counts as { groups: { created: number } }).groups.created).toBe(1);
    expect(await db.provisioningLog.count({ where: { appId: app.id, objectType: "group" } })).toBe(1);
  }, 120_000);
});
