// Users and groups data functions: validation (400 naming the field), 409 on a duplicate UPN, audit, listing.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/roles";
import { db, disconnectDb } from "../db";
import { openSession, waitForLockWaiters } from "../db/test-sessions";
import { addMembers, createGroup, listGroups, listMembers } from "./groups";
import { createUser, deleteUser, getUser, listUsers, updateUser } from "./users";

const actor: Actor = { id: "users-test", email: "scim:HR feed", name: "HR feed", role: "app_admin", via: "scim" };
const upn = (p: string) => `${p}-${randomUUID().slice(0, 8)}@users.example.com`;

afterAll(async () => {
  await disconnectDb();
});

describe("users", () => {
  it("validates input and names the field", async () => {
    await expect(createUser(actor, { userPrincipalName: "no-at-sign" })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: "userPrincipalName" })] });
    await expect(createUser(actor, { userPrincipalName: upn("m"), mail: "nope" })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: "mail" })] });
    await expect(createUser(actor, { userPrincipalName: upn("l"), displayName: "x".repeat(257) })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/displayName/) });
    await expect(createUser(actor, { userPrincipalName: upn("u"), shoeSize: 44 } as never)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/shoeSize/) });
    await expect(createUser(actor, { userPrincipalName: upn("t"), accountEnabled: "yes" } as never)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/accountEnabled/) });
    await expect(createUser(actor, { userPrincipalName: upn("e"), extensionAttributes: { "bad key": "v" } })).rejects.toMatchObject({ status: 400 });
    await expect(createUser(actor, { userPrincipalName: upn("g"), managerId: "missing" })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/managerId/) });
  });

  it("answers 409 on a duplicate UPN in any case, also under concurrent creates", async () => {
    const u = upn("dup");
    await createUser(actor, { userPrincipalName: u });
    await expect(createUser(actor, { userPrincipalName: u.toUpperCase() })).rejects.toMatchObject({ status: 409 });
    const v = upn("race");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => createUser(actor, { userPrincipalName: v })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
  });

  it("two creates of one UPN that both pass the existence check: one is created, the other gets 409 (forced on Postgres)", async () => {
    const v = upn("forced");
    const s = await openSession();
    try {
      // Hold audit_log in SHARE mode: each create runs its existence check and its insert, then queues
      // at its audit row, so neither can commit before both have checked — the race, every time.
      await s.query("BEGIN");
      await s.query("LOCK TABLE audit_log IN SHARE MODE");
      const settled = Promise.allSettled([createUser(actor, { userPrincipalName: v }), createUser(actor, { userPrincipalName: v.toUpperCase() })]);
      // one waits on the audit lock, the other on the first one's uncommitted UPN key
      expect(await waitForLockWaiters(s, 2, { orDone: settled })).toBe("blocked");
      await s.query("COMMIT");
      const results = await settled;
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected");
      expect(lost?.reason).toMatchObject({ status: 409, message: expect.stringMatching(/already|exists|taken|in use/i) });
      expect(await db.directoryUser.count({ where: { upnKey: v.toLowerCase() } })).toBe(1);
    } finally {
      await s.query("ROLLBACK").catch(() => undefined);
      await s.end();
    }
  });

  it("updates only what changed, merges extension attributes and audits with the actor", async () => {
    const u = await createUser(actor, { userPrincipalName: upn("upd"), displayName: "Old", extensionAttributes: { extensionAttribute1: "a", extensionAttribute2: "b" } });
    const after = await updateUser(actor, u.id, { displayName: "New", extensionAttributes: { extensionAttribute2: "", extensionAttribute3: "c" } });
    expect(after.displayName).toBe("New");
    expect(after.extensionAttributes).toEqual({ extensionAttribute1: "a", extensionAttribute3: "c" });
    const audit = await db.auditLog.findFirst({ where: { targetId: u.id, action: "user.update" } });
    expect(audit).toMatchObject({ actorEmail: "scim:HR feed", before: { displayName: "Old", extensionAttributes: expect.any(Object) } });
    await expect(updateUser(actor, "nope", { displayName: "x" })).rejects.toMatchObject({ status: 404 });
    await deleteUser(actor, u.id);
    expect(await getUser(u.id)).toBeNull();
    await expect(deleteUser(actor, u.id)).rejects.toMatchObject({ status: 404 });
  });

  it("lists with prefix search and keyset paging, each user once", async () => {
    const tag = `Zq${randomUUID().slice(0, 6)}`;
    const made = await Promise.all(Array.from({ length: 7 }, (_, i) => createUser(actor, { userPrincipalName: upn(`list${i}`), displayName: `${tag} Person ${i % 3}` })));
    for (const sort of ["displayName", "userPrincipalName", "createdAt"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof listUsers>> = await listUsers({ q: tag.toLowerCase(), sort, dir, limit: 3, cursor });
          seen.push(...page.items.map((u) => u.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.sort()).toEqual(made.map((m) => m.id).sort());
      }
    }
    // search by UPN prefix and mail prefix; LIKE wildcards are literal
    expect((await listUsers({ q: made[0]!.userPrincipalName.slice(0, 14), limit: 10 })).items.map((u) => u.id)).toContain(made[0]!.id);
    expect((await listUsers({ q: "%", limit: 10 })).items).toEqual([]);
    await expect(listUsers({ limit: 3, cursor: "garbage" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("groups", () => {
  it("creates, lists and pages members", async () => {
    const g = await createGroup(actor, { displayName: `Qx ${randomUUID()}`, description: "d" });
    const users = await Promise.all(Array.from({ length: 5 }, (_, i) => createUser(actor, { userPrincipalName: upn(`mem${i}`) })));
    expect((await addMembers(actor, g.id, users.map((u) => u.id))).added).toHaveLength(5);
    expect((await addMembers(actor, g.id, [users[0]!.id])).added).toEqual([]);
    await expect(addMembers(actor, g.id, ["missing-user"])).rejects.toMatchObject({ status: 400 });
    const first = await listMembers(g.id, { limit: 3 });
    const second = await listMembers(g.id, { limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((m) => m.id).sort()).toEqual(users.map((u) => u.id).sort());
    expect(second.nextCursor).toBeNull();
    const listed = await listGroups({ q: g.displayName.slice(0, 12), limit: 50 });
    expect(listed.items.find((x) => x.id === g.id)?.memberCount).toBe(5);
    await expect(createGroup(actor, { displayName: "" })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/displayName/) });
  });
});
