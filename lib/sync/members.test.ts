// Group membership never drops members it did not mean to remove (issue 12, behaviour 3).
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, findTargetUser, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers, removeMember } = await import("../directory/groups");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

describe("[SYNC][MEMBERS] member removal against the strict target", () => {
  it("removes one member with the RFC form members[value eq \"…\"]; the others stay", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const users = [await newUser(), await newUser(), await newUser()];
    for (const u of users) await assign(app.id, u.id);
    const group = await createGroup(actor, { displayName: `Members ${users[0]!.mailNickname}` });
    await addMembers(actor, group.id, users.map((u) => u.id));
    await assign(app.id, group.id, "group");
    await runCycle(app.id);
    const ids = users.map((u) => String(findTargetUser(target, u.userPrincipalName)!.id));
    const tg = () => [...target.state.groups.values()].find((g) => g.displayName === group.displayName)!;
    expect((tg().members as { value: string }[]).map((m) => m.value).sort()).toEqual([...ids].sort());

    target.requests.length = 0;
    await removeMember(actor, group.id, users[0]!.id);
    await runCycle(app.id, { force: false });
    const patches = target.requests.filter((r) => r.method === "PATCH" && r.path.includes("/Groups/"));
    expect(patches).toHaveLength(1);
    expect((patches[0]!.body as { Operations: unknown[] }).Operations).toEqual([{ op: "remove", path: `members[value eq "${ids[0]}"]` }]);
    expect((tg().members as { value: string }[]).map((m) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
  });
});
