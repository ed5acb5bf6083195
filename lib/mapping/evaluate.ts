// Validation and evaluation of parsed expressions.
import { parseExpression, walkExpression, type CallNode, type ExprNode, type ExpressionError } from "./parser";
import { arity, lookupFunction, type EvalState, type LazyArg } from "./functions";
import { compileRegex } from "./regex";
import {
  asBoolean,
  asDate,
  asString,
  type AppRoleAssignment,
  type ExprValue,
  ExpressionRuntimeError,
  fromSource,
  IGNORE_FLOW,
  type IgnoreFlow,
  IgnoreFlowSignal,
  isNullish,
  type SourceObject,
} from "./values";

/** Work units one evaluation may spend (node visits plus per-item work inside functions). */
export const DEFAULT_MAX_STEPS = 200_000;
/** Longest string an evaluation may produce; stops Join/Replace from building huge values. */
export const MAX_VALUE_LENGTH = 1_000_000;

export type EvalContext = {
  /** Source attributes; names are matched case-insensitively, as Entra does. */
  source?: SourceObject;
  /** Engine-provided [IsSoftDeleted]: true when the user is disabled, deleted or out of scope. */
  isSoftDeleted?: boolean;
  /** Engine-provided [objectId]: the source object's id. */
  objectId?: string;
  /** Engine-provided [appRoleAssignments] for this app. */
  appRoleAssignments?: AppRoleAssignment[];
  /** Clock for Now(); injectable for tests. */
  now?: Date | (() => Date);
  /** Uniform [0, 1) source for Guid() and RandomString(); injectable for tests. */
  random?: () => number;
  /** SelectUniqueValue asks this whether a candidate is free in the target; default: every candidate is. */
  isUnique?: (value: string) => boolean;
  maxSteps?: number;
};

export type EvaluateResult =
  | { ok: true; value: ExprValue | IgnoreFlow; redacted: boolean }
  | { ok: false; error: ExpressionError };

export type ValidateOptions = {
  /** When given, unknown [attributes] are reported (case-insensitive). */
  knownAttributes?: readonly string[];
};

export type ValidateResult = { ok: true; ast: ExprNode } | { ok: false; error: ExpressionError; errors: ExpressionError[] };

/** Names the engine supplies for every object, whatever the source catalogue says. */
export const ENGINE_ATTRIBUTES = ["IsSoftDeleted", "objectId", "appRoleAssignments"] as const;

function checkAst(ast: ExprNode, opts: ValidateOptions): ExpressionError[] {
  const errors: ExpressionError[] = [];
  const known = opts.knownAttributes ? new Set([...opts.knownAttributes, ...ENGINE_ATTRIBUTES].map((a) => a.toLowerCase())) : null;
  walkExpression(ast, (node, parent) => {
    if (node.kind === "attribute" && known && !known.has(node.name.toLowerCase())) {
      errors.push({ message: `Unknown attribute [${node.name}] at position ${node.pos}`, position: node.pos, code: "unknownAttribute", values: { name: node.name, position: node.pos } });
    }
    if (node.kind !== "call") return;
    const def = lookupFunction(node.name);
    if (!def) {
      errors.push({ message: `Unknown function ${node.name} at position ${node.pos}`, position: node.pos, code: "unknownFunction", values: { name: node.name, position: node.pos } });
      return;
    }
    const { min, max } = arity(def);
    const n = node.args.length;
    if (n < min || n > max) {
      const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
      errors.push({
        message: `${def.name} takes ${expected} argument${expected === "1" ? "" : "s"} but got ${n} at position ${node.pos}`,
        position: node.pos,
        code: "arity",
        values: { name: def.name, kind: max === Infinity ? "atLeast" : min === max ? "exactly" : "between", min, max: max === Infinity ? min : max, got: n, position: node.pos },
      });
      return;
    }
    const extra = def.checkArgs?.(n);
    if (extra) errors.push({ message: `${extra} at position ${node.pos}`, position: node.pos });
    if (def.topLevelOnly && parent !== null) {
      errors.push({ message: `${def.name} must be the outermost function and cannot be nested (position ${node.pos})`, position: node.pos, code: "topLevelOnly", values: { name: def.name, position: node.pos } });
    }
    node.args.forEach((arg, i) => {
      const param = def.params[Math.min(i, def.params.length - 1)];
      const repeatingTail = def.params.some((p) => p.repeating) && i >= def.params.length - 1;
      if (arg === null && param && !param.optional && !repeatingTail && def.name !== "Switch") {
        errors.push({ message: `Argument ${i + 1} (${param.name}) of ${def.name} is required (position ${node.pos})`, position: node.pos, code: "argumentRequired", values: { n: i + 1, param: param.name, name: def.name, position: node.pos } });
      }
    });
    if (def.name === "Replace") {
      const pattern = node.args[2];
      if (pattern?.kind === "string") {
        const r = compileRegex(pattern.value);
        if (!r.ok) errors.push({ message: `${r.message} (position ${pattern.pos})`, position: pattern.pos });
      }
    }
  });
  return errors;
}

/**
 * Parses and checks an expression: syntax, known functions, argument counts,
 * required arguments, SelectUniqueValue placement, literal regexes and
 * (optionally) attribute names. Errors carry 0-based positions.
 */
export function validateExpression(src: string, opts: ValidateOptions = {}): ValidateResult {
  const parsed = parseExpression(src);
  if (!parsed.ok) return { ok: false, error: parsed.error, errors: [parsed.error] };
  const errors = checkAst(parsed.ast, opts);
  return errors.length ? { ok: false, error: errors[0]!, errors } : { ok: true, ast: parsed.ast };
}

export function validateAst(ast: ExprNode, opts: ValidateOptions = {}): ExpressionError[] {
  return checkAst(ast, opts);
}

class BudgetExceeded extends Error {}

const lowerCaseIndex = new WeakMap<SourceObject, Map<string, string>>();

/** Case-insensitive attribute lookup; engine-provided attributes win over the source bag. */
export function readAttribute(name: string, ctx: EvalContext): ExprValue {
  const lower = name.toLowerCase();
  if (lower === "issoftdeleted" && ctx.isSoftDeleted !== undefined) return ctx.isSoftDeleted;
  if (lower === "objectid" && ctx.objectId !== undefined) return ctx.objectId;
  if (lower === "approleassignments" && ctx.appRoleAssignments !== undefined) return [...ctx.appRoleAssignments];
  const src = ctx.source;
  if (!src) return null;
  if (Object.prototype.hasOwnProperty.call(src, name)) return fromSource(src[name]);
  let index = lowerCaseIndex.get(src);
  if (!index) {
    index = new Map();
    for (const k of Object.keys(src)) if (!index.has(k.toLowerCase())) index.set(k.toLowerCase(), k);
    lowerCaseIndex.set(src, index);
  }
  const key = index.get(lower);
  return key === undefined ? null : fromSource(src[key]);
}

function defaultRandom(): number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
  return Math.random();
}

function compareValues(op: string, l: ExprValue, r: ExprValue): boolean {
  // Microsoft: "If the source attribute used within the IIF function is empty or null, the condition check fails."
  if (isNullish(l) || isNullish(r)) return false;
  let cmp: number;
  if (l instanceof Date || r instanceof Date) {
    cmp = asDate(l, "Comparison")!.getTime() - asDate(r, "Comparison")!.getTime();
  } else if (typeof l === "boolean" || typeof r === "boolean") {
    cmp = Number(asBoolean(l, "Comparison")) - Number(asBoolean(r, "Comparison"));
  } else {
    const ls = asString(l, "Comparison")!;
    const rs = asString(r, "Comparison")!;
    const ln = typeof l === "number" ? l : Number(ls);
    const rn = typeof r === "number" ? r : Number(rs);
    const numeric = (typeof l === "number" || typeof r === "number") && ls.trim() !== "" && rs.trim() !== "" && Number.isFinite(ln) && Number.isFinite(rn);
    // Strings compare ordinally and case-sensitively, like Switch.
    cmp = numeric ? ln - rn : ls < rs ? -1 : ls > rs ? 1 : 0;
  }
  switch (op) {
    case "=":
      return cmp === 0;
    case "<>":
      return cmp !== 0;
    case "<":
      return cmp < 0;
    case "<=":
      return cmp <= 0;
    case ">":
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

/**
 * Evaluates an expression (source text or a parsed tree) against one object.
 * Never throws: errors come back with the position of the failing call.
 * A value of IGNORE_FLOW means IgnoreFlowIfNullOrEmpty fired: omit the attribute.
 */
export function evaluateExpression(expr: string | ExprNode, ctx: EvalContext = {}): EvaluateResult {
  let ast: ExprNode;
  if (typeof expr === "string") {
    const v = validateExpression(expr);
    if (!v.ok) return { ok: false, error: v.error };
    ast = v.ast;
  } else {
    const errors = checkAst(expr, {});
    if (errors.length) return { ok: false, error: errors[0]! };
    ast = expr;
  }

  const maxSteps = ctx.maxSteps ?? DEFAULT_MAX_STEPS;
  let steps = 0;
  let fixedNow: Date | null = null;
  const st: EvalState = {
    now: () => {
      // One instant per evaluation, so Now() twice in one expression agrees with itself.
      fixedNow ??= typeof ctx.now === "function" ? ctx.now() : (ctx.now ?? new Date());
      return fixedNow;
    },
    random: ctx.random ?? defaultRandom,
    isUnique: ctx.isUnique,
    redacted: false,
    tick: (n = 1) => {
      steps += n;
      if (steps > maxSteps) throw new BudgetExceeded();
    },
  };

  const evalNode = (node: ExprNode): ExprValue => {
    st.tick();
    switch (node.kind) {
      case "string":
        return node.value;
      case "number":
        return node.value;
      case "boolean":
        return node.value;
      case "constant":
        return node.name;
      case "attribute":
        return readAttribute(node.name, ctx);
      case "binary":
        return withPosition(node.pos, () => compareValues(node.op, evalNode(node.left), evalNode(node.right)));
      case "call":
        return evalCall(node);
    }
  };

  const evalCall = (node: CallNode): ExprValue => {
    const def = lookupFunction(node.name);
    if (!def) throw new ExpressionRuntimeError(`Unknown function ${node.name}`, node.pos);
    const args: LazyArg[] = node.args.map((a) => {
      let done = false;
      let cached: ExprValue = null;
      return {
        present: a !== null,
        node: a,
        value: () => {
          if (!done) {
            cached = a ? evalNode(a) : null;
            done = true;
          }
          return cached;
        },
      };
    });
    const out = withPosition(node.pos, () => def.impl(args, st, node));
    if (typeof out === "string" && out.length > MAX_VALUE_LENGTH) {
      throw new ExpressionRuntimeError(`${def.name} produced a value longer than ${MAX_VALUE_LENGTH} characters`, node.pos);
    }
    return out;
  };

  try {
    const value = evalNode(ast);
    return { ok: true, value, redacted: st.redacted };
  } catch (e) {
    if (e instanceof IgnoreFlowSignal) return { ok: true, value: IGNORE_FLOW, redacted: st.redacted };
    if (e instanceof BudgetExceeded) {
      return { ok: false, error: { message: `Expression evaluation exceeded its budget of ${maxSteps} steps`, position: 0 } };
    }
    if (e instanceof ExpressionRuntimeError) return { ok: false, error: { message: e.message, position: e.position ?? 0 } };
    return { ok: false, error: { message: `Expression failed: ${(e as Error).message ?? String(e)}`, position: 0 } };
  }
}

function withPosition<T>(pos: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ExpressionRuntimeError && e.position === undefined) e.position = pos;
    throw e;
  }
}

/**
 * For engines whose uniqueness check is asynchronous: the candidate values of a
 * top-level SelectUniqueValue in order (nulls and empties skipped), or null when
 * the expression is not a SelectUniqueValue. Check them against the target, then
 * pass `isUnique` with the answers to evaluateExpression.
 */
export function selectUniqueValueCandidates(expr: string | ExprNode, ctx: EvalContext = {}): string[] | null {
  const parsed = typeof expr === "string" ? parseExpression(expr) : { ok: true as const, ast: expr };
  if (!parsed.ok) return null;
  const ast = parsed.ast;
  if (ast.kind !== "call" || ast.name.toLowerCase() !== "selectuniquevalue") return null;
  const out: string[] = [];
  for (const arg of ast.args) {
    if (!arg) continue;
    const r = evaluateExpression(arg, ctx);
    if (!r.ok || typeof r.value === "symbol") continue;
    try {
      const s = asString(r.value, "SelectUniqueValue rule");
      if (s) out.push(s);
    } catch {
      // a multi-valued rule cannot be a candidate; evaluateExpression reports it
    }
  }
  return out;
}
