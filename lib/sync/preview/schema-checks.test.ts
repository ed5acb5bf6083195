import { describe, expect, it } from "vitest";
import type { AttributeMapping } from "../../mapping";
import { checkPayload, checkUniqueness, fromScimSchemas, fromTargetAttributes, mappingOf, normalizePath, type Declared } from "./schema-checks";

const mappings: AttributeMapping[] = [
  { type: "direct", source: "userPrincipalName", target: "userName", matchingPrecedence: 1, applyOn: "always" },
  { type: "direct", source: "mail", target: 'emails[type eq "work"].value', applyOn: "always" },
  { type: "constant", constant: "Boss", target: "userType", applyOn: "always" },
  { type: "expression", expression: "Switch([accountEnabled], , \"True\", \"Yes\")", target: "active", applyOn: "always" },
];

const declared: Declared = fromScimSchemas([
  {
    id: "urn:ietf:params:scim:schemas:core:2.0:User",
    attributes: [
      { name: "id", type: "string", mutability: "readOnly", required: true },
      { name: "userName", type: "string", required: true, uniqueness: "server", maxLength: 20 },
      { name: "displayName", type: "string", required: true },
      { name: "active", type: "boolean" },
      { name: "userType", type: "string", canonicalValues: ["Employee", "Contractor"] },
      { name: "groups", type: "complex", mutability: "readOnly", multiValued: true },
      { name: "emails", type: "complex", multiValued: true, subAttributes: [{ name: "value", type: "string", required: true }, { name: "type", type: "string" }] },
      { name: "name", type: "complex", subAttributes: [{ name: "givenName", type: "string", required: true }] },
    ],
  },
  { id: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attributes: [{ name: "employeeNumber", type: "integer" }] },
  { id: "urn:example:other", attributes: [{ name: "ignored", type: "string", required: true }] },
], ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]);

describe("[PREVIEW][SCHEMA] declarations", () => {
  it("reads RFC 7643 schemas with sub-attributes and extensions, and only the resource's schemas", () => {
    const paths = declared.attributes.map((a) => a.path);
    expect(paths).toEqual(expect.arrayContaining(["userName", "emails.value", "name.givenName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"]));
    expect(paths).not.toContain("ignored");
    expect(declared.closed).toBe(true);
    expect(fromScimSchemas([], ["x"]).closed).toBe(false);
  });

  it("normalises paths as SCIM compares them", () => {
    expect(normalizePath('emails[type eq "work"].value')).toBe("emails.value");
    expect(normalizePath("urn:ietf:params:scim:schemas:core:2.0:User:userName")).toBe("username");
  });

  it("names the mapping producing an attribute", () => {
    expect(mappingOf(mappings, "emails.value")).toBe('mail → emails[type eq "work"].value');
    expect(mappingOf(mappings, "userType")).toBe('"Boss" → userType');
    expect(mappingOf(mappings, "title")).toBeNull();
  });
});

describe("[PREVIEW][SCHEMA] payload checks", () => {
  const ok = { userName: "ann@contoso.test", displayName: "Ann", active: true, 'emails[type eq "work"].value': "ann@contoso.test" };

  it("a clean create has no findings", () => {
    expect(checkPayload(ok, { create: true, changed: [], declared, mappings })).toEqual([]);
  });

  it("a create without a required attribute says which one, and a required sub-attribute only counts when its parent is sent", () => {
    const { displayName: _omitted, ...rest } = ok;
    const f = checkPayload(rest, { create: true, changed: [], declared, mappings });
    expect(f).toEqual([{ code: "required_missing", attribute: "displayName", mapping: null, message: expect.stringContaining("requires displayName") }]);
    // name.givenName is required but name is not sent: no finding; id is readOnly: never required of a client.
    expect(f.map((x) => x.attribute)).not.toContain("name.givenName");
    const withName = checkPayload({ ...ok, "name.familyName": "Smith" }, { create: true, changed: [], declared, mappings });
    expect(withName.filter((x) => x.code === "required_missing").map((x) => x.attribute)).toEqual(["name.givenName"]);
    expect(withName.filter((x) => x.code === "unknown_attribute").map((x) => x.attribute)).toEqual(["name.familyName"]);
  });

  it("finds wrong types, values outside canonicalValues, readOnly attributes, too-long values and undeclared attributes, each with its mapping", () => {
    const payload = { ...ok, active: "Yes", userType: "Boss", groups: ["g1"], userName: "a-very-long-user-name@contoso.test", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "E12", nickName: "annie" };
    const f = checkPayload(payload, { create: true, changed: [], declared, mappings });
    const byCode = Object.fromEntries(f.map((x) => [x.code, x]));
    expect(f.map((x) => x.code).sort()).toEqual(["not_canonical", "read_only", "too_long", "unknown_attribute", "wrong_type", "wrong_type"].sort());
    expect(byCode.not_canonical).toMatchObject({ attribute: "userType", mapping: '"Boss" → userType' });
    expect(byCode.too_long).toMatchObject({ attribute: "userName", mapping: "userPrincipalName → userName", message: expect.stringContaining("at most 20") });
    expect(f.filter((x) => x.code === "wrong_type").map((x) => x.attribute).sort()).toEqual(["active", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"]);
    expect(byCode.read_only!.attribute).toBe("groups");
  });

  it("an update checks only what it changes, and never asks for required attributes", () => {
    const f = checkPayload({ userType: "Boss", active: true }, { create: false, changed: ["active"], declared, mappings });
    expect(f).toEqual([]);
    expect(checkPayload({ userType: "Boss" }, { create: false, changed: ["userType"], declared, mappings }).map((x) => x.code)).toEqual(["not_canonical"]);
  });

  it("accepts booleans the engine sends as text, and the connector's declarations stay open", () => {
    const open = fromTargetAttributes([{ name: "userName", type: "string", required: true }, { name: "active", type: "boolean" }]);
    expect(checkPayload({ userName: "x", active: "True", title: "Boss" }, { create: true, changed: [], declared: open, mappings })).toEqual([]);
    expect(checkPayload({ active: "True" }, { create: true, changed: [], declared: open, mappings }).map((x) => x.code)).toEqual(["required_missing"]);
  });
});

describe("[PREVIEW][SCHEMA] uniqueness inside the plan", () => {
  it("two users given one userName (any case) both get a finding naming the other; distinct ones none", () => {
    const out = checkUniqueness([
      { key: "u1", identity: "ann@contoso.test", payload: { userName: "shared@contoso.test" } },
      { key: "u2", identity: "bob@contoso.test", payload: { userName: "SHARED@contoso.test" } },
      { key: "u3", identity: "cy@contoso.test", payload: { userName: "cy@contoso.test" } },
      { key: "u4", identity: null, payload: null },
    ], ["userName"], mappings);
    expect([...out.keys()].sort()).toEqual(["u1", "u2"]);
    expect(out.get("u1")).toEqual([{ code: "unique_clash", attribute: "userName", mapping: "userPrincipalName → userName", message: expect.stringContaining("bob@contoso.test") }]);
    expect(out.get("u2")![0]!.message).toContain("ann@contoso.test");
  });
});
