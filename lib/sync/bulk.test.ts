// The engine writes through POST /Bulk where the target advertises it (lib/scim/bulk-queue.ts):
// objects a page writes side by side share bulk requests, one failed operation fails (and
// escrows) its object only, every object's write intent is committed before its bulk request is
// sent, and a bulk request whose connection dies part-way leaves no object without a log entry.
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, runCycle, scimApp, targetUsers, type TargetHandle } from "../test/sync-fixture";
const { createGroup, addMembers } = await import("../directory/groups");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

const userNameOf = (op: { data?: unknown }) => String((op.data as { userName?: unknown } | undefined)?.userName ?? "").toLowerCase();
const bulks = (t: TargetHandle) => t.requests.filter((r) => r.path.endsWith("/Bulk"));
const bulkOps = (t: TargetHandle) => bulks(t).flatMap((r) => (r.body as { Operations: Array<{ method: string; path: string; data?: unknown }> }).Operations);

describe("[SYNC][BULK] writes through /Bulk", () => {
  it("an initial cycle creates users and a group with its members through /Bulk; a 400 and a 409 fail only their objects", async () => {
    let bad400 = "", bad409 = "";
    const intentsAtFirstBulk: number[] = [];
    let appId = "";
    const { app, target } = await scimApp({
      target: {
        bulk: true, bulkMaxOperations: 8,
        bulkOpStatus: async (op) => {
          if (!intentsAtFirstBulk.length) intentsAtFirstBulk.push(await db.syncIntent.count({ where: { appId } }));
          const u = userNameOf(op);
          if (u && u === bad400) return { status: 400, scimType: "invalidValue", detail: "title is not allowed" };
          if (u && u === bad409) return { status: 409, scimType: "uniqueness", detail: "userName taken" };
          return undefined;
        },
      },
    });
    appId = app.id;
    targets.push(target);
    const users: Awaited<ReturnType<typeof newUser>>[] = [];
    for (let i = 0; i < 20; i++) users.push(await newUser());
    for (const u of users) await assign(app.id, u.id);
    bad400 = users[3]!.userPrincipalName.toLowerCase();
    bad409 = users[11]!.userPrincipalName.toLowerCase();
    const group = await createGroup(actor, { displayName: `Bulk team ${app.id.slice(0, 6)}` });
    await addMembers(actor, group.id, users.slice(0, 6).map((u) => u.id));
    await assign(app.id, group.id, "group");

    const cycleId = await runCycle(app.id);
    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: cycleId! } });
    expect(cycle.status).toBe("completed_with_failures");

    // Users went through /Bulk, never as plain POSTs, at most 8 per request.
    expect(target.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Users"))).toHaveLength(0);
    expect(bulks(target).length).toBeGreaterThan(0);
    for (const b of bulks(target)) expect((b.body as { Operations: unknown[] }).Operations.length).toBeLessThanOrEqual(8);
    // Every object's intent was in the database before the first bulk request arrived.
    expect(intentsAtFirstBulk[0]).toBeGreaterThan(0);

    // The two refused users only: not in the target, failed, escrowed, logged with the target's reason.
    expect(targetUsers(target)).toHaveLength(18);
    expect(findTargetUser(target, bad400)).toBeUndefined();
    expect(findTargetUser(target, bad409)).toBeUndefined();
    const escrow = await db.syncEscrow.findMany({ where: { appId: app.id } });
    expect(escrow.map((e) => e.sourceId).sort()).toEqual([users[3]!.id, users[11]!.id].sort());
    const failed = await db.provisioningLog.findMany({ where: { appId: app.id, status: "failure" } });
    expect(new Set(failed.map((l) => l.sourceId))).toEqual(new Set([users[3]!.id, users[11]!.id]));
    expect(failed.find((l) => l.sourceId === users[3]!.id)!.reason).toMatch(/title is not allowed/);
    const created = await db.provisioningLog.findMany({ where: { appId: app.id, objectType: "user", action: "create", status: "success" } });
    expect(created).toHaveLength(18);
    // The 409 was matched again (nothing found) and tried again, never a duplicate.
    expect(bulkOps(target).filter((o) => userNameOf(o) === bad409).length).toBeGreaterThan(1);

    // The group holds its provisioned members (the refused one is not among them).
    const g = [...target.state.groups.values()][0]!;
    const want = users.slice(0, 6).filter((u) => u.id !== users[3]!.id).map((u) => findTargetUser(target, u.userPrincipalName)!.id);
    expect(((g.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort()).toEqual(want.sort());
    expect(await db.syncIntent.count({ where: { appId: app.id } })).toBe(0);
  }, 120_000);

  for (const bulkIds of ["any-order", "earlier-only"] as const) {
    it(`an initial cycle creates a group with its members in one POST, after them, referring to those created in the same request by bulkId; a refused member does not lose the group (bulkIds ${bulkIds})`, async () => {
      let refused = "";
      const { app, target } = await scimApp({
        target: { bulk: true, bulkMaxOperations: 50, bulkIds, bulkOpStatus: (op) => (userNameOf(op) === refused ? { status: 400, scimType: "invalidValue", detail: "no such department" } : undefined) },
      });
      targets.push(target);
      const users: Awaited<ReturnType<typeof newUser>>[] = [];
      for (let i = 0; i < 12; i++) users.push(await newUser());
      for (const u of users) await assign(app.id, u.id);
      refused = users[3]!.userPrincipalName.toLowerCase();
      const team = await createGroup(actor, { displayName: `Refs team ${app.id.slice(0, 6)}` });
      await addMembers(actor, team.id, users.slice(0, 6).map((u) => u.id));
      const all = await createGroup(actor, { displayName: `Refs all ${app.id.slice(0, 6)}` });
      await addMembers(actor, all.id, users.map((u) => u.id));
      for (const g of [team, all]) await assign(app.id, g.id, "group");

      const cycleId = await runCycle(app.id);

      // Created in one go: no member PATCH, plain or in a bulk request.
      const ops = bulks(target).map((b) => (b.body as { Operations: Array<{ method: string; path: string; bulkId: string; data?: { members?: Array<{ value: string }> } }> }).Operations);
      expect(target.requests.filter((r) => r.method === "PATCH")).toHaveLength(0);
      expect(ops.flat().filter((o) => o.method === "PATCH")).toHaveLength(0);
      // Each reference is to an operation earlier in the same request (valid under both readings) …
      let refs = 0;
      for (const request of ops) {
        request.forEach((o, i) => {
          for (const m of o.data?.members ?? []) {
            if (!m.value.startsWith("bulkId:")) continue;
            refs++;
            expect(request.slice(0, i).map((x) => x.bulkId)).toContain(m.value.slice("bulkId:".length));
          }
        });
      }
      // … and the groups did refer to members created in the same request.
      expect(refs).toBeGreaterThan(0);

      // The target is exact: every user but the refused one once, each group once with exactly its created members.
      const idOf = (u: (typeof users)[number]) => findTargetUser(target, u.userPrincipalName)?.id as string | undefined;
      expect(targetUsers(target)).toHaveLength(11);
      expect(idOf(users[3]!)).toBeUndefined();
      const groups = [...target.state.groups.values()];
      expect(groups.map((g) => g.displayName).sort()).toEqual([all.displayName, team.displayName].sort());
      const membersOf = (name: string) => ((groups.find((g) => g.displayName === name)!.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
      const created = (list: typeof users) => list.filter((u) => u.id !== users[3]!.id).map((u) => idOf(u)!).sort();
      expect(membersOf(team.displayName)).toEqual(created(users.slice(0, 6)));
      expect(membersOf(all.displayName)).toEqual(created(users));
      // Recorded once each, with the member links that make the next cycle write nothing for them.
      const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: cycleId! } });
      expect((cycle.counts as { groups: { created: number } }).groups.created).toBe(2);
      expect(await db.syncMemberLink.count({ where: { appId: app.id, groupId: team.id } })).toBe(5);
      expect(await db.syncMemberLink.count({ where: { appId: app.id, groupId: all.id } })).toBe(11);
      expect(await db.provisioningLog.count({ where: { appId: app.id, objectType: "group" } })).toBe(2);
      expect(await db.syncIntent.count({ where: { appId: app.id } })).toBe(0);
    }, 120_000);
  }

  it("a bulk request whose connection dies after some operations were applied: every object has a log entry, the next cycle adopts without duplicates", async () => {
    const { app, target } = await scimApp({ target: { bulk: true, bulkMaxOperations: 10, bulkDieAfter: 1 } });
    targets.push(target);
    const users: Awaited<ReturnType<typeof newUser>>[] = [];
    for (let i = 0; i < 10; i++) users.push(await newUser());
    for (const u of users) await assign(app.id, u.id);

    await runCycle(app.id);
    const died = target.requests.find((r) => r.fault === "bulk-died");
    expect(died).toBeDefined();
    const diedOps = (died!.body as { Operations: Array<{ data?: unknown }> }).Operations;
    expect(diedOps.length).toBeGreaterThan(1);
    const applied = diedOps.slice(0, 1).map(userNameOf);
    // Applied by the target although the answer was lost: each of those objects has a log entry.
    const byUpn = new Map(users.map((u) => [u.userPrincipalName.toLowerCase(), u.id]));
    for (const upn of applied) {
      expect(findTargetUser(target, upn)).toBeDefined();
      const logs = await db.provisioningLog.count({ where: { appId: app.id, sourceId: byUpn.get(upn)!, action: { not: "skip" } } });
      expect(logs, upn).toBeGreaterThan(0);
    }
    expect(await db.syncIntent.count({ where: { appId: app.id } })).toBe(0);

    // Their retries (escrow), once due, find what the lost answer hid and create the rest, once each.
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(diedOps.length);
    await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await runCycle(app.id, { force: true });
    expect(targetUsers(target)).toHaveLength(10);
    const names = targetUsers(target).map((u) => String(u.userName).toLowerCase());
    expect(new Set(names).size).toBe(10);
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
  }, 120_000);
});
