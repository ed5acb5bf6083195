// Full cycles reconcile with what the target really holds (issue 12, behaviour 1 and 8).
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, runCycle, scimApp, targetUsers, type TargetHandle } from "../test/sync-fixture";
import { english, inLocale } from "../logs/text";
import { chooseStrategy, type ReconcilePlan } from "./reconcile";
const { restartProvisioning } = await import("./commands");
const { updateUser } = await import("../directory/users");
const { saveCredentials } = await import("../apps/credentials");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

/** An admin changing the app by hand, through its own SCIM API. */
async function scim(t: TargetHandle, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: body ? JSON.stringify(body) : undefined });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
}

async function restartAndRun(appId: string) {
  await restartProvisioning(actor, appId);
  const cycleId = (await runCycle(appId, { force: true }))!;
  return db.syncCycle.findUniqueOrThrow({ where: { id: cycleId } });
}

describe("[SYNC][RECONCILE] strategy", () => {
  it("lists when the list costs fewer requests than one lookup per in-scope object, and says why", () => {
    expect(chooseStrategy({ targetObjects: 10_000, inScope: 10_000, pageSize: 100, paging: true })).toMatchObject({ strategy: "list", listRequests: 100 });
    expect(chooseStrategy({ targetObjects: 100_000, inScope: 50, pageSize: 100, paging: true })).toMatchObject({ strategy: "lookup", listRequests: 1000 });
    expect(chooseStrategy({ targetObjects: 3, inScope: 1, pageSize: 100, paging: true }).strategy).toBe("lookup");
    expect(chooseStrategy({ targetObjects: 50_000, inScope: 50_000, pageSize: 100, paging: false }).strategy).toBe("lookup");
    const listed = chooseStrategy({ targetObjects: 40, inScope: 30, pageSize: 100, paging: false });
    expect(listed.strategy).toBe("list");
    // Said language-neutral: the same reason in English and in zh-CN.
    expect(english(listed.reason)).toBe("Reading the target's 40 objects takes 1 list request(s), fewer than 30 lookups (one per in-scope object).");
    expect(inLocale("zh-CN", listed.reason)).toBe("读取目标的 40 个对象需要 1 个列表请求，少于 30 次查找（每个作用域内对象一次）。");
  });
});

describe("[SYNC][RECONCILE] drift in the target is corrected by Restart", () => {
  it("edited attribute, deleted user, disabled user, unlinked matching user → exact again (listing)", async () => {
    const { app, target, token } = await scimApp();
    targets.push(target);
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    for (const u of [alice, bob, carol]) await assign(app.id, u.id);
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(3);

    // The app's admin tampers with the target.
    const a = findTargetUser(target, alice.userPrincipalName)!;
    await scim(target, token, "PATCH", `/Users/${a.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "displayName", value: "Edited by hand" }] });
    const b = findTargetUser(target, bob.userPrincipalName)!;
    await scim(target, token, "DELETE", `/Users/${b.id}`);
    const c = findTargetUser(target, carol.userPrincipalName)!;
    await scim(target, token, "PATCH", `/Users/${c.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
    const dave = await newUser();
    const preexisting = await scim(target, token, "POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: dave.userPrincipalName, displayName: "Dave (made by hand)", active: true });
    await assign(app.id, dave.id);

    const cycle = await restartAndRun(app.id);
    expect(cycle.status).toBe("completed");
    expect((cycle.reconcile as ReconcilePlan).user).toMatchObject({ strategy: "list", targetObjects: 3, inScope: 4 });

    expect(targetUsers(target)).toHaveLength(4);
    expect(findTargetUser(target, alice.userPrincipalName)!.displayName).toBe(alice.displayName);
    expect(findTargetUser(target, bob.userPrincipalName)).toMatchObject({ active: true, displayName: bob.displayName });
    expect(findTargetUser(target, carol.userPrincipalName)!.active).toBe(true);
    const d = findTargetUser(target, dave.userPrincipalName)!;
    expect(d.id).toBe(preexisting!.id);
    expect(d.displayName).toBe(dave.displayName);

    const logs = await db.provisioningLog.findMany({ where: { appId: app.id, cycleId: cycle.id }, orderBy: { id: "asc" } });
    const of = (id: string) => logs.find((l) => l.sourceId === id)!;
    expect(of(bob.id)).toMatchObject({ action: "create", status: "success", reason: expect.stringContaining("deleted in the target") });
    expect(of(alice.id).modifiedProperties).toEqual([{ name: "displayName", oldValue: "Edited by hand", newValue: alice.displayName }]);
    expect(of(carol.id).modifiedProperties).toEqual([{ name: "active", oldValue: false, newValue: true }]);
    expect(of(dave.id).steps).toEqual(expect.arrayContaining([expect.objectContaining({ name: "Match user between source and target system", details: expect.stringContaining("Matched an existing user") })]));

    // In sync now: a second Restart reads the list and writes nothing.
    target.requests.length = 0;
    await restartAndRun(app.id);
    expect(target.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("lists groups without their members (kept by member links, never compared from the listing); the group stays exact", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const { createGroup, addMembers } = await import("../directory/groups");
    const [ann, ben] = [await newUser(), await newUser()];
    // Two groups in scope: one list request costs less than two lookups.
    const group = await createGroup(actor, { displayName: `Listed ${ann.mailNickname}` });
    const other = await createGroup(actor, { displayName: `Listed ${ben.mailNickname}` });
    await addMembers(actor, group.id, [ann.id, ben.id]);
    await addMembers(actor, other.id, [ben.id]);
    await assign(app.id, group.id, "group");
    await assign(app.id, other.id, "group");
    await runCycle(app.id);

    target.requests.length = 0;
    const cycle = await restartAndRun(app.id);
    expect((cycle.reconcile as ReconcilePlan).group).toMatchObject({ strategy: "list" });
    const groupLists = target.requests.filter((r) => r.method === "GET" && r.path.endsWith("/Groups") && r.query.startIndex);
    expect(groupLists.length).toBeGreaterThan(0);
    for (const r of groupLists) expect(r.query.excludedAttributes).toBe("members");
    expect(target.requests.filter((r) => r.method !== "GET")).toEqual([]);
    const held = [...target.state.groups.values()].find((g) => g.displayName === group.displayName)!;
    expect((held.members as { value: string }[]).map((m) => m.value).sort()).toEqual([findTargetUser(target, ann.userPrincipalName)!.id, findTargetUser(target, ben.userPrincipalName)!.id].sort());
  });

  it("with one object in scope it looks the object up (GET by id) and repairs it", async () => {
    const { app, target, token } = await scimApp();
    targets.push(target);
    const erin = await newUser();
    await assign(app.id, erin.id);
    await runCycle(app.id);
    const e = findTargetUser(target, erin.userPrincipalName)!;
    await scim(target, token, "PATCH", `/Users/${e.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "Changed" }] });
    target.requests.length = 0;
    const cycle = await restartAndRun(app.id);
    expect((cycle.reconcile as ReconcilePlan).user).toMatchObject({ strategy: "lookup", inScope: 1 });
    expect(target.requests.some((r) => r.method === "GET" && r.path.endsWith(`/Users/${e.id}`))).toBe(true);
    expect(findTargetUser(target, erin.userPrincipalName)!.title).toBe("Engineer");
  });

  it("rejected credentials quarantine the Restart before anything is compared, never 'Completed'", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const u = await newUser();
    await assign(app.id, u.id);
    await runCycle(app.id);
    // Saved while On: refused with the diagnosis, then saved anyway (the admin confirmed).
    await expect(saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: "wrong-token" })).rejects.toThrow(/not saved: Test Connection failed/);
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: "wrong-token" }, { force: true });
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).lastTestOk).toBe(false);
    const cycle = await restartAndRun(app.id);
    expect(cycle.status).toBe("failed");
    const state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
    expect(state).toMatchObject({ state: "quarantined", reasonCode: "credentials" });
    expect(state.reason).toMatch(/rejected Provisio's credentials/);
  });
});

describe("[SYNC][RECONCILE] a write that keeps failing re-reads the object", () => {
  it("a target answering 500 for a deleted user: the escrowed retry finds it gone and recreates it", async () => {
    const { app, target, token } = await scimApp({ missingStatus: 500 });
    targets.push(target);
    const u = await newUser();
    await assign(app.id, u.id);
    await runCycle(app.id);
    const before = findTargetUser(target, u.userPrincipalName)!;
    await scim(target, token, "DELETE", `/Users/${before.id}`);
    await updateUser(actor, u.id, { jobTitle: "Director" });
    await runCycle(app.id, { force: false });
    expect(await db.syncEscrow.count({ where: { appId: app.id, sourceId: u.id } })).toBe(1);
    expect(findTargetUser(target, u.userPrincipalName)).toBeUndefined();

    // The retry is due (as the escrow schedule would make it): it reads first, then recreates.
    await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await runCycle(app.id, { force: true });
    const after = findTargetUser(target, u.userPrincipalName)!;
    expect(after).toMatchObject({ title: "Director", active: true });
    expect(after.id).not.toBe(before.id);
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
    const log = await db.provisioningLog.findFirstOrThrow({ where: { appId: app.id, sourceId: u.id, action: "create", reason: { not: null } } });
    expect(log.reason).toMatch(/deleted in the target/);
  });
});
