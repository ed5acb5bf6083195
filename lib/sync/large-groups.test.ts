// A group that is large in the target (members added there by hand, or a directory group of
// 100,000): what the engine reads and what the target answers to its writes leave the members out
// (?excludedAttributes=members, profile.groupsWithoutMembers), so neither outgrows the response cap
// (4 MB) nor costs more to move than the change itself.
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers, updateGroup } = await import("../directory/groups");
const { restartProvisioning } = await import("./commands");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

/** The app's admin adds n members to the target group by hand: users that exist only in the target. */
function addByHand(target: TargetHandle, groupId: string, n: number) {
  const g = target.state.groups.get(groupId)!;
  const members = [...((g.members ?? []) as { value: string }[])];
  for (let i = 0; i < n; i++) {
    const id = `hand-${i.toString().padStart(6, "0")}-${"x".repeat(24)}`;
    target.state.users.set(id, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id, userName: `${id}@contoso.test` });
    members.push({ value: id });
  }
  target.state.groups.set(groupId, { ...g, members });
}

describe("[SYNC][GROUPS] a group larger in the target than the response cap", () => {
  it("is renamed, reconciled by Restart and keeps its members: no answer carries them", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const [u1, u2] = [await newUser(), await newUser()];
    const group = await createGroup(actor, { displayName: `Large ${Date.now()}` });
    await addMembers(actor, group.id, [u1.id, u2.id]);
    await assign(app.id, group.id, "group");
    await runCycle(app.id);
    const [targetGroup] = [...target.state.groups.values()] as { id: string; members: { value: string }[] }[];
    expect(targetGroup!.members).toHaveLength(2);

    // ≈ 5 MB of members: more than the 4 MB Provisio reads of one answer.
    addByHand(target, targetGroup!.id, 100_000);
    const renamed = `${group.displayName} (renamed)`;
    await updateGroup(actor, group.id, { displayName: renamed });
    const incremental = await db.syncCycle.findUniqueOrThrow({ where: { id: (await runCycle(app.id, { force: false }))! } });
    expect(incremental.status).toBe("completed");
    let held = target.state.groups.get(targetGroup!.id)! as unknown as { displayName: string; members: unknown[] };
    expect(held.displayName).toBe(renamed);
    expect(held.members).toHaveLength(100_002);
    const renameLog = await db.provisioningLog.findFirstOrThrow({ where: { appId: app.id, cycleId: incremental.id, sourceId: group.id } });
    expect(renameLog).toMatchObject({ action: "update", status: "success" });

    // Restart: the engine reads the group again (by id: one group in scope) and finds nothing to change.
    await restartProvisioning(actor, app.id);
    const full = await db.syncCycle.findUniqueOrThrow({ where: { id: (await runCycle(app.id, { force: true }))! } });
    expect(full.status).toBe("completed");
    expect(await db.provisioningLog.count({ where: { appId: app.id, cycleId: full.id, status: "failure" } })).toBe(0);
    const reads = target.requests.filter((r) => r.method === "GET" && r.path.startsWith(`/scim/v2/Groups/${targetGroup!.id}`));
    expect(reads.length).toBeGreaterThan(0);
    held = target.state.groups.get(targetGroup!.id)! as unknown as { displayName: string; members: unknown[] };
    expect(held).toMatchObject({ displayName: renamed });
    expect(held.members).toHaveLength(100_002);
  }, 120_000);
});
