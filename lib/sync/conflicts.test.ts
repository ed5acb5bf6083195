// One target object, one source object (issue 12, behaviour 2).
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers, deleteGroup } = await import("../directory/groups");
const { getStatus } = await import("./status");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

const groupsNamed = (t: TargetHandle, name: string) => [...t.state.groups.values()].filter((g) => g.displayName === name);

describe("[SYNC][CONFLICT] two directory groups with one name", () => {
  it("links one, reports the other as a conflict; deleting the linked one provisions the other", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const [u1, u2] = [await newUser(), await newUser()];
    for (const u of [u1, u2]) await assign(app.id, u.id);
    const name = `Same name ${u1.mailNickname}`;
    const first = await createGroup(actor, { displayName: name });
    const second = await createGroup(actor, { displayName: name });
    await addMembers(actor, first.id, [u1.id]);
    await addMembers(actor, second.id, [u2.id]);
    await assign(app.id, first.id, "group");
    await assign(app.id, second.id, "group");

    const cycleId = await runCycle(app.id);
    expect(groupsNamed(target, name)).toHaveLength(1);
    const links = await db.syncLink.findMany({ where: { appId: app.id, objectType: "group" } });
    expect(links).toHaveLength(1);
    const linked = links[0]!.sourceId;
    const other = linked === first.id ? second : first;
    const holder = linked === first.id ? first : second;

    const conflict = await db.provisioningLog.findFirstOrThrow({ where: { appId: app.id, cycleId, sourceId: other.id } });
    expect(conflict).toMatchObject({ status: "failure", errorCode: "conflict:link" });
    expect(conflict.reason).toContain(holder.id);
    expect(conflict.reason).toContain(`displayName = "${name}"`);
    expect(conflict.recommendation).toMatch(/Change displayName/);
    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: cycleId! } });
    expect((cycle.counts as { groups: { conflict: number } }).groups.conflict).toBe(1);
    expect((await getStatus(app.id)).conflicts).toBe(1);

    // An incremental cycle retries the conflict without logging it again.
    await runCycle(app.id, { force: true });
    expect(await db.provisioningLog.count({ where: { appId: app.id, sourceId: other.id } })).toBe(1);
    expect(groupsNamed(target, name)).toHaveLength(1);

    // The clash goes away: the next cycle provisions the other group (with its own members).
    await deleteGroup(actor, holder.id);
    await runCycle(app.id, { force: false });
    const now = groupsNamed(target, name);
    expect(now).toHaveLength(1);
    const otherLink = await db.syncLink.findFirstOrThrow({ where: { appId: app.id, objectType: "group", sourceId: other.id } });
    expect(now[0]!.id).toBe(otherLink.targetId);
    const memberOf = (u: { userPrincipalName: string }) => [...target.state.users.values()].find((x) => String(x.userName).toLowerCase() === u.userPrincipalName.toLowerCase())!.id;
    const expected = other.id === second.id ? [memberOf(u2)] : [memberOf(u1)];
    expect((now[0]!.members as { value: string }[]).map((m) => m.value)).toEqual(expected);
    expect((await getStatus(app.id)).conflicts).toBe(0);
  });

  it("the database refuses a second link to a target object that is already linked", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const g = await createGroup(actor, { displayName: `Shared ${Date.now()}` });
    await assign(app.id, g.id, "group");
    await runCycle(app.id);
    const link = await db.syncLink.findFirstOrThrow({ where: { appId: app.id, objectType: "group", sourceId: g.id } });
    // A second link to the same target object cannot be saved.
    const h = await createGroup(actor, { displayName: `Other ${Date.now()}` });
    await expect(db.$executeRaw`INSERT INTO sync_link ("appId","objectType","sourceId","targetId",state,"updatedAt") VALUES (${app.id}, 'group', ${h.id}, ${link.targetId}, 'active', now())`).rejects.toThrow();
  });
});
