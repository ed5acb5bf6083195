import { describe, expect, it } from "vitest";
import { ENVELOPE_BYTES, opBytes, planBulk, referencesOf, type QueuedOp } from "./bulk-plan";

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

  it("no operations, no requests", () => {
    expect(planBulk([], { maxOperations: 10, maxPayloadSize: 100 })).toEqual({ batches: [], single: [] });
  });
});
