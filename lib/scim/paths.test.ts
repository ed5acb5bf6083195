import { describe, expect, it } from "vitest";
import { flattenScimResource, parsePath, toScimResource } from "./paths";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

describe("toScimResource / flattenScimResource", () => {
  const flat = {
    userName: "ada@x.io",
    active: true,
    displayName: "Ada Lovelace",
    "name.givenName": "Ada",
    "name.familyName": "Lovelace",
    'emails[type eq "work"].value': "ada@x.io",
    'phoneNumbers[type eq "mobile"].value': "+44 1",
    'addresses[type eq "work"].streetAddress': "1 Main St",
    'addresses[type eq "work"].locality': "London",
    [`${ENT}:employeeNumber`]: "42",
    [`${ENT}:manager`]: "mgr-1",
    title: null,
  };
  it("nests paths, adds extension schema, skips nulls", () => {
    expect(toScimResource(flat, [USER])).toEqual({
      schemas: [USER, ENT],
      userName: "ada@x.io",
      active: true,
      displayName: "Ada Lovelace",
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ type: "work", primary: true, value: "ada@x.io" }],
      phoneNumbers: [{ type: "mobile", value: "+44 1" }],
      addresses: [{ type: "work", streetAddress: "1 Main St", locality: "London" }],
      [ENT]: { employeeNumber: "42", manager: { value: "mgr-1" } },
    });
  });
  it("reads back the same flat values (case-insensitive names)", () => {
    const res = toScimResource(flat, [USER]);
    const back = flattenScimResource({ ...res, DisplayName: undefined }, Object.keys(flat));
    expect(back).toEqual({ ...flat, title: null });
    expect(flattenScimResource({ USERNAME: "x", active: "False" }, ["userName", "active"])).toEqual({ userName: "x", active: false });
  });
  it("members and GoTo member type", () => {
    expect(toScimResource({ displayName: "G", members: [{ value: "1" }] }, [], { sendSchemas: false, memberType: true })).toEqual({
      displayName: "G",
      members: [{ type: "user", value: "1" }],
    });
    expect(flattenScimResource({ members: [{ value: 7, display: "x" }] }, ["members"])).toEqual({ members: [{ value: "7" }] });
  });
  it("parses escaped filter values", () => {
    expect(parsePath('emails[type eq "w\\"k"].value')).toEqual({ schema: undefined, attr: "emails", filter: { attr: "type", value: 'w"k' }, sub: "value" });
    expect(() => parsePath("a b")).toThrow();
  });
});
