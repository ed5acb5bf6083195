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
