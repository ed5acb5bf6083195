// A group created with more members than one request may carry (the profile's
// maxMembersPerPatch): the member PATCHes that follow its POST are part of the create, so they
// are sent even when the groups mapping's Update action is off.
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

/** Eight assigned users in one assigned group, three members per request, the groups mapping's Update off. */
async function bigGroupWithUpdateOff(appId: string) {
  await db.app.update({ where: { id: appId }, data: { compatibility: { profile: { maxMembersPerPatch: 3 } } } });
  const mapping = await db.appMapping.findFirstOrThrow({ where: { appId, sourceObject: "group" } });
  await db.appMapping.update({ where: { id: mapping.id }, data: { actions: { create: true, update: false, delete: true } } });
  const users: Awaited<ReturnType<typeof newUser>>[] = [];
  for (let i = 0; i < 8; i++) users.push(await newUser());
  for (const u of users) await assign(appId, u.id);
  const group = await createGroup(actor, { displayName: `Big team ${appId.slice(0, 6)}` });
  await addMembers(actor, group.id, users.map((u) => u.id));
  await assign(appId, group.id, "group");
  return { users, group };
}

describe("[SYNC][GROUPS] a create with more members than one request carries", () => {
  it("ends with every member when the groups mapping's Update is off (through /Bulk, created by the users page)", async () => {
    const { app, target } = await scimApp({ target: { bulk: true, bulkMaxOperations: 50 } });
    targets.push(target);
    const { users, group } = await bigGroupWithUpdateOff(app.id);

    await runCycle(app.id);

    const groups = [...target.state.groups.values()];
    expect(groups).toHaveLength(1);
    const members = ((groups[0]!.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual(users.map((u) => String(findTargetUser(target, u.userPrincipalName)!.id)).sort());
    expect(await db.syncMemberLink.count({ where: { appId: app.id, groupId: group.id } })).toBe(8);
    // The POST carried three of them, the other five followed it as two member PATCHes.
    const ops = target.requests.filter((r) => r.path.endsWith("/Bulk")).flatMap((r) => (r.body as { Operations: Array<{ method: string; path: string; data?: { members?: unknown[] } }> }).Operations);
    expect(ops.filter((o) => o.method === "POST" && o.path === "/Groups").map((o) => o.data?.members?.length)).toEqual([3]);
    expect(ops.filter((o) => o.method === "PATCH")).toHaveLength(2);
    expect((await db.syncLink.findFirstOrThrow({ where: { appId: app.id, objectType: "group" } })).membersPending).toBe(false);
  }, 120_000);

  it("a create whose member PATCH failed is completed by its retry although Update is off (without /Bulk)", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const { users } = await bigGroupWithUpdateOff(app.id);
    // The group's POST lands, its first member PATCH is refused: the create is left unfinished.
    target.inject({ kind: "status", status: 400, body: { status: "400", detail: "try again later" } }, { method: "PATCH", pathPrefix: `${new URL(target.baseUrl).pathname}/Groups` });
    await runCycle(app.id);
    expect(target.state.groups.size).toBe(1);
    const patches = target.requests.filter((r) => r.method === "PATCH").length;
    expect(patches).toBeGreaterThan(0);
    expect(await db.syncEscrow.count({ where: { appId: app.id, objectType: "group" } })).toBe(1);

    // Its retry finishes the create: every member, with Update off.
    await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await runCycle(app.id, { force: true });
    const members = (([...target.state.groups.values()][0]!.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual(users.map((u) => String(findTargetUser(target, u.userPrincipalName)!.id)).sort());
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
    expect((await db.syncLink.findFirstOrThrow({ where: { appId: app.id, objectType: "group" } })).membersPending).toBe(false);
  }, 120_000);
});
