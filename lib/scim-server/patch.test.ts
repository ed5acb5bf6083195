import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import type { Json } from "./filter";
import { applyPatch, readPatchBody } from "./patch";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, PROVISIO_SCHEMA, userCaseExact, USER_SCHEMA } from "./schemas";

const opts = { caseExact: userCaseExact, coreSchema: USER_SCHEMA, extensionSchemas: [ENTERPRISE_SCHEMA, PROVISIO_SCHEMA], readOnly: new Set(["id", "meta"]) };
const user = (): Json => ({
  schemas: [USER_SCHEMA], id: "u1", userName: "a@x.test", name: { givenName: "Ann", familyName: "Lee" },
  emails: [{ value: "a@x.test", type: "work", primary: true }], active: true,
});
const body = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });
const run = (r: Json, ...ops: unknown[]) => applyPatch(r, readPatchBody(body(...ops)), opts);
function scimTypeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof ScimError ? e.scimType : "not a ScimError"; }
  return undefined;
}

describe("PATCH application", () => {
  it("accepts op names in any case (Entra sends Replace/Add)", () => {
    const r = run(user(), { op: "Replace", path: "displayName", value: "Ann Lee" }, { op: "Add", path: "title", value: "Eng" });
    expect(r).toMatchObject({ displayName: "Ann Lee", title: "Eng" });
  });
  it("path-less replace with a value object, dotted and extension keys", () => {
    const r = run(user(), { op: "replace", value: { userName: "b@x.test", "name.familyName": "Ng", [ENTERPRISE_SCHEMA]: { department: "R&D" }, [`${ENTERPRISE_SCHEMA}:employeeNumber`]: "7" } });
    expect(r).toMatchObject({ userName: "b@x.test", name: { givenName: "Ann", familyName: "Ng" }, [ENTERPRISE_SCHEMA]: { department: "R&D", employeeNumber: "7" } });
  });
  it("replace on a complex attribute keeps unnamed sub-attributes", () => {
    expect(run(user(), { op: "replace", path: "name", value: { givenName: "Anne" } }).name).toEqual({ givenName: "Anne", familyName: "Lee" });
  });
  it("value-filtered replace of a sub-attribute; creates the element when none matches", () => {
    expect(run(user(), { op: "replace", path: 'emails[type eq "work"].value', value: "n@x.test" }).emails).toEqual([{ value: "n@x.test", type: "work", primary: true }]);
    expect(run({ ...user(), emails: undefined }, { op: "add", path: 'emails[type eq "work"].value', value: "n@x.test" }).emails).toEqual([{ type: "work", value: "n@x.test" }]);
  });
  it("adds, replaces and removes the enterprise manager", () => {
    const m = `${ENTERPRISE_SCHEMA}:manager`;
    let r = run(user(), { op: "add", path: m, value: "mgr1" });
    expect(r[ENTERPRISE_SCHEMA]).toEqual({ manager: "mgr1" });
    r = run(r, { op: "replace", path: m, value: { value: "mgr2" } });
    expect(r[ENTERPRISE_SCHEMA]).toEqual({ manager: { value: "mgr2" } });
    r = run(r, { op: "remove", path: m });
    expect(r[ENTERPRISE_SCHEMA]).toEqual({});
  });
  it("adds members without duplicates and removes by filter or by value list", () => {
    const g: Json = { members: [{ value: "a" }] };
    let r = run(g, { op: "add", path: "members", value: [{ value: "a" }, { value: "b" }, { value: "c" }] });
    expect(r.members).toEqual([{ value: "a" }, { value: "b" }, { value: "c" }]);
    r = run(r, { op: "remove", path: 'members[value eq "b"]' });
    expect(r.members).toEqual([{ value: "a" }, { value: "c" }]);
    r = run(r, { op: "remove", path: "members", value: [{ value: "a" }] });
    expect(r.members).toEqual([{ value: "c" }]);
  });
  it("refuses read-only attributes, remove without path and bad envelopes", () => {
    expect(scimTypeOf(() => run(user(), { op: "replace", path: "id", value: "x" }))).toBe("mutability");
    expect(scimTypeOf(() => run(user(), { op: "remove" }))).toBe("noTarget");
    expect(scimTypeOf(() => run(user(), { op: "move", path: "userName", value: "x" }))).toBe("invalidSyntax");
    expect(scimTypeOf(() => run(user(), { op: "replace", path: "emails[type eq", value: "x" }))).toBe("invalidPath");
    expect(scimTypeOf(() => readPatchBody({ Operations: [] }))).toBe("invalidSyntax");
    expect(scimTypeOf(() => run(user(), { op: "replace", path: "name.givenName" }))).toBe("invalidValue");
  });
});
