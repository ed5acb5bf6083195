// The GoToMeeting connector through the engine, against a target that validates every
// request against GoTo's published OpenAPI document.
import { afterAll, describe, expect, it } from "vitest";
import { actor, db, newUser, runCycle, uniq } from "../test/sync-fixture";
const { startGoToTarget } = await import("../../e2e/targets/goto-target");
const { createApp } = await import("../apps/apps");
const { saveCredentials } = await import("../apps/credentials");
const { addAssignment, listAssignments, removeAssignment } = await import("../apps/assignments");
const { updateUser } = await import("../directory/users");
const { createGroup, addMembers, removeMember } = await import("../directory/groups");
const { restartProvisioning } = await import("./commands");
const { ScimClient } = await import("../scim/client");
const { ScimError } = await import("../scim/errors");
const { gotomeetingTemplate } = await import("../connectors/templates/gotomeeting");

const goto = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!" });
afterAll(() => goto.close());

describe("[SYNC][GOTOMEETING] connector lifecycle", () => {
  it("creates, updates, removes on unassign, and manages group members — every request valid per GoTo's OpenAPI", async () => {
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoToMeeting") });
    await saveCredentials(actor, app.id, { adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl });
    await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic" } });
    const [u1, u2] = [await newUser(), await newUser()];
    await expect(addAssignment(actor, app.id, { principalType: "user", principalId: u1.id, roleId: "default-access" })).rejects.toThrow(/not valid for provisioning/);
    await addAssignment(actor, app.id, { principalType: "user", principalId: u1.id, roleId: "organizer" });
    await addAssignment(actor, app.id, { principalType: "user", principalId: u2.id, roleId: "organizer" });
    const group = await createGroup(actor, { displayName: uniq("Sales") });
    await addMembers(actor, group.id, [u1.id]);
    await addAssignment(actor, app.id, { principalType: "group", principalId: group.id, roleId: "organizer" });

    await runCycle(app.id);
    const users = () => [...goto.state.users.values()];
    expect(users().map((u) => u.userName.toLowerCase()).sort()).toEqual([u1.userPrincipalName, u2.userPrincipalName].map((s) => s.toLowerCase()).sort());
    const g = [...goto.state.groups.values()][0]!;
    expect(g.displayName).toBe(group.displayName);
    expect(g.members.map((m) => m.value)).toEqual([users().find((u) => u.userName.toLowerCase() === u1.userPrincipalName.toLowerCase())!.id]);

    await updateUser(actor, u1.id, { displayName: "Renamed One" });
    await addMembers(actor, group.id, [u2.id]);
    await removeMember(actor, group.id, u1.id);
    await runCycle(app.id, { force: false });
    expect(users().find((u) => u.userName.toLowerCase() === u1.userPrincipalName.toLowerCase())!.displayName).toBe("Renamed One");
    const u2Target = users().find((u) => u.userName.toLowerCase() === u2.userPrincipalName.toLowerCase())!;
    expect([...goto.state.groups.values()][0]!.members.map((m) => m.value)).toEqual([u2Target.id]);

    // GoTo has no `active`: leaving scope removes the user from the organization.
    // u1 left the group earlier; removing the direct assignment takes it out of scope.
    const u1Target = users().find((u) => u.userName.toLowerCase() === u1.userPrincipalName.toLowerCase())!;
    const direct = (await listAssignments(app.id)).items.find((a) => a.principalId === u1.id)!;
    await removeAssignment(actor, app.id, direct.id);
    await runCycle(app.id, { force: false });
    expect(users().some((u) => u.id === u1Target.id)).toBe(false);
    expect(users().some((u) => u.id === u2Target.id)).toBe(true);

    expect(goto.violations).toEqual([]);
  });
});

// GoTo's document does not say whether `members` in a group PATCH replaces or adds: the
// connector must leave the group exact under either reading.
describe.each(["replace", "add"] as const)("[SYNC][GOTOMEETING] group members, target reading PATCH members as %s", (memberPatch) => {
  it("adds and removes members; the group ends exact and keeps members Provisio does not manage", async () => {
    const t = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", memberPatch });
    try {
      const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoToMeeting") });
      await saveCredentials(actor, app.id, { adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", baseUrl: t.baseUrl, tokenUrl: t.tokenUrl });
      await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic" } });
      const [lucie, leola, pat] = [await newUser(), await newUser(), await newUser()];
      const group = await createGroup(actor, { displayName: uniq("Customer Success") });
      await addMembers(actor, group.id, [lucie.id, leola.id]);
      for (const u of [lucie, leola, pat]) await addAssignment(actor, app.id, { principalType: "user", principalId: u.id, roleId: "organizer" });
      await addAssignment(actor, app.id, { principalType: "group", principalId: group.id, roleId: "organizer" });
      await runCycle(app.id);

      const key = (upn: string) => [...t.state.users.values()].find((u) => u.userName.toLowerCase() === upn.toLowerCase())!.id;
      const g = () => [...t.state.groups.values()].find((x) => x.displayName === group.displayName)!;
      const members = () => g().members.map((m) => m.value).sort();
      expect(members()).toEqual([key(lucie.userPrincipalName), key(leola.userPrincipalName)].sort());
      // A member added in GoTo by hand: Provisio did not add it and must not drop it.
      t.state.users.set("990", { id: "990", userName: "byhand@contoso.test", displayName: "By Hand", name: { givenName: "By", familyName: "Hand" }, locale: "en_US", timezone: "UTC", meta: { created: new Date().toISOString(), location: "" } });
      g().members.push({ type: "user", value: "990" });

      await addMembers(actor, group.id, [pat.id]);
      await runCycle(app.id, { force: false });
      expect(members()).toEqual([key(lucie.userPrincipalName), key(leola.userPrincipalName), key(pat.userPrincipalName), "990"].sort());

      await removeMember(actor, group.id, leola.id);
      await runCycle(app.id, { force: false });
      expect(members()).toEqual([key(lucie.userPrincipalName), key(pat.userPrincipalName), "990"].sort());
      expect(t.state.users.has(key(leola.userPrincipalName))).toBe(true);

      // Only forms that mean the same under both readings: no SCIM 1.1 `operation: "delete"`,
      // every PATCH of members lists at least what the group held, removals are PUTs.
      const groupWrites = t.requests.filter((r) => r.path.includes("/Groups/") && (r.method === "PATCH" || r.method === "PUT") && (r.body as { members?: unknown })?.members);
      expect(groupWrites.map((r) => r.method)).toEqual(["PATCH", "PATCH", "PUT"]);
      for (const r of groupWrites) for (const m of (r.body as { members: object[] }).members) expect(m).not.toHaveProperty("operation");
      expect(t.violations).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe("[SYNC][GOTOMEETING] a group over GoTo's 100-members-per-request limit", () => {
  it("fails with a clear reason and leaves the target group untouched", async () => {
    const t = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!" });
    try {
      const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoToMeeting") });
      await saveCredentials(actor, app.id, { adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", baseUrl: t.baseUrl, tokenUrl: t.tokenUrl });
      await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic" } });
      const users = [];
      for (let i = 0; i < 101; i++) users.push(await newUser());
      const group = await createGroup(actor, { displayName: uniq("All hands") });
      await addMembers(actor, group.id, users.map((u) => u.id));
      await addAssignment(actor, app.id, { principalType: "group", principalId: group.id, roleId: "organizer" });
      await runCycle(app.id);

      expect(t.state.users.size).toBe(101);
      const g = [...t.state.groups.values()].find((x) => x.displayName === group.displayName)!;
      expect(g.members).toEqual([]);
      const entry = await db.provisioningLog.findFirst({ where: { appId: app.id, objectType: "group", sourceId: group.id, status: "failure" } });
      expect(entry?.errorCode).toBe("membership_limit");
      expect(entry?.reason).toMatch(/would hold 101 members in the target, more than the 100 one request can carry/);
      expect(t.requests.filter((r) => r.path.includes("/Groups/") && r.method !== "GET")).toEqual([]);
      expect(t.violations).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

// GoTo answers 401 "not sufficiently authorized or group does not exist" for a group id it does
// not hold: a group deleted in GoTo by hand is recreated, not taken for rejected credentials.
describe("[SYNC][GOTOMEETING] a group deleted in GoTo by hand", () => {
  async function provisioned(t: Awaited<ReturnType<typeof startGoToTarget>>) {
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoToMeeting") });
    await saveCredentials(actor, app.id, { adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", baseUrl: t.baseUrl, tokenUrl: t.tokenUrl });
    await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic" } });
    const [ana, ben] = [await newUser(), await newUser()];
    const group = await createGroup(actor, { displayName: uniq("Support") });
    await addMembers(actor, group.id, [ana.id, ben.id]);
    await addAssignment(actor, app.id, { principalType: "group", principalId: group.id, roleId: "organizer" });
    await runCycle(app.id);
    const old = [...t.state.groups.values()].find((g) => g.displayName === group.displayName)!;
    expect(old.members).toHaveLength(2);
    t.state.groups.delete(old.id);
    return { app, group, old, upns: [ana.userPrincipalName, ben.userPrincipalName] };
  }

  it("the next full cycle (Restart) recreates it with its members; the app is not quarantined", async () => {
    const t = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!" });
    try {
      const { app, group, old, upns } = await provisioned(t);
      await restartProvisioning(actor, app.id);
      await runCycle(app.id);

      expect(t.requests.some((r) => r.path.endsWith(`/Groups/${old.id}`) && r.status === 401)).toBe(true);
      const recreated = [...t.state.groups.values()].filter((g) => g.displayName === group.displayName);
      expect(recreated).toHaveLength(1);
      expect(recreated[0]!.id).not.toBe(old.id);
      const key = (upn: string) => [...t.state.users.values()].find((u) => u.userName.toLowerCase() === upn.toLowerCase())!.id;
      expect(recreated[0]!.members.map((m) => m.value).sort()).toEqual(upns.map(key).sort());
      const state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
      expect(state.state).not.toBe("quarantined");
      const entry = await db.provisioningLog.findFirst({ where: { appId: app.id, objectType: "group", sourceId: group.id }, orderBy: [{ at: "desc" }, { id: "desc" }] });
      expect(entry?.status).toBe("success");
      expect(t.violations).toEqual([]);
      await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    } finally {
      await t.close();
    }
  });

  it("with a wrong password the app still quarantines", async () => {
    const t = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!" });
    try {
      const { app } = await provisioned(t);
      await saveCredentials(actor, app.id, { adminUsername: "admin@contoso.com", adminPassword: "wrong-pass", baseUrl: t.baseUrl, tokenUrl: t.tokenUrl }, { force: true });
      await restartProvisioning(actor, app.id);
      await runCycle(app.id);
      const state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
      expect(state).toMatchObject({ state: "quarantined", reasonCode: "credentials" });
      expect(t.state.groups.size).toBe(0);
      await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    } finally {
      await t.close();
    }
  });
});

describe("[SYNC][GOTOMEETING] a 401 on a group when the credentials are rejected too", () => {
  it("stays an auth failure: the check with no group is refused as well", async () => {
    const t = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!" });
    const client = new ScimClient({
      baseUrl: t.baseUrl, allowPrivate: true, profile: gotomeetingTemplate.profile,
      auth: gotomeetingTemplate.connection({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", baseUrl: t.baseUrl, tokenUrl: t.tokenUrl }).auth,
    });
    try {
      const g = await client.create("Groups", { displayName: uniq("Kept"), members: [] });
      // From now on GoTo refuses every token it issues (the token endpoint still answers).
      t.inject({ kind: "status", status: 401 }, { times: 1000 });
      const err = await client.get("Groups", g.id!).catch((e: unknown) => e);
      expect(err instanceof ScimError && err.kind).toBe("auth");
      // the group's 401 was checked with a read of Users (refused too) before it was taken as auth
      const groupRead = t.requests.findIndex((r) => r.method === "GET" && r.path.endsWith(`/Groups/${g.id}`));
      expect(t.requests.slice(groupRead).some((r) => r.method === "GET" && r.path.endsWith("/Users"))).toBe(true);
      expect(t.state.groups.has(g.id!)).toBe(true);
    } finally {
      client.close();
      await t.close();
    }
  });
});
