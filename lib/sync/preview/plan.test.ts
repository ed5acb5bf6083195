import { describe, expect, it } from "vitest";
import type { Decision } from "../decide";
import type { WriteResult } from "../types";
import { memberDelta, toPlanItem, withMembers } from "./plan";

const result = (decision: Decision | undefined, extra: Partial<WriteResult> = {}): WriteResult => ({
  kind: "user", sourceId: "s-1", outcome: "skipped", action: "other", status: "skipped", steps: [], modifiedProperties: [], decision,
  log: { appId: "a", appName: "A", cycleId: null, objectType: "user", action: "other", status: "skipped", sourceId: "s-1", sourceIdentity: "ann@contoso.test", steps: [], modifiedProperties: [] } as unknown as WriteResult["log"],
  ...extra,
});

describe("[PREVIEW][PLAN] the engine's decision as one action", () => {
  it("create lists every attribute sent, from nothing", () => {
    const i = toPlanItem(result({ op: "create", attrs: { userName: "ann", title: null }, recreate: false }));
    expect(i).toMatchObject({ action: "create", identity: "ann@contoso.test", changes: [{ name: "userName", oldValue: null, newValue: "ann" }], payload: { userName: "ann", title: null } });
  });

  it("updates, adoptions and re-enables keep the attribute diff", () => {
    const props = [{ name: "title", oldValue: "Old", newValue: "New" }];
    const base = { targetId: "t-1", before: {}, attrs: { title: "New" }, props };
    expect(toPlanItem(result({ op: "update", ...base, enable: false, relink: false }))).toMatchObject({ action: "update", targetId: "t-1", changes: props });
    expect(toPlanItem(result({ op: "update", ...base, enable: false, relink: true }))).toMatchObject({ action: "adopt", changes: props });
    expect(toPlanItem(result({ op: "update", ...base, enable: true, relink: false }))).toMatchObject({ action: "enable" });
    expect(toPlanItem(result({ op: "link", targetId: "t-1", exported: {}, relink: true }))).toMatchObject({ action: "adopt", changes: [] });
  });

  it("conflicts, deprovisioning and skips say why", () => {
    expect(toPlanItem(result({ op: "conflict", targetId: "t-1", otherSourceId: "s-2", attribute: "userName", value: "ann" })).reason).toContain('userName = "ann"');
    expect(toPlanItem(result({ op: "deprovision", mode: "delete", targetId: "t-1", staged: true, why: "Deleted." }))).toMatchObject({ action: "delete", reason: expect.stringContaining("threshold") });
    expect(toPlanItem(result({ op: "deprovision", mode: "disable", targetId: "t-1", staged: false, why: "Left." })).changes).toEqual([{ name: "active", oldValue: true, newValue: false }]);
    expect(toPlanItem(result({ op: "unlink", targetId: "t-1", otherSourceId: "s-2", why: "Left." })).action).toBe("skip");
    expect(toPlanItem(result(undefined, { outcome: "failed", log: { sourceIdentity: null, reason: "userName: bad expression" } as WriteResult["log"] }))).toMatchObject({ action: "skip", reason: "Would fail: userName: bad expression" });
  });

  it("group members: who the group holds after the cycle (provisioned members, those the plan creates, not those it deletes) against what was written", () => {
    const d = memberDelta({
      members: ["u1", "u2", "u3", "u4", "u5"], linked: new Set(["u1", "u2", "u4"]), current: new Set(["u1", "u4", "u9"]),
      joining: new Set(["u3"]), leaving: new Set(["u4"]),
    });
    // desired: u1, u2 (linked), u3 (joins); u4 leaves; u5 is not provisioned; u9 left the group.
    expect(d).toEqual({ current: 3, desired: 3, add: 2, remove: 2 });
    const skip = { objectType: "group" as const, sourceId: "g", identity: "Sales", action: "skip" as const, reason: "No changes needed.", reasonText: "No changes needed.", targetId: "t-g", changes: [], payload: null };
    expect(withMembers(skip, d)).toMatchObject({ action: "update", reason: "Members: 2 added, 2 removed.", changes: [{ name: "members", oldValue: "3 member(s)", newValue: "+2 −2 (3 member(s))" }] });
    expect(withMembers(skip, { current: 1, desired: 1, add: 0, remove: 0 })).toBe(skip);
    expect(withMembers({ ...skip, targetId: null }, d)).toMatchObject({ action: "skip" });
    expect(withMembers({ ...skip, action: "conflict" }, d).action).toBe("conflict");
  });
});
