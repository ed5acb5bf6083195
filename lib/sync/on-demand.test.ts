import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, scimApp, targetUsers, uniq, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");
const { provisionGroupOnDemand, provisionOnDemand } = await import("./on-demand");
const { AppError } = await import("../errors");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

type TargetGroup = { id: string; displayName: string; members?: { value: string }[] };
const targetGroup = (t: TargetHandle, name: string) => ([...t.state.groups.values()] as TargetGroup[]).find((g) => g.displayName === name);

describe("[SYNC][ON-DEMAND] a group and its first members, now", () => {
  it("creates the chosen members first, then the group holding them; logs every object under one on-demand run", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const users = await Promise.all(Array.from({ length: 7 }, () => newUser()));
    const group = await createGroup(actor, { displayName: uniq("od-group") });
    await addMembers(actor, group.id, users.map((u) => u.id));
    await assign(app.id, group.id, "group");

    const od = await provisionGroupOnDemand(actor, app.id, group.id, undefined);
    expect(od.objectType).toBe("group");
    expect(od).toMatchObject({ status: "success", action: "create", membersInGroup: 7, memberLimit: 5 });
    expect(od.members).toHaveLength(5);
    expect(od.members.every((m) => m.status === "success" && m.action === "create" && m.targetId)).toBe(true);

    // The target holds exactly the five users and the group with those five as members.
    expect(targetUsers(target)).toHaveLength(5);
    const held = targetGroup(target, group.displayName)!;
    expect(held).toBeDefined();
    expect(new Set(held.members?.map((m) => m.value))).toEqual(new Set(od.members.map((m) => m.targetId)));
    // The first five by id were chosen (the members list's order).
    const firstFive = users.map((u) => u.id).sort().slice(0, 5);
    expect(od.members.map((m) => m.userId)).toEqual(firstFive);

    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: od.cycleId } });
    expect(cycle).toMatchObject({ type: "on_demand", status: "completed", processed: 6, total: 6 });
    const logs = await db.provisioningLog.findMany({ where: { cycleId: od.cycleId }, orderBy: { id: "asc" } });
    expect(logs.map((l) => l.objectType)).toEqual(["user", "user", "user", "user", "user", "group"]);
    expect(await db.syncIntent.count({ where: { appId: app.id } })).toBe(0);
  });

  it("takes the members the admin chose, adds them to a group already in the app, and refuses strangers and more than five", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const [a, b, c, stranger] = await Promise.all([newUser(), newUser(), newUser(), newUser()]);
    const group = await createGroup(actor, { displayName: uniq("od-chosen") });
    await addMembers(actor, group.id, [a.id, b.id, c.id]);
    await assign(app.id, group.id, "group");

    const first = await provisionGroupOnDemand(actor, app.id, group.id, [b.id]);
    expect(first.members.map((m) => m.userId)).toEqual([b.id]);
    expect(findTargetUser(target, b.userPrincipalName)).toBeDefined();
    expect(findTargetUser(target, a.userPrincipalName)).toBeUndefined();

    const second = await provisionGroupOnDemand(actor, app.id, group.id, [c.id]);
    expect(second.action).toBe("update");
    const held = targetGroup(target, group.displayName)!;
    const ids = [b, c].map((u) => String(findTargetUser(target, u.userPrincipalName)!.id));
    expect(new Set(held.members?.map((m) => m.value))).toEqual(new Set(ids));

    const before = target.requests.length;
    await expect(provisionGroupOnDemand(actor, app.id, group.id, [a.id, stranger.id])).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.status === 400 && /is not a member of the group/.test(e.message));
    await expect(provisionGroupOnDemand(actor, app.id, group.id, Array.from({ length: 6 }, (_, i) => `u${i}`))).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.status === 400 && /at most 5/.test(e.message));
    expect(target.requests.length).toBe(before); // refused before anything was sent

    // A user on demand still answers as before, now saying what it was.
    const one = await provisionOnDemand(actor, app.id, a.id);
    expect(one).toMatchObject({ objectType: "user", status: "success", action: "create" });
  });
});
