import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, mutations, newUser, runCycle, scimApp, targetUsers, uniq, type TargetHandle } from "../test/sync-fixture";
const { updateUser, deleteUser } = await import("../directory/users");
const { createGroup, addMembers, removeMember } = await import("../directory/groups");
const { removeAssignment, listAssignments } = await import("../apps/assignments");
const { getStatus } = await import("./status");
const { restartProvisioning, allowDeletions } = await import("./commands");
const { provisionOnDemand } = await import("./on-demand");
const { saveCredentials, testAppConnection } = await import("../apps/credentials");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("[SYNC][LIFECYCLE] users and groups against a strict SCIM target", () => {
  it("creates, updates only what changed, disables on unassign, re-enables, deletes", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const alice = await newUser({ jobTitle: "Engineer" });
    const bob = await newUser();
    const carol = await newUser(); // not assigned: must not reach the target
    await assign(app.id, alice.id);
    await assign(app.id, bob.id);

    const first = await runCycle(app.id);
    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: first! } });
    expect(cycle.type).toBe("initial");
    expect(cycle.status).toBe("completed");
    expect(targetUsers(target)).toHaveLength(2);
    const a = findTargetUser(target, alice.userPrincipalName)!;
    expect(a).toMatchObject({ active: true, title: "Engineer", displayName: alice.displayName, externalId: alice.mailNickname });
    expect((a[ENTERPRISE] as Record<string, unknown>).department).toBe("R&D");
    expect(findTargetUser(target, carol.userPrincipalName)).toBeUndefined();
    expect((await getStatus(app.id)).steadyState).toBe(true);

    // One attribute changes → exactly one PATCH carrying only that attribute.
    target.requests.length = 0;
    await updateUser(actor, alice.id, { jobTitle: "Principal Engineer" });
    await runCycle(app.id, { force: false });
    const writes = mutations(target);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.method).toBe("PATCH");
    const ops = (writes[0]!.body as { Operations: { op: string; path: string; value: unknown }[] }).Operations;
    expect(ops).toEqual([{ op: "replace", path: "title", value: "Principal Engineer" }]);
    expect(findTargetUser(target, alice.userPrincipalName)!.title).toBe("Principal Engineer");

    // Nothing changed → nothing written.
    target.requests.length = 0;
    await runCycle(app.id, { force: true });
    expect(mutations(target)).toHaveLength(0);

    // Unassign → disabled (active false), not deleted.
    const assignmentOfBob = (await listAssignments(app.id)).items.find((x) => x.principalId === bob.id)!;
    await removeAssignment(actor, app.id, assignmentOfBob.id);
    await runCycle(app.id, { force: true });
    expect(findTargetUser(target, bob.userPrincipalName)!.active).toBe(false);

    // Reassign → enabled again.
    await assign(app.id, bob.id);
    await runCycle(app.id, { force: true });
    expect(findTargetUser(target, bob.userPrincipalName)!.active).toBe(true);
    expect(targetUsers(target)).toHaveLength(2);

    // Deleted in the directory → DELETE in the target.
    target.requests.length = 0;
    await deleteUser(actor, bob.id);
    await runCycle(app.id, { force: false });
    expect(mutations(target).map((r) => r.method)).toEqual(["DELETE"]);
    expect(findTargetUser(target, bob.userPrincipalName)).toBeUndefined();

    // Logs explain what happened.
    const logs = await db.provisioningLog.findMany({ where: { appId: app.id }, orderBy: { id: "asc" } });
    expect(logs.map((l) => `${l.action}:${l.status}`)).toEqual(expect.arrayContaining(["create:success", "update:success", "disable:success", "enable:success", "delete:success"]));
    const update = logs.find((l) => l.action === "update")!;
    expect(update.modifiedProperties).toEqual([{ name: "title", oldValue: "Engineer", newValue: "Principal Engineer" }]);
    expect((update.steps as { name: string }[]).map((s) => s.name)).toEqual(["Import user", "Determine if user is in scope", "Match user between source and target system", "Perform action"]);
  });

  it("provisions a group with provisioned members only, then adds and removes members with PATCH", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const u1 = await newUser(), u2 = await newUser(), outsider = await newUser();
    await assign(app.id, u1.id);
    await assign(app.id, u2.id);
    const group = await createGroup(actor, { displayName: uniq("Team") });
    await addMembers(actor, group.id, [u1.id, outsider.id]);
    await assign(app.id, group.id, "group");
    await runCycle(app.id);
    // Assigning a group assigns its members: the outsider is now in scope too.
    const g = [...target.state.groups.values()][0] as unknown as { displayName: string; members?: { value: string }[] };
    expect(g.displayName).toBe(group.displayName);
    const idOf = (upn: string) => String(findTargetUser(target, upn)!.id);
    expect((g.members ?? []).map((m) => m.value).sort()).toEqual([idOf(u1.userPrincipalName), idOf(outsider.userPrincipalName)].sort());

    target.requests.length = 0;
    await addMembers(actor, group.id, [u2.id]);
    await removeMember(actor, group.id, u1.id);
    await runCycle(app.id, { force: false });
    const groupWrites = mutations(target).filter((r) => r.path.includes("/Groups/"));
    expect(groupWrites.every((r) => r.method === "PATCH")).toBe(true);
    const ops = groupWrites.flatMap((r) => (r.body as { Operations: { op: string }[] }).Operations.map((o) => o.op.toLowerCase()));
    expect(ops.sort()).toEqual(["add", "remove"]);
    const after = [...target.state.groups.values()][0] as unknown as { members?: { value: string }[] };
    expect((after.members ?? []).map((m) => m.value).sort()).toEqual([idOf(u2.userPrincipalName), idOf(outsider.userPrincipalName)].sort());
  });
});

describe("[SYNC][MATCHING] never a duplicate", () => {
  it("adopts a user that already exists in the target instead of creating it", async () => {
    const { app, target, token } = await scimApp();
    targets.push(target);
    const u = await newUser();
    // The account exists in the app already (created by hand, different case).
    const res = await fetch(`${target.baseUrl}/Users`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: u.userPrincipalName.toUpperCase(), active: true }) });
    expect(res.status).toBe(201);
    await assign(app.id, u.id);
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(1);
    expect(findTargetUser(target, u.userPrincipalName)!.displayName).toBe(u.displayName);
    expect(target.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Users"))).toHaveLength(1); // only ours above
  });

  it("a 409 on create matches and adopts", async () => {
    const { app, target, token } = await scimApp();
    targets.push(target);
    const u = await newUser();
    await fetch(`${target.baseUrl}/Users`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: u.userPrincipalName }) });
    // The target's reads miss the user (an eventually consistent target): the cycle's first list
    // (the credentials check) and the lookup before the create — so the engine POSTs and gets 409.
    target.inject({ kind: "status", status: 200, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, Resources: [] } }, { method: "GET", pathPrefix: "/scim/v2/Users", times: 2 });
    await assign(app.id, u.id);
    await runCycle(app.id);
    expect(target.requests.some((r) => r.method === "POST" && r.status === 409)).toBe(true);
    expect(targetUsers(target)).toHaveLength(1);
    const link = await db.syncLink.findFirst({ where: { appId: app.id, sourceId: u.id } });
    expect(link?.targetId).toBe(String(findTargetUser(target, u.userPrincipalName)!.id));
  });

  it("recreates a linked user that was deleted in the target behind our back (404)", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const u = await newUser();
    await assign(app.id, u.id);
    await runCycle(app.id);
    target.state.users.clear();
    await updateUser(actor, u.id, { jobTitle: "Moved" });
    await runCycle(app.id, { force: false });
    expect(targetUsers(target)).toHaveLength(1);
    expect(findTargetUser(target, u.userPrincipalName)!.title).toBe("Moved");
  });
});

describe("[SYNC][SCOPE]", () => {
  it("a scoping filter keeps users out; on-demand shows each clause", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const mapping = await db.appMapping.findFirstOrThrow({ where: { appId: app.id, sourceObject: "user" } });
    await db.appMapping.update({ where: { id: mapping.id }, data: { scopingFilters: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]] } });
    const sales = await newUser({ department: "Sales" });
    const rnd = await newUser({ department: "R&D" });
    await assign(app.id, sales.id);
    await assign(app.id, rnd.id);
    await runCycle(app.id);
    expect(findTargetUser(target, sales.userPrincipalName)).toBeDefined();
    expect(findTargetUser(target, rnd.userPrincipalName)).toBeUndefined();

    const od = await provisionOnDemand(actor, app.id, rnd.id);
    expect(od.status).toBe("skipped");
    const scopeStep = od.steps.find((s) => s.name === "Determine if user is in scope")!;
    expect(scopeStep.details).toContain('department EQUALS "Sales" → false (value: "R&D")');
  });
});

describe("[SYNC][FAULTS] retries, escrow, quarantine, deletion threshold", () => {
  it("429 with Retry-After and 503s converge without duplicates", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const users = await Promise.all([1, 2, 3, 4].map(() => newUser()));
    for (const u of users) await assign(app.id, u.id);
    target.inject({ kind: "status", status: 429, retryAfter: 1 }, { times: 2, method: "POST" });
    target.inject({ kind: "status", status: 503 }, { times: 2, method: "GET" });
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(4);
    const throttled = target.requests.filter((r) => r.status === 429);
    expect(throttled.length).toBe(2);
    // Each throttled POST was retried and each user was created exactly once (no escrow left).
    // How long the client waits for Retry-After is the client's test (lib/scim/client.test.ts).
    const created = target.requests.filter((r) => r.method === "POST" && r.status === 201);
    expect(created).toHaveLength(4);
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
  });

  it("rejected credentials quarantine the app; Restart with fixed credentials lifts it", async () => {
    const { app, target, token } = await scimApp();
    targets.push(target);
    const u = await newUser();
    await assign(app.id, u.id);
    // Provisioning is On: a failing test refuses the save unless the admin saves anyway.
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: "wrong-token" }, { force: true });
    await runCycle(app.id);
    const s1 = await getStatus(app.id);
    expect(s1.state).toBe("quarantined");
    expect(s1.reasonCode).toBe("credentials");
    expect(s1.reason).toMatch(/rejected/i);
    const mails = await db.emailOutbox.findMany({ where: { dedupeKey: { startsWith: `${app.id}:` } } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Provisioning for .* (credential|quarantine|sign)/i);

    // Fixed credentials (they pass Test Connection), then Restart, as the admin does in the portal.
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
    expect((await testAppConnection(app.id, undefined)).ok).toBe(true);
    // Without Restart (and without the web process's credentials hook) the app stays quarantined:
    // a cycle now is not due, so nothing reaches the target.
    await runCycle(app.id, { force: false });
    expect((await getStatus(app.id)).state).toBe("quarantined");
    expect(findTargetUser(target, u.userPrincipalName)).toBeUndefined();
    await restartProvisioning(actor, app.id);
    expect((await getStatus(app.id)).watermark).toBe("0");
    await runCycle(app.id, { force: false });
    const s2 = await getStatus(app.id);
    expect(s2.state).toBe("idle");
    expect(s2.reason).toBeNull();
    expect(findTargetUser(target, u.userPrincipalName)).toBeDefined();

    // Restart again keeps links: a fresh initial cycle re-matches and creates nothing new.
    target.requests.length = 0;
    await restartProvisioning(actor, app.id);
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(1);
    expect(target.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("failures that dominate a cycle quarantine it; escrowed objects are retried", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    await db.setting.upsert({ where: { key: "sync.quarantine" }, create: { key: "sync.quarantine", value: { minFailures: 3, failureRatio: 0.5 } }, update: { value: { minFailures: 3, failureRatio: 0.5 } } });
    try {
      const users = await Promise.all([1, 2, 3, 4].map(() => newUser()));
      for (const u of users) await assign(app.id, u.id);
      target.inject({ kind: "status", status: 400, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue", detail: "title is not allowed" } }, { times: 100, method: "POST" });
      await runCycle(app.id);
      const s = await getStatus(app.id);
      expect(s.state).toBe("quarantined");
      expect(s.reasonCode).toBe("failures");
      expect(s.escrowed).toBe(4);
      const failure = await db.provisioningLog.findFirstOrThrow({ where: { appId: app.id, status: "failure" } });
      expect(failure.reason).toMatch(/title is not allowed/);
      expect(failure.recommendation).toMatch(/attribute mappings/);
      const escrowed = await db.syncEscrow.findMany({ where: { appId: app.id } });

      // The target accepts them now. When the escrow delay has passed (time moved, not slept),
      // the next incremental cycle retries each escrowed object and the app leaves quarantine.
      target.reset();
      await db.syncState.update({ where: { appId: app.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
      await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      await runCycle(app.id, { force: false });
      expect(target.requests.filter((r) => r.method === "POST" && r.status === 201)).toHaveLength(4);
      for (const u of users) expect(findTargetUser(target, u.userPrincipalName)).toMatchObject({ active: true, displayName: u.displayName });
      expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
      expect(escrowed).toHaveLength(4);
      const after = await getStatus(app.id);
      expect(after.state).toBe("idle");
      expect(after.escrowed).toBe(0);
    } finally {
      await db.setting.delete({ where: { key: "sync.quarantine" } });
    }
  });

  it("a cycle over the deletion threshold pauses; Allow deletions applies them", async () => {
    const { app, target } = await scimApp({ preventAccidentalDeletion: true, threshold: 1 });
    targets.push(target);
    const users = await Promise.all([1, 2].map(() => newUser()));
    for (const u of users) await assign(app.id, u.id);
    await runCycle(app.id);
    expect(targetUsers(target).every((u) => u.active === true)).toBe(true);
    for (const a of (await listAssignments(app.id)).items) await removeAssignment(actor, app.id, a.id);
    await runCycle(app.id, { force: true });
    const s = await getStatus(app.id);
    expect(s.state).toBe("paused");
    expect(s.reason).toMatch(/more than the accidental deletion threshold of 1/);
    expect(s.pendingDeletions).toBe(2);
    expect(targetUsers(target).every((u) => u.active === true)).toBe(true); // nothing disabled yet
    await allowDeletions(actor, app.id);
    expect(targetUsers(target).every((u) => u.active === false)).toBe(true);
    // Allow deletions queues the paused cycle's follow-up; once it ran, the app is idle.
    expect((await getStatus(app.id)).state).toBe("queued");
    await runCycle(app.id, { force: false });
    expect((await getStatus(app.id)).state).toBe("idle");
  });

  it("Allow deletions with credentials the target rejects keeps every deletion staged, so the next Allow deletions applies them", async () => {
    const { app, target } = await scimApp({ preventAccidentalDeletion: true, threshold: 1 });
    targets.push(target);
    const users = await Promise.all([1, 2].map(() => newUser()));
    for (const u of users) await assign(app.id, u.id);
    await runCycle(app.id);
    for (const a of (await listAssignments(app.id)).items) await removeAssignment(actor, app.id, a.id);
    await runCycle(app.id, { force: true });
    expect((await getStatus(app.id)).pendingDeletions).toBe(2);

    target.inject({ kind: "status", status: 401 }, { times: 1000 });
    await expect(allowDeletions(actor, app.id)).rejects.toMatchObject({ code: "unprocessable" });
    const held = await getStatus(app.id);
    expect(held.state).toBe("paused");
    expect(held.pendingDeletions).toBe(2);
    expect(targetUsers(target).every((u) => u.active === true)).toBe(true);

    target.clearFaults(); // the credentials work again
    expect((await allowDeletions(actor, app.id)).released).toBe(2);
    expect(targetUsers(target).every((u) => u.active === false)).toBe(true);
  });
});
