import { describe, expect, test } from "vitest";
import { evaluateScopingFilters, normalizeScopingOperator, SCOPING_OPERATORS, validateScopingFilters } from "./scoping";
import type { ScopingClause } from "./types";
import type { SourceObject } from "./values";

const user: SourceObject = {
  userPrincipalName: "jane@domain.com",
  department: "Engineering",
  state: "New York",
  employeeId: "1500000",
  jobTitle: "",
  accountEnabled: true,
  manager: null,
  userAccountControl: "514",
  proxyAddresses: ["a", "b"],
};

const clause = (attribute: string, operator: string, value?: string): ScopingClause => ({ attribute, operator, value });
const one = (c: ScopingClause, source: SourceObject = user) => evaluateScopingFilters([[c]], source).filters[0]!.clauses[0]!;

// [operator, attribute, value, expected for `user`, expected when the attribute is null]
const OPERATORS: [string, string, string | undefined, boolean, boolean][] = [
  ["EQUALS", "department", "Engineering", true, false],
  ["EQUALS", "department", "engineering", false, false],
  ["NOT EQUALS", "department", "Sales", true, false],
  ["NOT EQUALS", "department", "Engineering", false, false],
  ["ENDS_WITH", "userPrincipalName", "@domain.com", true, false],
  ["ENDS_WITH", "userPrincipalName", "@DOMAIN.COM", false, false],
  ["Includes", "state", "York", true, false],
  ["Includes", "state", "york", false, false],
  ["Greater_Than", "employeeId", "1000000", true, false],
  ["Greater_Than", "employeeId", "1500000", false, false],
  ["Greater_Than_OR_EQUALS", "employeeId", "1500000", true, false],
  ["Greater_Than_OR_EQUALS", "employeeId", "2000000", false, false],
  ["IS TRUE", "accountEnabled", undefined, true, false],
  ["IS FALSE", "accountEnabled", undefined, false, false],
  ["IS NULL", "jobTitle", undefined, true, true],
  ["IS NULL", "department", undefined, false, true],
  ["IS NOT NULL", "department", undefined, true, false],
  ["IS NOT NULL", "jobTitle", undefined, false, false],
  ["REGEX MATCH", "userPrincipalName", ".*\\@domain.com", true, false],
  ["REGEX MATCH", "employeeId", "(1[0-9][0-9][0-9][0-9][0-9][0-9])", true, false],
  ["REGEX MATCH", "department", "^eng", false, false],
  ["NOT REGEX MATCH", "userPrincipalName", ".*\\@domain.com", false, false],
  ["NOT REGEX MATCH", "department", "^Sales$", true, false],
  ["&", "userAccountControl", "2", true, false],
  ["&", "userAccountControl", "1", false, false],
  ["!&", "userAccountControl", "1", true, false],
  ["!&", "userAccountControl", "2", false, false],
  ["&", "department", "Engineering,Sales", true, false],
  ["!&", "department", "Sales,Marketing", true, false],
];

describe("every operator", () => {
  test("the table covers every operator", () => {
    const covered = new Set(OPERATORS.map(([op]) => normalizeScopingOperator(op)));
    expect([...covered].sort()).toEqual(SCOPING_OPERATORS.map((o) => o.name).sort());
  });

  test.each(OPERATORS)("%s on %s %s", (op, attribute, value, expected, expectedWhenNull) => {
    expect(one(clause(attribute, op, value)).result).toBe(expected);
    expect(one(clause(attribute, op, value), { ...user, [attribute]: null }).result).toBe(expectedWhenNull);
  });

  test.each([
    ["equals", "EQUALS"],
    ["Not_Equals", "NOT EQUALS"],
    ["ends with", "ENDS_WITH"],
    ["GREATER_THAN_OR_EQUALS", "Greater_Than_OR_EQUALS"],
    ["greater than", "Greater_Than"],
    ["is_not_null", "IS NOT NULL"],
    ["REGEX_MATCH", "REGEX MATCH"],
    ["  not   regex  match ", "NOT REGEX MATCH"],
    ["includes", "Includes"],
    ["IsTrue", "IS TRUE"],
    ["&", "&"],
    ["!&", "!&"],
    ["LIKE", null],
  ])("operator name %j → %j", (input, canonical) => {
    expect(normalizeScopingOperator(input)).toBe(canonical);
  });
});

describe("evaluateScopingFilters", () => {
  test("no filters: in scope", () => {
    expect(evaluateScopingFilters([], user)).toEqual({ inScope: true, filters: [] });
  });

  test("Microsoft's example: New York AND Engineering AND employee id in range AND a job title", () => {
    const filter = [
      clause("state", "EQUALS", "New York"),
      clause("department", "EQUALS", "Engineering"),
      clause("employeeId", "Greater_Than_OR_EQUALS", "1000000"),
      clause("employeeId", "NOT EQUALS", "2000001"),
      clause("jobTitle", "IS NOT NULL"),
    ];
    const r = evaluateScopingFilters([filter], user);
    expect(r.inScope).toBe(false);
    expect(r.filters[0]!.clauses.map((c) => c.result)).toEqual([true, true, true, true, false]);
    expect(r.filters[0]!.clauses[4]).toEqual({ attribute: "jobTitle", operator: "IS NOT NULL", value: null, actual: "", result: false });
    expect(evaluateScopingFilters([filter], { ...user, jobTitle: "Engineer" }).inScope).toBe(true);
  });

  test("filters are OR-ed", () => {
    const r = evaluateScopingFilters([[clause("department", "EQUALS", "Sales")], [clause("state", "EQUALS", "New York")]], user);
    expect(r.inScope).toBe(true);
    expect(r.filters.map((f) => f.result)).toEqual([false, true]);
  });

  test("attribute names are case-insensitive; actual values are reported", () => {
    const c = one(clause("DEPARTMENT", "EQUALS", "Engineering"));
    expect(c).toMatchObject({ actual: "Engineering", result: true });
    expect(one(clause("accountEnabled", "EQUALS", "True")).actual).toBe("True");
  });

  test("multi-valued attributes are not supported: false with a note", () => {
    const c = one(clause("proxyAddresses", "EQUALS", "a"));
    expect(c.result).toBe(false);
    expect(c.note).toMatch(/multi-valued/);
    expect(c.actual).toEqual(["a", "b"]);
  });

  test("engine attributes come from ctx", () => {
    const r = evaluateScopingFilters([[clause("IsSoftDeleted", "IS FALSE")]], user, { isSoftDeleted: false });
    expect(r.inScope).toBe(true);
  });

  // On 200,000 characters a backtracking engine would not finish within the test's timeout at all;
  // the linear-time engine (re2js, lib/mapping/regex.ts) answers. No clock: timing is a benchmark's.
  test("catastrophic-backtracking regexes give the right answer on the linear-time engine", () => {
    // RE2 syntax JavaScript's RegExp does not have (a leading (?i) flag group): this clause is
    // evaluated by re2js, so the hostile ones below are too (and never hang the process).
    expect(one(clause("x", "REGEX MATCH", "(?i)^ABC$"), { x: "abc" }).result).toBe(true);
    const long = "a".repeat(200_000) + "!";
    for (const pattern of ["(a+)+$", "(a|a)*b", "(a*)*b", "^(a|aa)+$"]) {
      expect(one(clause("x", "REGEX MATCH", pattern), { x: long }).result).toBe(false);
    }
    expect(one(clause("x", "REGEX MATCH", "^(a|aa)+!$"), { x: long }).result).toBe(true);
  });

  test("unsupported regex syntax makes the clause false with a reason", () => {
    const c = one(clause("department", "REGEX MATCH", "(E)\\1"));
    expect(c.result).toBe(false);
    expect(c.note).toMatch(/backreference/);
  });
});

describe("validateScopingFilters", () => {
  test("reports each problem with a path", () => {
    const issues = validateScopingFilters(
      [
        [clause("department", "EQUALS"), clause("", "IS NULL"), clause("x", "LIKE", "a")],
        [clause("employeeId", "Greater_Than", "1.5"), clause("upn", "REGEX MATCH", "(a)(?=b)"), clause("upn", "REGEX MATCH", "[")],
        [],
      ],
      { knownAttributes: ["department", "employeeId", "upn"] },
    );
    expect(issues).toEqual([
      { path: [0, 0, "value"], message: "EQUALS needs a value" },
      { path: [0, 1, "attribute"], message: "Choose an attribute" },
      { path: [0, 2, "attribute"], message: 'Unknown attribute "x"' },
      { path: [0, 2, "operator"], message: 'Unknown operator "LIKE"' },
      { path: [1, 0, "value"], message: "Greater_Than needs a whole number" },
      { path: [1, 1, "value"], message: expect.stringMatching(/lookahead/) },
      { path: [1, 2, "value"], message: expect.stringMatching(/Invalid regular expression "\["/) },
      { path: [2], message: "A scoping filter needs at least one clause" },
    ]);
  });

  test("valid filters give no issues", () => {
    expect(validateScopingFilters([[clause("department", "equals", "Sales"), clause("jobTitle", "IS NOT NULL")]])).toEqual([]);
  });
});
