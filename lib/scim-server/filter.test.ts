import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { evaluateFilter, parseFilter, parsePatchPath, type Json } from "./filter";
import { userCaseExact, USER_SCHEMA } from "./schemas";

// RFC 7643 §8.2 style user, enough to exercise every RFC 7644 §3.4.2.2 example
const bjensen: Json = {
  schemas: [USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  id: "2819c223", userName: "bjensen", title: "Tour Guide", userType: "Employee",
  name: { familyName: "O'Malley", givenName: "Barbara" },
  emails: [{ value: "bjensen@example.com", type: "work", primary: true }, { value: "babs@jensen.org", type: "home" }],
  ims: [{ value: "someaimhandle", type: "aim" }],
  meta: { lastModified: "2011-05-13T04:42:34Z" },
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "701984", manager: { value: "26118915" } },
};
const intern: Json = { schemas: [USER_SCHEMA], id: "x", userName: "Jdoe", userType: "Intern", emails: [{ value: "j@example.org", type: "work" }], meta: { lastModified: "2010-01-01T00:00:00Z" } };
const opts = { caseExact: userCaseExact, coreSchema: USER_SCHEMA };
const match = (f: string, r: Json = bjensen) => evaluateFilter(parseFilter(f), r, opts);

function scimTypeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof ScimError ? e.scimType : "not a ScimError"; }
  return undefined;
}

describe("RFC 7644 §3.4.2.2 filter examples", () => {
  const cases: [string, boolean, boolean][] = [
    // filter, matches bjensen, matches intern
    ['userName Eq "john"', false, false],
    ['userName eq "BJENSEN"', true, false],
    ['name.familyName co "O\'Malley"', true, false],
    ['userName sw "J"', false, true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', false, true],
    ["title pr", true, false],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false, false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true, false],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', false, true],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', true, true],
    ['title pr and userType eq "Employee"', true, false],
    ['title pr or userType eq "Intern"', true, true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', true, false],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true, false],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false, false],
    ['userType eq "Employee" and (emails.type eq "work")', true, false],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true, false],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true, false],
  ];
  for (const [f, b, i] of cases) {
    it(f, () => {
      expect(match(f, bjensen)).toBe(b);
      expect(match(f, intern)).toBe(i);
    });
  }
});

describe("filter parser", () => {
  it("gives not > and > or precedence", () => {
    const f = parseFilter('userName eq "a" or userName eq "b" and title pr');
    expect(f.op).toBe("or");
    expect(f.op === "or" && f.right.op).toBe("and");
    expect(match('userName eq "x" or userName eq "bjensen" and title pr')).toBe(true);
    expect(match('(userName eq "x" or userName eq "bjensen") and not (title pr)')).toBe(false);
  });
  it("decodes JSON escapes in string literals", () => {
    const f = parseFilter('displayName eq "a\\"b\\\\c\\u0041"');
    expect(f).toMatchObject({ op: "eq", value: 'a"b\\cA' });
  });
  it("reads keywords and operators case-insensitively, and true/false/null/number literals", () => {
    expect(parseFilter('userName EQ "a" AND active Eq TRUE')).toMatchObject({ op: "and", right: { op: "eq", value: true } });
    expect(parseFilter("x eq null")).toMatchObject({ value: null });
    expect(parseFilter("x ge -1.5e2")).toMatchObject({ op: "ge", value: -150 });
  });
  it("parses extension paths with sub-attributes", () => {
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"')).toMatchObject({
      path: { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attr: "manager", sub: "value" },
    });
    expect(match('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"')).toBe(true);
    expect(match('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"')).toBe(true);
  });
  it("compares id case-exactly and userName case-insensitively", () => {
    expect(match('id eq "2819C223"')).toBe(false);
    expect(match('id eq "2819c223"')).toBe(true);
    expect(match('userName ew "JENSEN"')).toBe(true);
  });
  it("treats absent attributes: eq false, ne true, pr false", () => {
    expect(match('nickName eq "x"')).toBe(false);
    expect(match('nickName ne "x"')).toBe(true);
    expect(match("nickName pr")).toBe(false);
  });
  const bad = [
    "", "   ", 'userName eq', 'userName xx "a"', 'userName eq "a" junk', '(userName eq "a"', 'userName eq "a")', "userName eq a",
    'userName eq "unterminated', 'not userName eq "a"', 'userName eq "x" and', '1abc eq "a"', 'a.b.c eq "x"', 'userName eq "a" "b"',
    'emails[type eq "work"', 'user$Name eq "a"', 'userName eq False1', 'userName eq "a\\u0000"',
  ];
  for (const f of bad) it(`rejects ${JSON.stringify(f)} with invalidFilter`, () => expect(scimTypeOf(() => parseFilter(f))).toBe("invalidFilter"));
  it("rejects ordering comparisons on booleans", () => {
    expect(scimTypeOf(() => match("active gt true"))).toBe("invalidFilter");
  });
});

describe("PATCH path parser (RFC 7644 §3.5.2)", () => {
  it("parses plain, sub-attribute and extension paths", () => {
    expect(parsePatchPath("userName")).toEqual({ attr: "userName" });
    expect(parsePatchPath("name.givenName")).toEqual({ attr: "name", sub: "givenName" });
    expect(parsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")).toEqual({
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attr: "manager",
    });
    expect(parsePatchPath("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName")).toEqual({
      schema: "urn:ietf:params:scim:schemas:core:2.0:User", attr: "name", sub: "familyName",
    });
  });
  it("parses value-filtered paths with and without a sub-attribute", () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      attr: "emails", sub: "value", filter: { op: "eq", path: { attr: "type" }, value: "work" },
    });
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      attr: "members", filter: { op: "eq", path: { attr: "value" }, value: "2819c223-7f76-453a-919d-413861904646" },
    });
    expect(parsePatchPath('addresses[type eq "work" and primary eq true].streetAddress')).toMatchObject({ attr: "addresses", sub: "streetAddress", filter: { op: "and" } });
  });
  const bad = ["", 'emails[type eq "work"', 'emails[type eq "work"].', 'emails[type eq "work"]value', "name.givenName.x", 'name.givenName[type eq "a"]', 'emails[type eq "work"] extra', "userName eq"];
  for (const p of bad) it(`rejects ${JSON.stringify(p)} with invalidPath`, () => expect(scimTypeOf(() => parsePatchPath(p))).toBe("invalidPath"));
});
