import { describe, expect, test } from "vitest";
import { mappingDocumentBodySchema, mappingDocumentSchema, validateMappingDocument } from "./schema";
import type { MappingDocument } from "./types";
import { USER_SOURCE_ATTRIBUTES } from "./source";

const doc = (): MappingDocument => ({
  id: "users",
  name: "Provision Directory Users",
  enabled: true,
  sourceObject: "user",
  targetObject: "User",
  actions: { create: true, update: true, delete: true },
  scopingFilters: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]],
  attributeMappings: [
    { type: "direct", source: "userPrincipalName", target: "userName", matchingPrecedence: 1, applyOn: "always" },
    { type: "expression", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', target: "active", applyOn: "always" },
    { type: "constant", constant: "Staff", target: "title", applyOn: "create" },
  ],
  targetAttributes: [
    { name: "userName", type: "string", required: true },
    { name: "active", type: "boolean" },
    { name: "title", type: "string" },
  ],
});

type Loose = Record<string | number, unknown>;
/** A copy of doc() with one value changed (or added) at path. */
function changed(path: (string | number)[], value: unknown): unknown {
  const d = structuredClone(doc()) as unknown as Loose;
  let cur = d;
  for (const k of path.slice(0, -1)) cur = cur[k] as Loose;
  cur[path[path.length - 1]!] = value;
  return d;
}

describe("mappingDocumentSchema", () => {
  test("accepts a valid document", () => {
    expect(mappingDocumentSchema.safeParse(doc()).success).toBe(true);
  });

  test("rejects unknown fields at every level", () => {
    for (const path of [["extra"], ["actions", "archive"], ["attributeMappings", 0, "flowNulls"], ["scopingFilters", 0, 0, "negate"], ["targetAttributes", 0, "caseExact"]]) {
      expect(mappingDocumentSchema.safeParse(changed(path, true)).success).toBe(false);
    }
  });

  test("enforces types and limits", () => {
    expect(mappingDocumentSchema.safeParse(changed(["attributeMappings", 0, "type"], "script")).success).toBe(false);
    expect(mappingDocumentSchema.safeParse(changed(["attributeMappings", 1, "expression"], "x".repeat(10_001))).success).toBe(false);
    expect(mappingDocumentSchema.safeParse(changed(["attributeMappings", 0, "matchingPrecedence"], 1.5)).success).toBe(false);
    expect(mappingDocumentSchema.safeParse(changed(["enabled"], "yes")).success).toBe(false);
  });

  test("the PUT body may omit the id", () => {
    const { id: _id, ...rest } = doc();
    expect(mappingDocumentBodySchema.safeParse(rest).success).toBe(true);
    expect(mappingDocumentSchema.safeParse(rest).success).toBe(false);
  });
});

describe("validateMappingDocument", () => {
  test("a good document has no issues", () => {
    expect(validateMappingDocument(doc(), { knownSourceAttributes: USER_SOURCE_ATTRIBUTES.map((a) => a.name) })).toEqual([]);
  });

  test("reports every semantic problem with a path", () => {
    const d = doc();
    d.scopingFilters = [[{ attribute: "department", operator: "REGEX MATCH", value: "(a)\\1" }]];
    d.attributeMappings = [
      { type: "direct", source: null, target: "userName", matchingPrecedence: 2, applyOn: "always" },
      { type: "expression", expression: 'Join(" ", [givenName]', target: "active", applyOn: "always" },
      { type: "expression", expression: "SelectUniqueValue([mail], [givenName])", target: "title", matchingPrecedence: 2, applyOn: "create" },
      { type: "constant", constant: "x", target: "USERNAME", applyOn: "always" },
      { type: "constant", constant: "x", target: "nickName", applyOn: "always" },
    ];
    const issues = validateMappingDocument(d);
    expect(issues).toEqual([
      { path: ["scopingFilters", 0, 0, "value"], message: expect.stringMatching(/backreference/) },
      { path: ["attributeMappings", 0, "source"], message: "A direct mapping needs a source attribute" },
      { path: ["attributeMappings", 1, "expression"], message: expect.stringMatching(/after argument 2 of Join at position 21/), position: 21 },
      { path: ["attributeMappings", 2, "expression"], message: "SelectUniqueValue cannot be used on a matching attribute" },
      { path: ["attributeMappings", 2, "applyOn"], message: expect.stringMatching(/must apply always/) },
      { path: ["attributeMappings", 3, "target"], message: expect.stringMatching(/already mapped \(mapping 1\)/) },
      { path: ["attributeMappings", 4, "target"], message: expect.stringMatching(/not in the target attribute list/) },
      { path: ["attributeMappings", 2, "matchingPrecedence"], message: "Matching precedence 2 is already used by mapping 1" },
      { path: ["attributeMappings", 0, "matchingPrecedence"], message: "Matching precedences must be consecutive from 1; expected 1 but found 2" },
    ]);
  });

  test("an enabled mapping needs a matching attribute; a disabled one does not", () => {
    const d = doc();
    d.attributeMappings[0]!.matchingPrecedence = null;
    expect(validateMappingDocument(d)).toEqual([{ path: ["attributeMappings"], message: expect.stringMatching(/at least one matching attribute/) }]);
    d.enabled = false;
    expect(validateMappingDocument(d)).toEqual([]);
  });

  test("gaps in matching precedence are reported once", () => {
    const d = doc();
    d.attributeMappings[1]!.matchingPrecedence = 3;
    expect(validateMappingDocument(d)).toEqual([
      { path: ["attributeMappings", 1, "matchingPrecedence"], message: "Matching precedences must be consecutive from 1; expected 2 but found 3" },
    ]);
  });

  test("unknown source attributes are reported when a catalogue is given", () => {
    const d = doc();
    d.attributeMappings[0]!.source = "userPrincipalNam";
    d.attributeMappings[1]!.expression = "Not([IsSoftDeletd])";
    const issues = validateMappingDocument(d, { knownSourceAttributes: USER_SOURCE_ATTRIBUTES.map((a) => a.name) });
    expect(issues.map((i) => i.message)).toEqual(['Unknown source attribute "userPrincipalNam"', "Unknown attribute [IsSoftDeletd] at position 4"]);
  });
});
