import { describe, expect, test } from "vitest";
import { applyMappings } from "./apply";
import type { AttributeMapping } from "./types";
import { toSourceObject } from "./source";

const user = toSourceObject(
  {
    id: "u-1",
    userPrincipalName: "john.doe@contoso.com",
    displayName: "John Doe",
    givenName: "John",
    surname: "Doe",
    mail: null,
    department: "",
    accountEnabled: true,
    extensionAttributes: { "5": "A, B", costCenter: "CC-1" },
  },
  { appRoleAssignments: [{ roleId: "r1", displayName: "Organizer" }] },
);

const m = (target: string, rest: Partial<AttributeMapping>): AttributeMapping => ({ type: "direct", target, applyOn: "always", ...rest });

// Close to the generic SCIM template Entra ships.
const mappings: AttributeMapping[] = [
  m("userName", { source: "userPrincipalName", matchingPrecedence: 1 }),
  m("active", { type: "expression", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' }),
  m("displayName", { source: "displayName" }),
  m("emails[type eq \"work\"].value", { source: "mail", defaultValue: "nobody@contoso.com" }),
  m("name.givenName", { source: "givenName" }),
  m("externalId", { type: "expression", expression: "[objectId]", matchingPrecedence: 2 }),
  m("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", { type: "expression", expression: "IgnoreFlowIfNullOrEmpty([department])" }),
  m("title", { type: "constant", constant: "Staff", applyOn: "create" }),
  m("roles", { type: "expression", expression: "AppRoleAssignmentsComplex([appRoleAssignments])" }),
  m("groups", { type: "expression", expression: 'Split([extensionAttribute5], ",")' }),
  m("costCenter", { source: "costcenter" }),
  m("nickName", { type: "none" }),
];

describe("applyMappings", () => {
  test("create: defaults apply, create-only mappings apply, IgnoreFlow omits, matching sorted", () => {
    const r = applyMappings({ attributeMappings: mappings }, user, { isCreate: true });
    expect(r.errors).toEqual([]);
    expect(r.attributes).toEqual({
      userName: "john.doe@contoso.com",
      active: true,
      displayName: "John Doe",
      'emails[type eq "work"].value': "nobody@contoso.com",
      "name.givenName": "John",
      externalId: "u-1",
      title: "Staff",
      roles: [{ value: "Organizer", display: "Organizer" }],
      groups: ["A", "B"],
      costCenter: "CC-1",
    });
    expect(r.ignored).toEqual(["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"]);
    expect(r.matching).toEqual([
      { target: "userName", value: "john.doe@contoso.com", precedence: 1 },
      { target: "externalId", value: "u-1", precedence: 2 },
    ]);
  });

  test("update: no default values, create-only mappings are ignored", () => {
    const r = applyMappings({ attributeMappings: mappings }, user, { isCreate: false });
    expect(r.attributes['emails[type eq "work"].value']).toBe(null);
    expect("title" in r.attributes).toBe(false);
    expect(r.ignored).toEqual(["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "title"]);
  });

  test("matching order follows precedence, not mapping order", () => {
    const r = applyMappings(
      { attributeMappings: [m("a", { source: "givenName", matchingPrecedence: 3 }), m("b", { source: "surname", matchingPrecedence: 1 }), m("c", { source: "mail", matchingPrecedence: 2 })] },
      user,
      { isCreate: true },
    );
    expect(r.matching.map((x) => x.target)).toEqual(["b", "c", "a"]);
  });

  test("active: booleans stay booleans; Not() gives a boolean; True/False strings become booleans", () => {
    const soft = toSourceObject({ id: "u-2", userPrincipalName: "x@y", accountEnabled: false });
    const cases: [AttributeMapping, boolean][] = [
      [m("active", { source: "accountEnabled" }), false],
      [m("active", { type: "expression", expression: "Not([IsSoftDeleted])" }), false],
      [m("active", { type: "expression", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' }), false],
      [m("active", { type: "constant", constant: "true" }), true],
    ];
    for (const [mapping, expected] of cases) {
      expect(applyMappings({ attributeMappings: [mapping] }, soft, { isCreate: true }).attributes.active).toBe(expected);
    }
  });

  test("declared boolean/integer targets are converted; others stay strings", () => {
    const r = applyMappings(
      { attributeMappings: [m("flag", { type: "constant", constant: "False" }), m("count", { type: "constant", constant: "42" }), m("code", { type: "constant", constant: "007" })] },
      user,
      { isCreate: true, targetAttributes: [{ name: "flag", type: "boolean" }, { name: "count", type: "integer" }, { name: "code", type: "string" }] },
    );
    expect(r.attributes).toEqual({ flag: false, count: 42, code: "007" });
  });

  test("errors are per target and do not stop the others", () => {
    const r = applyMappings(
      {
        attributeMappings: [
          m("bad", { type: "expression", expression: 'Mid([givenName], 0, 1)' }),
          m("broken", { type: "expression", expression: "Join(" }),
          m("nosource", { source: null }),
          m("ok", { source: "givenName" }),
        ],
      },
      user,
      { isCreate: true },
    );
    expect(r.attributes).toEqual({ ok: "John" });
    expect(r.errors.map((e) => e.target)).toEqual(["bad", "broken", "nosource"]);
    expect(r.errors[0]!.message).toMatch(/start must be 1/);
    expect(r.errors[1]).toMatchObject({ position: 5 });
  });

  test("SelectUniqueValue uses the engine's uniqueness check; Redact is reported", () => {
    const taken = new Set(["John.Doe@contoso.com"]);
    const r = applyMappings(
      {
        attributeMappings: [
          m("userName", {
            type: "expression",
            applyOn: "create",
            expression: 'SelectUniqueValue(Join("@", Join(".", [givenName], [surname]), "contoso.com"), Join("@", Join(".", Mid([givenName], 1, 1), [surname]), "contoso.com"))',
          }),
          m("password", { type: "expression", expression: "Redact(RandomString(12, 2, 2, 2, 2))" }),
        ],
      },
      user,
      { isCreate: true, ctx: { isUnique: (v) => !taken.has(v), random: () => 0.3 } },
    );
    expect(r.attributes.userName).toBe("J.Doe@contoso.com");
    expect(r.redacted).toEqual(["password"]);
    expect(r.attributes.password).toHaveLength(12);
  });
});

describe("toSourceObject", () => {
  test("maps directory fields, extension attributes and engine attributes", () => {
    expect(user).toMatchObject({
      objectId: "u-1",
      extensionAttribute5: "A, B",
      extensionAttribute1: null,
      costCenter: "CC-1",
      IsSoftDeleted: false,
      manager: null,
      accountEnabled: true,
    });
    expect(toSourceObject({ id: "x", userPrincipalName: "x", accountEnabled: false }).IsSoftDeleted).toBe(true);
    expect(toSourceObject({ id: "x", userPrincipalName: "x", extensionAttributes: { userPrincipalName: "evil" } }).userPrincipalName).toBe("x");
  });
});
