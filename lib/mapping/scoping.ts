// Scoping filters (Source Object Scope): clauses AND-ed within a filter, filters
// OR-ed, no filters = everything in scope.
//
// Decisions where Microsoft's page is terse:
// - A null or empty attribute makes every clause false except IS NULL (true).
//   Microsoft: "Scoping filters will return false if the value is null / empty",
//   and NOT REGEX MATCH is explicitly false for null; we apply the same rule to
//   NOT EQUALS and !& rather than guess a different one per operator.
// - Multi-valued attributes are "not supported" by Microsoft: such a clause is false,
//   with a note saying why.
// - REGEX MATCH finds the pattern anywhere in the value (.NET Regex.IsMatch), case-sensitive.
// - Greater_Than(_OR_EQUALS) compare integers only (Microsoft: "must be an integer");
//   a non-integer attribute value makes the clause false.
// - "&" / "!&": Microsoft says "the evaluated attribute exists in the input string
//   value". When both sides are integers we read it as a bitwise AND being non-zero
//   (the Active Directory flag use, e.g. userAccountControl & 2); otherwise as "the
//   attribute's value occurs within the clause value" (e.g. department & "Sales,Marketing").
import type { ScopingClause, ScopingFilters } from "./types";
import { compileRegex } from "./regex";
import { readAttribute, type EvalContext } from "./evaluate";
import { asString, type ExprValue, type SourceObject } from "./values";

export type ScopingOperator =
  | "&"
  | "!&"
  | "ENDS_WITH"
  | "EQUALS"
  | "Greater_Than"
  | "Greater_Than_OR_EQUALS"
  | "Includes"
  | "IS FALSE"
  | "IS NOT NULL"
  | "IS NULL"
  | "IS TRUE"
  | "NOT EQUALS"
  | "NOT REGEX MATCH"
  | "REGEX MATCH";

/** Operators for the editor's picker, spelled as Microsoft's portal shows them. */
export const SCOPING_OPERATORS: readonly { name: ScopingOperator; needsValue: boolean; description: string }[] = [
  { name: "&", needsValue: true, description: "Integers: bitwise AND is non-zero. Text: the attribute value occurs in the given value." },
  { name: "!&", needsValue: true, description: "The opposite of &." },
  { name: "ENDS_WITH", needsValue: true, description: "Ends with the value (case-sensitive)." },
  { name: "EQUALS", needsValue: true, description: "Equals the value exactly (case-sensitive)." },
  { name: "Greater_Than", needsValue: true, description: "Integer greater than the value." },
  { name: "Greater_Than_OR_EQUALS", needsValue: true, description: "Integer greater than or equal to the value." },
  { name: "Includes", needsValue: true, description: "Contains the value (case-sensitive)." },
  { name: "IS FALSE", needsValue: false, description: "Boolean false." },
  { name: "IS NOT NULL", needsValue: false, description: "Has a non-empty value." },
  { name: "IS NULL", needsValue: false, description: "Is absent or empty." },
  { name: "IS TRUE", needsValue: false, description: "Boolean true." },
  { name: "NOT EQUALS", needsValue: true, description: "Does not equal the value (case-sensitive)." },
  { name: "NOT REGEX MATCH", needsValue: true, description: "Does not match the regular expression." },
  { name: "REGEX MATCH", needsValue: true, description: "Matches the regular expression (anywhere in the value, case-sensitive)." },
];

const key = (s: string) => s.trim().replace(/[\s_]+/g, " ").toUpperCase();
const BY_KEY = new Map(SCOPING_OPERATORS.map((o) => [key(o.name), o]));
// Graph / alternative spellings.
for (const [alias, name] of [
  ["ENDSWITH", "ENDS_WITH"],
  ["NOTEQUALS", "NOT EQUALS"],
  ["ISTRUE", "IS TRUE"],
  ["ISFALSE", "IS FALSE"],
  ["ISNULL", "IS NULL"],
  ["ISNOTNULL", "IS NOT NULL"],
  ["REGEXMATCH", "REGEX MATCH"],
  ["NOTREGEXMATCH", "NOT REGEX MATCH"],
  ["GREATERTHAN", "Greater_Than"],
  ["GREATERTHANOREQUALS", "Greater_Than_OR_EQUALS"],
] as const) {
  BY_KEY.set(alias, SCOPING_OPERATORS.find((o) => o.name === name)!);
}

/** The canonical operator name, or null when unknown. Case, "_" and spaces are ignored. */
export function normalizeScopingOperator(op: string): ScopingOperator | null {
  if (typeof op !== "string") return null;
  return BY_KEY.get(key(op))?.name ?? BY_KEY.get(key(op).replace(/ /g, ""))?.name ?? null;
}

export type ClauseResult = {
  attribute: string;
  operator: string;
  value: string | null;
  /** The attribute's value as read from the source (for provision-on-demand's steps). */
  actual: string | string[] | null;
  result: boolean;
  /** Why a clause could not be evaluated normally (unknown operator, bad regex, multi-valued…). */
  note?: string;
};
export type FilterResult = { clauses: ClauseResult[]; result: boolean };
export type ScopingEvaluation = { inScope: boolean; filters: FilterResult[] };

const INT = /^[-+]?\d+$/;

function evaluateClause(clause: ScopingClause, source: SourceObject, ctx: EvalContext): ClauseResult {
  const raw: ExprValue = readAttribute(clause.attribute, { ...ctx, source });
  const value = clause.value ?? null;
  const base = { attribute: clause.attribute, operator: clause.operator, value };
  if (Array.isArray(raw)) {
    const actual = raw.map((x) => {
      try {
        return asString(x, "attribute") ?? "";
      } catch {
        return "";
      }
    });
    if (raw.length > 1) return { ...base, actual, result: false, note: "Scoping filters do not support multi-valued attributes" };
  }
  let actual: string | null;
  try {
    actual = asString(raw, "Scoping filter attribute");
  } catch {
    actual = null;
  }
  const op = normalizeScopingOperator(clause.operator);
  if (!op) return { ...base, actual, result: false, note: `Unknown operator "${clause.operator}"` };
  const empty = actual === null || actual === "";
  if (op === "IS NULL") return { ...base, actual, result: empty };
  if (empty) return { ...base, actual, result: false };
  const a = actual as string;
  const v = value ?? "";
  switch (op) {
    case "IS NOT NULL":
      return { ...base, actual, result: true };
    case "IS TRUE":
    case "IS FALSE": {
      const want = op === "IS TRUE";
      const b = typeof raw === "boolean" ? raw : a.trim().toLowerCase() === "true" ? true : a.trim().toLowerCase() === "false" ? false : null;
      return { ...base, actual, result: b === want };
    }
    case "EQUALS":
      return { ...base, actual, result: a === v };
    case "NOT EQUALS":
      return { ...base, actual, result: a !== v };
    case "ENDS_WITH":
      return { ...base, actual, result: a.endsWith(v) };
    case "Includes":
      return { ...base, actual, result: a.includes(v) };
    case "Greater_Than":
    case "Greater_Than_OR_EQUALS": {
      if (!INT.test(a.trim()) || !INT.test(v.trim())) {
        return { ...base, actual, result: false, note: "Greater_Than compares whole numbers only" };
      }
      const x = BigInt(a.trim());
      const y = BigInt(v.trim());
      return { ...base, actual, result: op === "Greater_Than" ? x > y : x >= y };
    }
    case "&":
    case "!&": {
      let hit: boolean;
      if (INT.test(a.trim()) && INT.test(v.trim())) hit = (BigInt(a.trim()) & BigInt(v.trim())) !== 0n;
      else hit = v.includes(a);
      return { ...base, actual, result: op === "&" ? hit : !hit };
    }
    case "REGEX MATCH":
    case "NOT REGEX MATCH": {
      const r = compileRegex(v);
      if (!r.ok) return { ...base, actual, result: false, note: r.message };
      const m = r.regex.test(a);
      return { ...base, actual, result: op === "REGEX MATCH" ? m : !m };
    }
  }
}

/**
 * Decides whether an object is in scope. `source` is the attribute bag from
 * toSourceObject; `ctx` may carry the engine-provided attributes (IsSoftDeleted…).
 */
export function evaluateScopingFilters(filters: ScopingFilters, source: SourceObject, ctx: EvalContext = {}): ScopingEvaluation {
  const results: FilterResult[] = (filters ?? []).map((clauses) => {
    const evaluated = clauses.map((c) => evaluateClause(c, source, ctx));
    // An empty filter has no conditions, so it lets everything through (like no filters at all).
    return { clauses: evaluated, result: evaluated.every((c) => c.result) };
  });
  return { inScope: results.length === 0 || results.some((f) => f.result), filters: results };
}

export type ScopingIssue = { path: (string | number)[]; message: string };

/** Checks operators, required values, integer values and regexes. Paths are relative to scopingFilters. */
export function validateScopingFilters(filters: ScopingFilters, opts: { knownAttributes?: readonly string[] } = {}): ScopingIssue[] {
  const issues: ScopingIssue[] = [];
  const known = opts.knownAttributes ? new Set(opts.knownAttributes.map((a) => a.toLowerCase())) : null;
  filters.forEach((clauses, i) => {
    if (clauses.length === 0) issues.push({ path: [i], message: "A scoping filter needs at least one clause" });
    clauses.forEach((c, j) => {
      const at = (field: string) => [i, j, field];
      if (!c.attribute || !c.attribute.trim()) issues.push({ path: at("attribute"), message: "Choose an attribute" });
      else if (known && !known.has(c.attribute.toLowerCase())) issues.push({ path: at("attribute"), message: `Unknown attribute "${c.attribute}"` });
      const op = normalizeScopingOperator(c.operator);
      if (!op) {
        issues.push({ path: at("operator"), message: `Unknown operator "${c.operator}"` });
        return;
      }
      const def = SCOPING_OPERATORS.find((o) => o.name === op)!;
      const v = c.value ?? "";
      if (def.needsValue && v === "") issues.push({ path: at("value"), message: `${op} needs a value` });
      if ((op === "Greater_Than" || op === "Greater_Than_OR_EQUALS") && v !== "" && !INT.test(v.trim())) {
        issues.push({ path: at("value"), message: `${op} needs a whole number` });
      }
      if ((op === "REGEX MATCH" || op === "NOT REGEX MATCH") && v !== "") {
        const r = compileRegex(v);
        if (!r.ok) issues.push({ path: at("value"), message: r.message });
      }
    });
  });
  return issues;
}
