import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, scimApp, type TargetHandle } from "../test/sync-fixture";
import { legacyDeferred, parseCheckpoint } from "./checkpoint";
const { runAppSlice } = await import("./cycle");
const { updateUser } = await import("../directory/users");

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

const managerOf = (t: TargetHandle, userName: string) => ((findTargetUser(t, userName)?.[ENTERPRISE] as { manager?: { value?: string } } | undefined)?.manager?.value);

/** Runs the app's cycle in slices of about one page (stop and resume between pages); what the stored cycle held after each. */
async function runInSlices(appId: string, force: boolean) {
  let longestCheckpoint = 0;
  let deferredRows = 0;
  for (let i = 0; i < 200; i++) {
    const r = await runAppSlice(appId, { workerId: "test-worker", force: force && i === 0, budgetMs: 1 });
    const c = r.cycleId ? await db.syncCycle.findUnique({ where: { id: r.cycleId } }) : null;
    longestCheckpoint = Math.max(longestCheckpoint, c?.checkpoint ? JSON.stringify(c.checkpoint).length : 0);
    deferredRows = Math.max(deferredRows, await db.syncDeferred.count({ where: { appId } }));
    if (r.result === "done" || r.result === "idle") return { cycleId: r.cycleId, longestCheckpoint, deferredRows };
  }
  throw new Error("the cycle did not finish in 200 slices");
}

describe("[SYNC][DEFERRED] users written before their manager exists in the target", () => {
  it("get their manager later in the same cycle, from rows rather than ids in the checkpoint, full and incremental", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    // Users are read in pages by id, among every other user in the database (other files' too).
    // The boss is the one whose id sorts last, so each report is read in the boss's page or an
    // earlier one: before the boss has a target id, and never after a page that is writing the
    // boss (a report in such a page waits for that write instead of being deferred: stream.ts).
    const created = [];
    for (let i = 0; i < 6; i++) created.push(await newUser());
    // in the database's order (its collation, not JavaScript's)
    const six = await db.directoryUser.findMany({ where: { id: { in: created.map((u) => u.id) } }, orderBy: { id: "asc" }, select: { id: true, userPrincipalName: true } });
    const boss = six.pop()!;
    const reports = six;
    for (const r of reports) await updateUser(actor, r.id, { managerId: boss.id });
    for (const u of [boss, ...reports]) await assign(app.id, u.id);
    // Creates answered after 300 ms: the reports are mapped while the boss's POST is still in flight.
    target.inject({ kind: "latency", ms: 300 }, { times: 6, method: "POST" });

    const initial = await runInSlices(app.id, true);
    expect((await db.syncCycle.findUniqueOrThrow({ where: { id: initial.cycleId! } })).status).toBe("completed");
    const bossTargetId = findTargetUser(target, boss.userPrincipalName)!.id as string;
    for (const r of reports) expect(managerOf(target, r.userPrincipalName)).toBe(bossTargetId);
    // Deferred as rows, every report: none of them could see a boss's link when it was written.
    expect(initial.deferredRows).toBe(reports.length);
    expect(initial.longestCheckpoint).toBeLessThan(200);
    expect(await db.syncDeferred.count({ where: { appId: app.id } })).toBe(0);

    // Incremental: a new manager and a report moved under her, in the same page of changes.
    const lead = await newUser();
    await assign(app.id, lead.id);
    await updateUser(actor, reports[0]!.id, { managerId: lead.id });
    const incremental = await runInSlices(app.id, false);
    expect((await db.syncCycle.findUniqueOrThrow({ where: { id: incremental.cycleId! } })).type).toBe("incremental");
    expect(managerOf(target, reports[0]!.userPrincipalName)).toBe(findTargetUser(target, lead.userPrincipalName)!.id);
    expect(await db.syncDeferred.count({ where: { appId: app.id } })).toBe(0);
  });

  it("a checkpoint written with the ids inline (before sync_deferred) still parses and hands its ids over", () => {
    const old = { phase: "managers", pendingManagers: ["u1", "u2"], pendingGroups: ["g1"] };
    expect(parseCheckpoint("c1", old)).toEqual({ phase: "managers", after: null });
    expect(legacyDeferred(old)).toEqual({ managers: ["u1", "u2"], groups: ["g1"] });
    expect(parseCheckpoint("c1", { phase: "changes", afterSeq: "42", pendingGroups: [], pendingManagers: [] })).toEqual({ phase: "changes", afterSeq: "42" });
    expect(legacyDeferred({ phase: "users", after: null })).toEqual({ managers: [], groups: [] });
  });
});
