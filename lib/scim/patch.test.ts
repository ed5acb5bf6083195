import { describe, expect, it } from "vitest";
import type { FlatAttributes } from "@/lib/mapping/types";
import { MembershipNotExpressible } from "./errors";
import { buildMemberOperations, buildPartialObjectPatches, buildPatchOperations, buildPatchRequests, changedKeys, fullListWrite } from "./patch";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("buildPatchOperations", () => {
  const cases: Array<{ name: string; before: FlatAttributes; after: FlatAttributes; ops: unknown[]; profile?: object }> = [
    { name: "nothing changed → no ops", before: { userName: "a", displayName: "A" }, after: { userName: "a", displayName: "A" }, ops: [] },
    { name: "single-valued replace", before: { displayName: "A" }, after: { displayName: "B" }, ops: [{ op: "replace", path: "displayName", value: "B" }] },
    { name: "new value → add", before: { title: null }, after: { title: "Boss" }, ops: [{ op: "add", path: "title", value: "Boss" }] },
    { name: "sub-attribute", before: { "name.givenName": "Al" }, after: { "name.givenName": "Alan" }, ops: [{ op: "replace", path: "name.givenName", value: "Alan" }] },
    {
      name: "multi-valued path",
      before: { 'emails[type eq "work"].value': "a@x.io" },
      after: { 'emails[type eq "work"].value': "b@x.io" },
      ops: [{ op: "replace", path: 'emails[type eq "work"].value', value: "b@x.io" }],
    },
    { name: "extension URN", before: {}, after: { [`${ENT}:employeeNumber`]: "42" }, ops: [{ op: "add", path: `${ENT}:employeeNumber`, value: "42" }] },
    { name: "manager is a reference", before: { [`${ENT}:manager`]: "m1" }, after: { [`${ENT}:manager`]: "m2" }, ops: [{ op: "replace", path: `${ENT}:manager`, value: { value: "m2" } }] },
    { name: "clearing a value → remove", before: { title: "Boss", department: "R&D" }, after: { title: null, department: "" }, ops: [{ op: "remove", path: "department" }, { op: "remove", path: "title" }] },
    { name: "boolean active", before: { active: true }, after: { active: false }, ops: [{ op: "replace", path: "active", value: false }] },
    { name: "active as string + Pascal casing", before: { active: true }, after: { active: false }, profile: { activeAsString: true, patchOpCasing: "pascal" }, ops: [{ op: "Replace", path: "active", value: "False" }] },
    { name: "no active attribute on target", before: { active: true }, after: { active: false }, profile: { supportsActive: false }, ops: [] },
    { name: "null and missing are the same", before: { title: null }, after: {}, ops: [] },
  ];
  it.each(cases)("$name", ({ before, after, ops, profile }) => {
    expect(buildPatchOperations(before, after, profile)).toEqual(ops);
  });
});

describe("membership", () => {
  it("adds and removes only the difference, chunked", () => {
    const before = { members: ["u1", "u2", "u3"].map((value) => ({ value })) };
    const after = { members: ["u2", "u4", "u5", "u6"].map((value) => ({ value })) };
    expect(changedKeys(before, after)).toEqual(["members"]);
    // The Entra-style value list stays available as a compatibility option.
    const reqs = buildPatchRequests(before, after, { maxMembersPerPatch: 2, memberRemoveStyle: "value-array" });
    expect(reqs.map((r) => r.Operations)).toEqual([
      [{ op: "add", path: "members", value: [{ value: "u4" }, { value: "u5" }] }],
      [{ op: "add", path: "members", value: [{ value: "u6" }] }],
      [{ op: "remove", path: "members", value: [{ value: "u1" }, { value: "u3" }] }],
    ]);
  });
  it("removes members in the RFC 7644 form by default (a strict server reads a remove with a value list as remove-all)", () => {
    const reqs = buildPatchRequests({ members: [{ value: "u1" }, { value: "u2" }] }, { members: [{ value: "u2" }] });
    expect(reqs.flatMap((r) => r.Operations)).toEqual([{ op: "remove", path: 'members[value eq "u1"]' }]);
  });
  it("same members in another order is no change", () => {
    expect(buildPatchRequests({ members: [{ value: "a" }, { value: "b" }] }, { members: [{ value: "b" }, { value: "a" }] })).toEqual([]);
  });
  it("path-filter removal style", () => {
    expect(buildMemberOperations({ add: [], remove: ['we"ird'] }, { memberRemoveStyle: "path-filter" })).toEqual([[{ op: "remove", path: 'members[value eq "we\\"ird"]' }]]);
  });
  it("attribute ops ride with the first member chunk", () => {
    const reqs = buildPatchRequests({ displayName: "G", members: [] }, { displayName: "G2", members: [{ value: "u1" }] });
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]);
    expect(reqs[0]!.Operations).toHaveLength(2);
  });
  it("2,500 members at 1,000 per request → 3 requests", () => {
    const after = { members: Array.from({ length: 2500 }, (_, i) => ({ value: `u${i}` })) };
    const reqs = buildPatchRequests({ members: [] }, after);
    expect(reqs.map((r) => (r.Operations[0]!.value as unknown[]).length)).toEqual([1000, 1000, 500]);
  });
});

describe("SCIM 1.1 partial-object PATCH (GoTo)", () => {
  const goto = { memberType: true, supportsActive: false, maxMembersPerPatch: 100 };
  it("sends a changed complex attribute whole, nothing else", () => {
    const before = { userName: "a@x.io", "name.givenName": "Al", "name.familyName": "Smith", displayName: "Al Smith" };
    const after = { ...before, "name.givenName": "Alan" };
    expect(buildPartialObjectPatches(before, after, goto)).toEqual([{ name: { givenName: "Alan", familyName: "Smith" } }]);
  });
  it("group members: add, delete with operation, displayName always present, ≤100 per request", () => {
    const before = { displayName: "Eng", members: [{ value: "1" }] };
    const after = { displayName: "Eng", members: Array.from({ length: 150 }, (_, i) => ({ value: String(i + 2) })) };
    const bodies = buildPartialObjectPatches(before, after, goto, ["displayName"]);
    expect(bodies).toHaveLength(3);
    expect(bodies.every((b) => b.displayName === "Eng")).toBe(true);
    expect((bodies[0]!.members as unknown[]).length).toBe(100);
    expect(bodies[2]!.members).toEqual([{ type: "user", value: "1", operation: "delete" }]);
  });
  it("no change → no request", () => {
    expect(buildPartialObjectPatches({ displayName: "x", active: true }, { displayName: "x", active: false }, goto)).toEqual([]);
  });
});

describe("full-list membership (PATCH semantics for members unknown)", () => {
  const u = (value: string) => ({ type: "user", value });
  it("additions: a PATCH listing everything the group keeps (a superset of what it holds)", () => {
    expect(fullListWrite([u("1"), { type: "group", value: "9" }], { add: ["2", "1"], remove: [] }, 100, "G")).toEqual({ method: "PATCH", members: [u("1"), { type: "group", value: "9" }, u("2")] });
  });
  it("any removal: a PUT of the full list; nothing to do: no request", () => {
    expect(fullListWrite([u("1"), u("2"), u("3")], { add: ["4"], remove: ["2"] }, 100, "G")).toEqual({ method: "PUT", members: [u("1"), u("3"), u("4")] });
    expect(fullListWrite([u("1")], { add: ["1"], remove: ["7"] }, 100, "G")).toEqual({ method: "none" });
  });
  it("a list that does not fit in one request is refused, with the reason", () => {
    const current = Array.from({ length: 100 }, (_, i) => u(String(i)));
    expect(() => fullListWrite(current, { add: ["x"], remove: [] }, 100, "Big")).toThrow(MembershipNotExpressible);
    expect(() => fullListWrite(current, { add: ["x"], remove: [] }, 100, "Big")).toThrow(/"Big" would hold 101 members .* more than the 100/);
    // Shrinking below the limit is expressible again.
    expect(fullListWrite(current, { add: ["x"], remove: ["0"] }, 100, "Big")).toMatchObject({ method: "PUT" });
  });
});
