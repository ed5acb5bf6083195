// zod schemas for the mapping document of the API (api.md: GET|PUT
// /apps/{appId}/provisioning/mappings/{mappingId}) and the semantic checks zod
// cannot express (expressions parse, regexes compile, matching precedences…).
import { z } from "zod";
import type { MappingDocument } from "./types";
import { MAX_EXPRESSION_LENGTH } from "./parser";
import { validateExpression } from "./evaluate";
import { validateScopingFilters } from "./scoping";

export const LIMITS = {
  name: 256,
  attributeName: 256,
  targetPath: 512,
  constant: 4096,
  defaultValue: 4096,
  scopingValue: 1024,
  filters: 50,
  clausesPerFilter: 50,
  attributeMappings: 500,
  targetAttributes: 1000,
  matchingPrecedence: 100,
} as const;

const nullableString = (max: number) => z.string().max(max).nullable().optional();

export const scopingClauseSchema = z.strictObject({
  attribute: z.string().trim().min(1, "Choose an attribute").max(LIMITS.attributeName),
  operator: z.string().trim().min(1, "Choose an operator").max(64),
  value: nullableString(LIMITS.scopingValue),
});

/** Outer array OR, inner array AND. */
export const scopingFiltersSchema = z.array(z.array(scopingClauseSchema).max(LIMITS.clausesPerFilter)).max(LIMITS.filters);

export const attributeMappingSchema = z.strictObject({
  type: z.enum(["direct", "constant", "expression", "none"]),
  source: nullableString(LIMITS.attributeName),
  expression: nullableString(MAX_EXPRESSION_LENGTH),
  constant: nullableString(LIMITS.constant),
  target: z.string().trim().min(1, "Choose a target attribute").max(LIMITS.targetPath),
  defaultValue: nullableString(LIMITS.defaultValue),
  matchingPrecedence: z.number().int().min(0).max(LIMITS.matchingPrecedence).nullable().optional(),
  applyOn: z.enum(["always", "create"]),
});

export const targetAttributeSchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.targetPath),
  type: z.enum(["string", "boolean", "integer", "dateTime", "reference"]),
  multiValued: z.boolean().optional(),
  required: z.boolean().optional(),
  custom: z.boolean().optional(),
});

export const mappingActionsSchema = z.strictObject({ create: z.boolean(), update: z.boolean(), delete: z.boolean() });

export const mappingDocumentSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(LIMITS.name),
  enabled: z.boolean(),
  sourceObject: z.enum(["user", "group"]),
  targetObject: z.string().trim().min(1).max(LIMITS.attributeName),
  actions: mappingActionsSchema,
  scopingFilters: scopingFiltersSchema,
  attributeMappings: z.array(attributeMappingSchema).max(LIMITS.attributeMappings),
  targetAttributes: z.array(targetAttributeSchema).max(LIMITS.targetAttributes),
});

/** PUT body: the id comes from the URL, so it is optional here (and must match when present). */
export const mappingDocumentBodySchema = mappingDocumentSchema.extend({ id: z.string().min(1).max(128).optional() });

/** POST …/expressions/test */
export const expressionTestSchema = z.strictObject({
  expression: z.string().min(1).max(MAX_EXPRESSION_LENGTH),
  userId: z.string().min(1).max(128),
});

// Compile-time check that the schema and the shared type agree.
type _SchemaMatchesType = z.infer<typeof mappingDocumentSchema> extends MappingDocument
  ? MappingDocument extends z.infer<typeof mappingDocumentSchema>
    ? true
    : never
  : never;
const _schemaMatchesType: _SchemaMatchesType = true;
void _schemaMatchesType;

export type MappingIssue = { path: (string | number)[]; message: string; position?: number };

export type ValidateDocumentOptions = {
  /** Source attribute names for unknown-attribute checks; omitted = no such check. */
  knownSourceAttributes?: readonly string[];
};

/**
 * Semantic checks beyond the schema. Returns [] when the document can be saved.
 * Paths are zod-style arrays, e.g. ["attributeMappings", 2, "expression"].
 */
export function validateMappingDocument(doc: MappingDocument, opts: ValidateDocumentOptions = {}): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const known = opts.knownSourceAttributes;

  for (const i of validateScopingFilters(doc.scopingFilters, { knownAttributes: known })) {
    issues.push({ path: ["scopingFilters", ...i.path], message: i.message });
  }

  const targets = new Map<string, number>();
  const targetList = new Set(doc.targetAttributes.map((t) => t.name.toLowerCase()));
  const precedences: { value: number; index: number }[] = [];

  doc.attributeMappings.forEach((m, i) => {
    const at = (...rest: (string | number)[]) => ["attributeMappings", i, ...rest];
    const key = m.target.trim().toLowerCase();
    const first = targets.get(key);
    if (first !== undefined) issues.push({ path: at("target"), message: `Target attribute "${m.target}" is already mapped (mapping ${first + 1})` });
    else targets.set(key, i);
    if (targetList.size > 0 && !targetList.has(key)) {
      issues.push({ path: at("target"), message: `"${m.target}" is not in the target attribute list; add it under Edit attribute list first` });
    }

    switch (m.type) {
      case "direct":
        if (!m.source?.trim()) issues.push({ path: at("source"), message: "A direct mapping needs a source attribute" });
        else if (known && !known.some((k) => k.toLowerCase() === m.source!.trim().toLowerCase())) {
          issues.push({ path: at("source"), message: `Unknown source attribute "${m.source}"` });
        }
        break;
      case "constant":
        if (m.constant === null || m.constant === undefined) issues.push({ path: at("constant"), message: "A constant mapping needs a value" });
        break;
      case "expression": {
        if (!m.expression?.trim()) {
          issues.push({ path: at("expression"), message: "An expression mapping needs an expression" });
          break;
        }
        const v = validateExpression(m.expression, { knownAttributes: known });
        if (!v.ok) {
          for (const e of v.errors) issues.push({ path: at("expression"), message: e.message, position: e.position });
        } else if (m.matchingPrecedence && v.ast.kind === "call" && v.ast.name.toLowerCase() === "selectuniquevalue") {
          issues.push({ path: at("expression"), message: "SelectUniqueValue cannot be used on a matching attribute" });
        }
        break;
      }
      case "none":
        break;
    }

    if (m.matchingPrecedence && m.matchingPrecedence > 0) {
      if (m.type === "none") issues.push({ path: at("matchingPrecedence"), message: "A matching attribute needs a value to match on" });
      if (m.applyOn === "create") {
        issues.push({ path: at("applyOn"), message: "A matching attribute must apply always, not only during object creation" });
      }
      precedences.push({ value: m.matchingPrecedence, index: i });
    }
  });

  // Precedences must be 1, 2, 3… with no gaps or repeats, like Entra's editor enforces.
  const seen = new Map<number, number>();
  for (const p of precedences) {
    const prev = seen.get(p.value);
    if (prev !== undefined) {
      issues.push({ path: ["attributeMappings", p.index, "matchingPrecedence"], message: `Matching precedence ${p.value} is already used by mapping ${prev + 1}` });
    } else seen.set(p.value, p.index);
  }
  const sorted = [...seen.keys()].sort((a, b) => a - b);
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k]!;
    if (v !== k + 1) {
      issues.push({
        path: ["attributeMappings", seen.get(v)!, "matchingPrecedence"],
        message: `Matching precedences must be consecutive from 1; expected ${k + 1} but found ${v}`,
      });
      break; // one gap explains the rest
    }
  }

  if (doc.enabled && precedences.length === 0) {
    issues.push({ path: ["attributeMappings"], message: "An enabled mapping needs at least one matching attribute (Match objects using this attribute)" });
  }
  return issues;
}
