// Applies a mapping set (the attribute mappings of one MappingDocument) to one
// source object, producing the flat target attributes the engine diffs and writes.
import type { AttributeMapping, FlatAttributes, MappingDocument, ScimValue, TargetAttribute } from "./types";
import { parseExpression, type ExprNode } from "./parser";
import { evaluateExpression, readAttribute, type EvalContext } from "./evaluate";
import { isIgnoreFlow, isNullish, toScimValue, type ExprValue, type SourceObject } from "./values";

export type ApplyOptions = {
  /** True when the object does not exist in the target yet (defaults and "create"-only mappings apply). */
  isCreate: boolean;
  /** Engine-provided attributes, clock, random source, uniqueness check. */
  ctx?: EvalContext;
  /** The target attribute list; booleans and integers declared there are converted from strings. */
  targetAttributes?: readonly TargetAttribute[];
};

export type MatchingValue = { target: string; value: ScimValue; precedence: number };

export type ApplyResult = {
  /** Keys are target paths exactly as written in the mapping. null = the source has no value (the engine decides whether to clear). */
  attributes: FlatAttributes;
  /** Matching attributes in precedence order (1 first). */
  matching: MatchingValue[];
  /** Targets deliberately left out: IgnoreFlowIfNullOrEmpty fired, or "create only" during an update. */
  ignored: string[];
  errors: { target: string; message: string; position?: number }[];
  /** Targets whose expression used Redact(): log "[Redact]" instead of the value. */
  redacted: string[];
};

const astCache = new Map<string, ExprNode | { error: string; position: number }>();

function parsed(expression: string): ExprNode | { error: string; position: number } {
  let hit = astCache.get(expression);
  if (!hit) {
    const r = parseExpression(expression);
    hit = r.ok ? r.ast : { error: r.error.message, position: r.error.position };
    if (astCache.size > 2000) astCache.clear();
    astCache.set(expression, hit);
  }
  return hit;
}

const BOOLEAN_STRING = /^(true|false)$/i;
const INTEGER_STRING = /^[-+]?\d+$/;

/**
 * Type conversion at the edge: expressions often yield "True"/"False" strings
 * (Microsoft's default for `active` is Switch([IsSoftDeleted], , "False", "True", "True", "False")),
 * but SCIM wants a JSON boolean. We convert for the target `active` always, and
 * for any target declared boolean/integer in the target attribute list.
 */
function convertForTarget(target: string, value: ScimValue, types: Map<string, TargetAttribute["type"]>): ScimValue {
  const type = types.get(target.toLowerCase()) ?? (target.toLowerCase() === "active" ? "boolean" : undefined);
  if (type === "boolean" && typeof value === "string" && BOOLEAN_STRING.test(value.trim())) {
    return value.trim().toLowerCase() === "true";
  }
  if (type === "integer" && typeof value === "string" && INTEGER_STRING.test(value.trim())) {
    const n = Number(value.trim());
    if (Number.isSafeInteger(n)) return n;
  }
  return value;
}

function rawValue(
  m: AttributeMapping,
  source: SourceObject,
  ctx: EvalContext,
): { value: ExprValue } | { ignore: true; redacted: boolean } | { error: string; position?: number } | { value: ExprValue; redacted: true } {
  switch (m.type) {
    case "direct":
      if (!m.source) return { error: "Direct mapping has no source attribute" };
      return { value: readAttribute(m.source, { ...ctx, source }) };
    case "constant":
      return { value: m.constant ?? null };
    case "expression": {
      if (!m.expression) return { error: "Expression mapping has no expression" };
      const ast = parsed(m.expression);
      if ("error" in ast) return { error: ast.error, position: ast.position };
      const r = evaluateExpression(ast, { ...ctx, source });
      if (!r.ok) return { error: r.error.message, position: r.error.position };
      if (isIgnoreFlow(r.value)) return { ignore: true, redacted: r.redacted };
      return r.redacted ? { value: r.value, redacted: true } : { value: r.value };
    }
    case "none":
      return { value: null };
  }
}

/** Evaluates every attribute mapping for one source object. Never throws; failures are per target in `errors`. */
export function applyMappings(doc: Pick<MappingDocument, "attributeMappings">, source: SourceObject, opts: ApplyOptions): ApplyResult {
  const ctx = opts.ctx ?? {};
  const types = new Map((opts.targetAttributes ?? []).map((t) => [t.name.toLowerCase(), t.type]));
  const out: ApplyResult = { attributes: {}, matching: [], ignored: [], errors: [], redacted: [] };
  for (const m of doc.attributeMappings) {
    if (m.type === "none") continue;
    if (m.applyOn === "create" && !opts.isCreate) {
      out.ignored.push(m.target);
      continue;
    }
    const r = rawValue(m, source, ctx);
    if ("error" in r) {
      out.errors.push({ target: m.target, message: r.error, ...(r.position !== undefined ? { position: r.position } : {}) });
      continue;
    }
    if ("ignore" in r) {
      out.ignored.push(m.target);
      if (r.redacted) out.redacted.push(m.target);
      continue;
    }
    if ("redacted" in r) out.redacted.push(m.target);
    let value: ExprValue = r.value;
    if (isNullish(value) && opts.isCreate && m.defaultValue !== null && m.defaultValue !== undefined) value = m.defaultValue;
    let scim: ScimValue;
    try {
      scim = convertForTarget(m.target, toScimValue(value), types);
    } catch (e) {
      out.errors.push({ target: m.target, message: (e as Error).message });
      continue;
    }
    out.attributes[m.target] = scim;
    if (m.matchingPrecedence && m.matchingPrecedence > 0) {
      out.matching.push({ target: m.target, value: scim, precedence: m.matchingPrecedence });
    }
  }
  out.matching.sort((a, b) => a.precedence - b.precedence);
  return out;
}
