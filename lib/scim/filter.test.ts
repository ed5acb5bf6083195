import { describe, expect, it } from "vitest";
import { parse } from "scim2-parse-filter";
import fc from "fast-check";
import { filterOperators, quoteValue, scimFilter } from "./filter";

describe("scimFilter", () => {
  it.each([
    [scimFilter.eq("userName", 'o"neil'), 'userName eq "o\\"neil"'],
    [scimFilter.eq("userName", "back\\slash"), 'userName eq "back\\\\slash"'],
    [scimFilter.eq("displayName", "line\nbreak"), 'displayName eq "line\\nbreak"'],
    [scimFilter.eq("active", true), "active eq true"],
    [scimFilter.eq("x", null), "x eq null"],
    [scimFilter.sw("name.familyName", "Sm"), 'name.familyName sw "Sm"'],
    [scimFilter.eq("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "42"), 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42"'],
    [scimFilter.and(scimFilter.eq("a", "1"), scimFilter.co("b", "2")), '(a eq "1") and (b co "2")'],
    [scimFilter.pr("title"), "title pr"],
  ])("%s", (got, want) => expect(got).toBe(want));

  it("refuses attribute paths that could inject filter syntax", () => {
    expect(() => scimFilter.eq('userName eq "x" or userName', "y")).toThrow(/Invalid SCIM attribute path/);
    expect(() => scimFilter.eq("", "y")).toThrow();
  });

  it("round-trips any string: the literal is exactly one JSON string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const f = scimFilter.eq("userName", s);
        expect(f.startsWith("userName eq ")).toBe(true);
        expect(JSON.parse(f.slice("userName eq ".length))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it("is understood by a SCIM filter parser (scim2-parse-filter)", () => {
    // that parser mishandles backslash escapes (a bug in it, not in us): the JSON test above covers them
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("\\")), (s) => {
        const ast = parse(scimFilter.eq("userName", s)) as { compValue: unknown };
        expect(ast.compValue).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it("finds operators outside string literals only", () => {
    expect(filterOperators(scimFilter.eq("userName", "a or b and c co d"))).toEqual(["eq"]);
    expect(quoteValue(3)).toBe("3");
    expect(() => quoteValue(Number.NaN)).toThrow();
  });
});
