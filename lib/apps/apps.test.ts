// lib/apps against the database and a local GoTo target: the contract the sync engine codes against.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";
import { startGoToTarget, type GoToTarget } from "../../e2e/targets/goto-target";

ensureTestEnv();
process.env.PROVISIO_ALLOW_PRIVATE_TARGETS = "true";
const { resetEnvCache } = await import("../env");
resetEnvCache();
const { db } = await import("../db");
const { createApp, deleteApp } = await import("./apps");
const { saveCredentials, credentialsView, loadCredentials, buildAppClient, testAppConnection } = await import("./credentials");
const { updateProvisioning, getProvisioning } = await import("./provisioning");
const { addAssignment, isUserAssigned, appRoleAssignmentsFor, iterateAssignedUserIds, removeAssignment } = await import("./assignments");
const { listenForChanges } = await import("../jobs/listener");
const { AppError } = await import("../errors");
import type { Actor } from "../auth/roles";

const actor: Actor = { id: "test", email: "apps-test@provisio.test", name: "test", role: "global_admin", via: "system" };
const SECRET = `pw-${uniq("secret")}`;
let target: GoToTarget;

describe("[APPS] lib/apps", () => {
  beforeAll(async () => {
    target = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: SECRET });
  });
  afterAll(async () => {
    await target.close();
  });

  it("createApp makes the app, its sync state and both default mappings", async () => {
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoTo") });
    const mappings = await db.appMapping.findMany({ where: { appId: app.id }, orderBy: { sourceObject: "desc" } });
    expect(mappings.map((m) => [m.sourceObject, m.name, m.actions])).toEqual([
      ["user", "Provision Directory Users", { create: true, update: true, delete: true }],
      ["group", "Provision Directory Groups", { create: true, update: true, delete: true }],
    ]);
    expect(await db.syncState.findUnique({ where: { appId: app.id } })).toMatchObject({ needsInitial: true });
    await deleteApp(actor, app.id);
  });

  it("credentials are encrypted at rest, write-only, and build a working client", async () => {
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoTo") });
    const notices: string[] = [];
    // What a worker process hears (Postgres NOTIFY), whichever process saved.
    const listener = await listenForChanges({ onNotices: async (b) => void notices.push(...b.provisioning.map((n) => `${n.appId}:${n.reason}`)) });
    await saveCredentials(actor, app.id, { adminUsername: "admin@goto.test", adminPassword: SECRET, baseUrl: target.baseUrl, tokenUrl: target.tokenUrl });
    const row = await db.app.findUniqueOrThrow({ where: { id: app.id } });
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.credentialsSecret).toMatch(/^v1:/);
    expect(credentialsView(row)).toEqual({ adminUsername: "admin@goto.test", adminPassword: { set: true }, baseUrl: target.baseUrl, tokenUrl: target.tokenUrl, clientSecret: { set: false } });
    // An empty secret keeps the stored one ("can only be replaced").
    await saveCredentials(actor, app.id, { adminUsername: "admin@goto.test", adminPassword: "", baseUrl: target.baseUrl, tokenUrl: target.tokenUrl });
    expect((await loadCredentials(app.id)).adminPassword).toBe(SECRET);
    const client = await buildAppClient(app.id);
    expect((await client.list("Users", {})).resources).toEqual([]);
    client.close();
    expect(await testAppConnection(app.id, undefined)).toMatchObject({ ok: true });
    expect((await getProvisioning(app.id)).lastTestOk).toBe(true);
    const audit = await db.auditLog.findMany({ where: { targetId: app.id } });
    expect(JSON.stringify(audit.map((a) => ({ ...a, id: String(a.id) })))).not.toContain(SECRET);
    await expect.poll(() => notices).toContain(`${app.id}:credentials`);
    await listener.close();
    await deleteApp(actor, app.id);
  });

  it("status On needs passing credentials; deletion prevention needs an email; scope change → initial", async () => {
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoTo") });
    const rejects = (p: Promise<unknown>, re: RegExp) => expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === "unprocessable" && re.test(e.message));
    await rejects(updateProvisioning(actor, app.id, { mode: "automatic", status: "on" }), /Save the Admin Credentials/);
    await saveCredentials(actor, app.id, { adminUsername: "admin@goto.test", adminPassword: "wrong", baseUrl: target.baseUrl, tokenUrl: target.tokenUrl });
    await rejects(updateProvisioning(actor, app.id, { mode: "automatic", status: "on" }), /Test Connection failed/);
    await saveCredentials(actor, app.id, { adminUsername: "admin@goto.test", adminPassword: SECRET, baseUrl: target.baseUrl, tokenUrl: target.tokenUrl });
    await rejects(updateProvisioning(actor, app.id, { preventAccidentalDeletion: true }), /Notification Email/);
    await db.syncState.update({ where: { appId: app.id }, data: { needsInitial: false } });
    const on = await updateProvisioning(actor, app.id, { mode: "automatic", status: "on", notificationEmail: "ops@contoso.test", preventAccidentalDeletion: true, scope: "all" });
    expect(on).toMatchObject({ status: "on", accidentalDeletionThreshold: 500, intervalMinutes: 40, lastTestOk: true });
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).needsInitial).toBe(true);
    await deleteApp(actor, app.id);
  });

  it("assignments: Default Access refused for GoToMeeting; user assigned directly or via a group", async () => {
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoTo") });
    const user = await db.directoryUser.create({ data: { userPrincipalName: `${uniq("u")}@contoso.test`, upnKey: `${uniq("u")}@contoso.test` } });
    const member = await db.directoryUser.create({ data: { userPrincipalName: `${uniq("m")}@contoso.test`, upnKey: `${uniq("m")}@contoso.test` } });
    const group = await db.directoryGroup.create({ data: { displayName: uniq("G"), members: { create: [{ userId: member.id }] } } });
    await expect(addAssignment(actor, app.id, { principalType: "user", principalId: user.id, roleId: "default-access" })).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.status === 422 && /not valid for provisioning in GoToMeeting/.test(e.message),
    );
    const direct = await addAssignment(actor, app.id, { principalType: "user", principalId: user.id, roleId: "organizer" });
    await addAssignment(actor, app.id, { principalType: "group", principalId: group.id, roleId: "manager" });
    expect(await isUserAssigned(app.id, user.id)).toEqual({ assigned: true, roleIds: ["organizer"] });
    expect(await isUserAssigned(app.id, member.id)).toEqual({ assigned: true, roleIds: ["manager"] });
    expect((await appRoleAssignmentsFor(app.id, member.id))[0]).toMatchObject({ via: "group", groupId: group.id });
    expect((await iterateAssignedUserIds(app.id, { limit: 10 })).userIds.sort()).toEqual([user.id, member.id].sort());
    await removeAssignment(actor, app.id, direct.id);
    expect(await isUserAssigned(app.id, user.id)).toEqual({ assigned: false, roleIds: [] });
    await deleteApp(actor, app.id);
    await db.directoryGroup.delete({ where: { id: group.id } });
    await db.directoryUser.deleteMany({ where: { id: { in: [user.id, member.id] } } });
  });
});
