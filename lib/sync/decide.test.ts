// The write decision without Postgres or a target: every branch an admin can reach.
import { describe, expect, it } from "vitest";
import { decide, diffAttributes, sameValue, type DecisionInput, type TargetObject } from "./decide";
import { lt } from "../logs/text";

const actions = { create: true, update: true, delete: true };
const desired = { userName: "alice@contoso.test", displayName: "Alice", active: true, title: "Engineer" };
const link = (state = "active", exported: Record<string, unknown> = desired) => ({ targetId: "t-1", exported: exported as never, state });
const found = (over: Partial<TargetObject> = {}): TargetObject => ({ id: "t-1", attributes: { ...desired }, linkedTo: "s-1", matchedBy: null, ...over });
const base = (over: Partial<DecisionInput> = {}): DecisionInput => ({
  kind: "user", sourceId: "s-1", source: { state: "in", desired }, link: null, actions, target: { read: false }, reconcile: false, stageDeletions: false, ...over,
});

describe("[SYNC][DECIDE] in-scope objects", () => {
  it("asks to read the target before creating an unlinked object, then creates when nothing matches", () => {
    expect(decide(base())).toEqual({ op: "read" });
    expect(decide(base({ target: { read: true, object: null } }))).toEqual({ op: "create", attrs: desired, recreate: false });
  });

  it("adopts an unlinked match: links without writing when values agree, updates only drifted attributes otherwise", () => {
    const same = decide(base({ target: { read: true, object: found({ linkedTo: null, matchedBy: { attribute: "userName", value: desired.userName } }) } }));
    expect(same).toMatchObject({ op: "link", targetId: "t-1", relink: true });
    const drift = decide(base({ target: { read: true, object: found({ linkedTo: null, attributes: { ...desired, title: "Intern" } }) } }));
    expect(drift).toMatchObject({ op: "update", relink: true, props: [{ name: "title", oldValue: "Intern", newValue: "Engineer" }] });
  });

  it("compares a linked object with the last export in incremental cycles, and with the target in full cycles", () => {
    expect(decide(base({ link: link() }))).toMatchObject({ op: "skip", unchanged: true });
    expect(decide(base({ link: link("active", { ...desired, title: "Old" }) }))).toMatchObject({ op: "update", props: [{ name: "title" }], relink: false });
    expect(decide(base({ link: link(), reconcile: true }))).toEqual({ op: "read" });
    // Edited in the app behind Provisio's back: the full cycle puts it back.
    expect(decide(base({ link: link(), reconcile: true, target: { read: true, object: found({ attributes: { ...desired, displayName: "Hacked" } }) } })))
      .toMatchObject({ op: "update", targetId: "t-1", props: [{ name: "displayName", oldValue: "Hacked", newValue: "Alice" }] });
  });

  it("re-enables an object disabled outside Provisio, and recreates a linked object deleted in the app", () => {
    const disabled = decide(base({ link: link(), reconcile: true, target: { read: true, object: found({ attributes: { ...desired, active: false } }) } }));
    expect(disabled).toMatchObject({ op: "update", props: [{ name: "active", oldValue: false, newValue: true }] });
    expect(decide(base({ link: link(), reconcile: true, target: { read: true, object: null } }))).toEqual({ op: "create", attrs: desired, recreate: true });
    expect(decide(base({ link: link(), reconcile: true, target: { read: true, object: null }, actions: { ...actions, create: false } }))).toMatchObject({ op: "skip" });
  });

  it("reports a conflict, and writes nothing, when the match is linked to another source object", () => {
    const d = decide(base({ target: { read: true, object: found({ id: "t-9", linkedTo: "s-2", matchedBy: { attribute: "userName", value: desired.userName } }) } }));
    expect(d).toEqual({ op: "conflict", targetId: "t-9", otherSourceId: "s-2", attribute: "userName", value: desired.userName });
  });

  it("only compares the attributes the target holds, and treats equivalent values as equal", () => {
    const d = decide(base({ link: link(), reconcile: true, compareKeys: ["userName", "displayName"], target: { read: true, object: found({ attributes: { userName: desired.userName, displayName: "Alice" } }) } }));
    expect(d).toMatchObject({ op: "skip", unchanged: true });
    expect(sameValue("True", true)).toBe(true);
    expect(sameValue(null, "")).toBe(true);
    expect(sameValue([], undefined)).toBe(true);
    expect(sameValue(5, "5")).toBe(true);
    expect(sameValue("a", "A")).toBe(false);
    expect(diffAttributes({ a: "x" }, { a: "x", b: "y" }, ["a", "b"])).toEqual([{ name: "b", oldValue: null, newValue: "y" }]);
  });

  it("respects the Update action being turned off", () => {
    const off = { ...actions, update: false };
    expect(decide(base({ link: link("active", { ...desired, title: "Old" }), actions: off }))).toMatchObject({ op: "skip", reason: lt("updateActionOff") });
    // Matched object with other values: linked, its values kept as the export.
    const d = decide(base({ actions: off, target: { read: true, object: found({ linkedTo: null, attributes: { ...desired, title: "Intern" } }) } }));
    expect(d).toMatchObject({ op: "link", exported: { title: "Intern" } });
  });
});

describe("[SYNC][DECIDE] deprovisioning", () => {
  const gone = (mode: "disable" | "delete") => ({ state: "gone" as const, mode, why: "Left the scope.", neverProvisioned: "Never provisioned." });

  it("skips objects that were never provisioned and disables/deletes linked ones", () => {
    expect(decide(base({ source: gone("disable") }))).toEqual({ op: "skip", reason: "Never provisioned.", outside: true });
    expect(decide(base({ source: gone("disable"), link: link() }))).toEqual({ op: "deprovision", mode: "disable", targetId: "t-1", staged: false, why: "Left the scope." });
    expect(decide(base({ source: gone("delete"), link: link(), stageDeletions: true }))).toMatchObject({ op: "deprovision", mode: "delete", staged: true });
    expect(decide(base({ source: gone("disable"), link: link("disabled") }))).toMatchObject({ op: "skip", reason: lt("alreadyDisabled") });
    expect(decide(base({ source: gone("delete"), link: link(), actions: { ...actions, delete: false } }))).toMatchObject({ op: "skip" });
  });

  it("never deletes or disables a target object another source object is linked to", () => {
    expect(decide(base({ source: gone("delete"), link: link(), sharedWith: "s-2" }))).toEqual({ op: "unlink", targetId: "t-1", otherSourceId: "s-2", why: "Left the scope." });
  });
});
