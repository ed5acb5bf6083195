import { describe, expect, it } from "vitest";
import { ENVELOPE_BYTES, opBytes, planBulk, referencesFirst, referencesOf, type QueuedOp } from "./bulk-plan";

const user = (i: number, extra = ""): QueuedOp => ({ key: i, method: "POST", path: "/Users", bulkId: `u${i}`, data: { userName: `user${i}@x.io${extra}` } });
const keys = (b: { ops: QueuedOp[] }[]) => b.map((x) => x.ops.map((o) => o.key));

describe("planBulk", () => {
  it("at most maxOperations per request, in order", () => {
    const ops = Array.from({ length: 7 }, (_, i) => user(i));
    const plan = planBulk(ops, { maxOperations: 3, maxPayloadSize: 1_000_000 });
    expect(keys(plan.batches)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(plan.single).toEqual([]);
  });

  it("at most maxPayloadSize bytes per request, envelope included", () => {
    const ops = Array.from({ length: 6 }, (_, i) => user(i));
    const size = opBytes(ops[0]!);
    // room for exactly two operations
    const plan = planBulk(ops, { maxOperations: 50, maxPayloadSize: ENVELOPE_BYTES + 2 * size + 1 });
    expect(keys(plan.batches)).toEqual([[0, 1], [2, 3], [4, 5]]);
    for (const b of plan.batches) expect(ENVELOPE_BYTES + b.ops.reduce((a, o) => a + opBytes(o), 0)).toBeLessThanOrEqual(ENVELOPE_BYTES + 2 * size + 1);
  });

  it("an operation too large for any request goes on its own, the others still batch", () => {
    const big = user(1, "x".repeat(5000));
    const plan = planBulk([user(0), big, user(2)], { maxOperations: 50, maxPayloadSize: 2000 });
    expect(keys(plan.batches)).toEqual([[0, 2]]);
    expect(plan.single.map((o) => o.key)).toEqual([1]);
  });

  it("a group referencing users of the same request stays with them; one referencing an earlier request waits for it", () => {
    const group: QueuedOp = { key: 9, method: "POST", path: "/Groups", bulkId: "g", data: { displayName: "G", members: [{ value: "bulkId:u0" }, { value: "bulkId:u3" }] } };
    expect(referencesOf(group)).toEqual(["u0", "u3"]);
    const same = planBulk([user(0), user(3), group], { maxOperations: 3, maxPayloadSize: 1_000_000 });
    expect(same.batches).toEqual([{ ops: [user(0), user(3), group], after: false }]);
    const split = planBulk([user(0), user(3), user(4), group], { maxOperations: 3, maxPayloadSize: 1_000_000 });
    expect(split.batches.map((b) => b.after)).toEqual([false, true]);
    expect(keys(split.batches)).toEqual([[0, 3, 4], [9]]);
    // a reference in the path (a PATCH of a group created in the same request) counts too
    const patch: QueuedOp = { key: 10, method: "PATCH", path: "/Groups/bulkId:g", bulkId: "p", data: {} };
    expect(referencesOf(patch)).toEqual(["g"]);
  });

  it("a group queued before the users it refers to goes after them, in the same request when it fits", () => {
    const group: QueuedOp = { key: 9, method: "POST", path: "/Groups", bulkId: "g", data: { displayName: "G", members: [{ value: "bulkId:u1" }, { value: "bulkId:u2" }] } };
    const plan = planBulk([user(0), group, user(1), user(2), user(3)], { maxOperations: 50, maxPayloadSize: 1_000_000 });
    expect(keys(plan.batches)).toEqual([[0, 1, 2, 9, 3]]);
    // two requests: the group follows its members (the queue swaps in the ids of an earlier request's)
    const split = planBulk([group, user(1), user(2), user(3)], { maxOperations: 2, maxPayloadSize: 1_000_000 });
    expect(keys(split.batches)).toEqual([[1, 2], [9, 3]]);
    expect(split.batches.map((b) => b.after)).toEqual([false, true]);
  });

  it("references are ordered through a chain, and a cycle of references does not stop the plan", () => {
    const group: QueuedOp = { key: 9, method: "POST", path: "/Groups", bulkId: "g", data: { members: [{ value: "bulkId:u0" }] } };
    const patch: QueuedOp = { key: 10, method: "PATCH", path: "/Groups/bulkId:g", bulkId: "p", data: {} };
    expect(referencesFirst([patch, group, user(0)]).map((o) => o.key)).toEqual([0, 9, 10]);
    const a: QueuedOp = { key: 1, method: "POST", path: "/Groups", bulkId: "a", data: { members: [{ value: "bulkId:b" }] } };
    const b: QueuedOp = { key: 2, method: "POST", path: "/Groups", bulkId: "b", data: { members: [{ value: "bulkId:a" }] } };
    expect(referencesFirst([a, b, user(3)]).map((o) => o.key).sort()).toEqual([1, 2, 3]);
  });

  it("whatever order the writes were queued in, every bulkId is defined before it is referenced", () => {
    // users, groups referring to some of them, PATCHes of those groups; shuffled many ways
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const users = Array.from({ length: 12 }, (_, i) => user(i));
    const groups: QueuedOp[] = Array.from({ length: 4 }, (_, g) => ({
      key: 100 + g, method: "POST", path: "/Groups", bulkId: `g${g}`, data: { displayName: `G${g}`, members: users.filter((_, i) => i % 4 === g).map((u) => ({ value: `bulkId:${u.bulkId}` })) },
    }));
    const patches: QueuedOp[] = groups.map((g, i) => ({ key: 200 + i, method: "PATCH", path: `/Groups/bulkId:${g.bulkId}`, bulkId: `p${i}`, data: {} }));
    for (let round = 0; round < 200; round++) {
      const ops = [...users, ...groups, ...patches].map((o) => [random(), o] as const).sort((x, y) => x[0] - y[0]).map(([, o]) => o);
      const plan = planBulk(ops, { maxOperations: 1 + Math.floor(random() * 20), maxPayloadSize: 1_000_000 });
      const defined = new Set<string>();
      for (const batch of plan.batches) {
        for (const op of batch.ops) {
          for (const r of referencesOf(op)) expect(defined.has(r), `${op.bulkId} refers to ${r}`).toBe(true);
          defined.add(op.bulkId);
        }
      }
      expect(plan.batches.flatMap((b) => b.ops).map((o) => o.key).sort()).toEqual(ops.map((o) => o.key).sort());
    }
  });

  it("no operations, no requests", () => {
    expect(planBulk([], { maxOperations: 10, maxPayloadSize: 100 })).toEqual({ batches: [], single: [] });
  });
});
