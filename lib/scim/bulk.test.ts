// Writes through POST /Bulk (bulk-queue.ts, client option `bulk`) against the strict target's
// /Bulk (RFC 7644 §3.7), read two ways: bulkIds resolved in any order, or only from earlier
// operations.
import { afterEach, describe, expect, it } from "vitest";
import { startScimTarget, type ScimTarget, type ScimTargetOptions } from "@/e2e/targets/scim-target";
import { ScimClient } from "./client";
import { ScimError } from "./errors";

const targets: ScimTarget[] = [];
const clients: ScimClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(targets.splice(0).map((t) => t.close()));
});
async function setup(o: ScimTargetOptions = {}, bulk: boolean | { lingerMs?: number } = { lingerMs: 20 }) {
  const t = await startScimTarget({ bulk: true, ...o });
  targets.push(t);
  const c = new ScimClient({ baseUrl: t.baseUrl, auth: { type: "bearer", token: "test-token" }, allowPrivate: true, retry: { baseDelayMs: 5, maxDelayMs: 20 }, bulk, profile: { maxConcurrency: 4 } });
  clients.push(c);
  return { t, c };
}
const user = (n: number | string) => ({ userName: `user${n}@x.io`, "name.familyName": "Test", active: true });
const G = "urn:ietf:params:scim:schemas:core:2.0:Group";

describe("writes through /Bulk", () => {
  it("concurrent writes share bulk requests within maxOperations; each caller gets its own answer", async () => {
    const { t, c } = await setup({ bulkMaxOperations: 5 });
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => c.createFromFlat("Users", user(i))));
    expect(new Set(made.map((r) => r.id)).size).toBe(12);
    for (const [i, r] of made.entries()) expect(t.state.users.get(r.id!)!.userName).toBe(`user${i}@x.io`);
    const bulks = t.requests.filter((r) => r.path.endsWith("/Bulk"));
    expect(t.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Users"))).toHaveLength(0);
    expect(bulks.length).toBeGreaterThanOrEqual(3); // 12 operations, at most 5 per request
    for (const b of bulks) expect((b.body as { Operations: unknown[] }).Operations.length).toBeLessThanOrEqual(5);
    // updates and deletes go the same way
    await Promise.all(made.slice(0, 3).map((r, i) => c.updateFromFlat("Users", r.id!, user(i), { ...user(i), "name.familyName": "Changed" })));
    await Promise.all(made.slice(3, 6).map((r) => c.delete("Users", r.id!)));
    expect(t.state.users.size).toBe(9);
    expect((t.state.users.get(made[0]!.id!)!.name as { familyName: string }).familyName).toBe("Changed");
  });

  it("one operation's 409 or 400 fails that caller only", async () => {
    const { t, c } = await setup({
      bulkOpStatus: (op) => ((op.data as { userName?: string } | undefined)?.userName === "user3@x.io" ? { status: 400, scimType: "invalidValue", detail: "title too long" } : undefined),
    });
    await c.createFromFlat("Users", user(1));
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => c.createFromFlat("Users", user(i))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
    const e1 = (results[1] as PromiseRejectedResult).reason as ScimError;
    const e3 = (results[3] as PromiseRejectedResult).reason as ScimError;
    expect(e1).toMatchObject({ kind: "conflict", status: 409 });
    expect(e3).toMatchObject({ kind: "permanent", status: 400, detail: "title too long" });
    expect(t.state.users.size).toBe(4);
    expect(t.requests.some((r) => r.path.endsWith("/Bulk"))).toBe(true);
  });

  it("failOnErrors: operations after the target stopped come back as not processed (retryable)", async () => {
    const { t, c } = await setup({ bulkOpStatus: (op) => ((op.data as { userName?: string } | undefined)?.userName === "user0@x.io" ? { status: 400 } : undefined) });
    const U = "urn:ietf:params:scim:schemas:core:2.0:User";
    const r = await c.bulk([0, 1, 2].map((i) => ({ method: "POST" as const, path: "/Users", bulkId: `b${i}`, data: { schemas: [U], userName: `user${i}@x.io` } })), { failOnErrors: 1 });
    expect(r.map((x) => x.status)).toEqual([400, 0, 0]);
    expect(r[1]!.error).toMatchObject({ kind: "transient", code: "bulk_not_processed" });
    expect(t.state.users.size).toBe(0);
  });

  it("off when the target does not advertise bulk", async () => {
    const { t, c } = await setup({ bulk: false });
    await Promise.all([1, 2].map((i) => c.createFromFlat("Users", user(i))));
    expect(t.requests.filter((r) => r.path.endsWith("/Bulk"))).toHaveLength(0);
    expect(t.requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("an operation larger than maxPayloadSize is sent on its own", async () => {
    const { t, c } = await setup({ bulkMaxPayloadSize: 600 });
    await Promise.all([c.createFromFlat("Users", { ...user(1), title: "x".repeat(800) }), c.createFromFlat("Users", user(2)), c.createFromFlat("Users", user(3))]);
    expect(t.state.users.size).toBe(3);
    expect(t.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Users"))).toHaveLength(1);
    for (const b of t.requests.filter((r) => r.path.endsWith("/Bulk"))) expect(Buffer.byteLength(JSON.stringify(b.body))).toBeLessThanOrEqual(600);
  });
});

describe("bulkId references (explicit bulk())", () => {
  const ops = (forward: boolean) => {
    const u = { method: "POST" as const, path: "/Users", bulkId: "u1", data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ref@x.io" } };
    const g = { method: "POST" as const, path: "/Groups", bulkId: "g1", data: { schemas: [G], displayName: "Refs", members: [{ value: "bulkId:u1" }] } };
    return forward ? [g, u] : [u, g];
  };

  it("a group created with a member created in the same request: both readings resolve a backward reference", async () => {
    for (const bulkIds of ["any-order", "earlier-only"] as const) {
      const { t, c } = await setup({ bulkIds });
      const r = await c.bulk(ops(false));
      expect(r.map((x) => x.status)).toEqual([201, 201]);
      const uid = [...t.state.users.values()][0]!.id;
      expect([...t.state.groups.values()][0]!.members).toEqual([{ value: uid }]);
    }
  });

  it("a forward reference is sent after the operation it refers to, so an earlier-only target resolves it too; answers in the order given", async () => {
    for (const bulkIds of ["any-order", "earlier-only"] as const) {
      const { t, c } = await setup({ bulkIds });
      const r = await c.bulk(ops(true));
      expect(r.map((x) => [x.bulkId, x.status])).toEqual([["g1", 201], ["u1", 201]]);
      const sent = (t.requests.find((q) => q.path.endsWith("/Bulk"))!.body as { Operations: Array<{ bulkId: string }> }).Operations;
      expect(sent.map((o) => o.bulkId)).toEqual(["u1", "g1"]);
      expect([...t.state.groups.values()][0]!.members).toEqual([{ value: [...t.state.users.values()][0]!.id }]);
    }
  });

  it("a reference across requests (maxOperations 1) carries the id the target gave", async () => {
    const { t, c } = await setup({ bulkMaxOperations: 1, bulkIds: "earlier-only" });
    const r = await c.bulk(ops(false));
    expect(r.map((x) => x.status)).toEqual([201, 201]);
    const uid = [...t.state.users.values()][0]!.id;
    expect([...t.state.groups.values()][0]!.members).toEqual([{ value: uid }]);
    const second = t.requests.filter((q) => q.path.endsWith("/Bulk"))[1]!.body as { Operations: Array<{ data: { members: unknown } }> };
    expect(second.Operations[0]!.data.members).toEqual([{ value: uid }]);
  });
});

describe("bulkId references between writes (reserveBulkId)", () => {
  type Op = { method: string; bulkId?: string; data?: { members?: Array<{ value: string }> } };
  const opsOf = (t: ScimTarget) => t.requests.filter((r) => r.path.endsWith("/Bulk")).map((r) => (r.body as { Operations: Op[] }).Operations);
  /** three users, then a group with the three as members, each written as soon as the one before it was queued */
  async function team(c: ScimClient) {
    const ids = (await Promise.all([1, 2, 3].map(() => c.reserveBulkId()))) as string[];
    const users = [1, 2, 3].map((n, i) => c.createFromFlat("Users", user(n), { bulkId: ids[i] }));
    const group = Promise.allSettled([c.createFromFlat("Groups", { displayName: "Team", members: ids.map((b) => `bulkId:${b}`) })]);
    return { ids, users: await Promise.allSettled(users), group: (await group)[0]! };
  }

  it("in the same request: the members' operations come first and the group refers to them (valid under both readings)", async () => {
    for (const bulkIds of ["any-order", "earlier-only"] as const) {
      const { t, c } = await setup({ bulkIds }, { lingerMs: 50 });
      const { ids, users, group } = await team(c);
      expect(group.status).toBe("fulfilled");
      const made = users.map((u) => (u as PromiseFulfilledResult<{ id?: string }>).value.id);
      const g = t.state.groups.get((group as PromiseFulfilledResult<{ id?: string }>).value.id!)!;
      expect(g.members).toEqual(made.map((value) => ({ value })));
      const [only, ...rest] = opsOf(t);
      expect(rest).toHaveLength(0);
      expect(only!.map((o) => o.bulkId)).toEqual([...ids, expect.any(String)]);
      expect(only![3]!.data!.members).toEqual(ids.map((b) => ({ value: `bulkId:${b}` })));
    }
  });

  it("across requests: a reference to an operation of an earlier request waits for its answer and carries the id", async () => {
    const { t, c } = await setup({ bulkIds: "earlier-only", bulkMaxOperations: 2 }, { lingerMs: 50 });
    const { ids, users, group } = await team(c);
    expect(group.status).toBe("fulfilled");
    const made = users.map((u) => (u as PromiseFulfilledResult<{ id?: string }>).value.id!);
    expect([...t.state.groups.values()][0]!.members).toEqual(made.map((value) => ({ value })));
    const second = opsOf(t)[1]!;
    expect(second.map((o) => o.bulkId)).toEqual([ids[2], expect.any(String)]);
    expect(second[1]!.data!.members).toEqual([{ value: made[0] }, { value: made[1] }, { value: `bulkId:${ids[2]}` }]);
  });

  it("a member whose operation failed: the group is refused (409 invalidValue) and not created, in the same request or a later one", async () => {
    const refuse = (op: { data: unknown }) => ((op.data as { userName?: string } | undefined)?.userName === "user2@x.io" ? { status: 400, detail: "no" } : undefined);
    for (const bulkMaxOperations of [50, 2]) {
      const { t, c } = await setup({ bulkIds: "earlier-only", bulkMaxOperations, bulkOpStatus: refuse }, { lingerMs: 50 });
      const { users, group } = await team(c);
      expect(users.map((u) => u.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(group.status).toBe("rejected");
      expect((group as PromiseRejectedResult).reason).toMatchObject({ kind: "conflict", status: 409, scimType: "invalidValue" });
      expect(t.state.groups.size).toBe(0);
      expect(t.state.users.size).toBe(2);
      // across requests the group was answered without being sent with a reference that cannot resolve
      if (bulkMaxOperations === 2) expect(opsOf(t).flat().filter((o) => o.data?.members)).toHaveLength(0);
    }
  });
});
