// Runtime values of the expression language and the conversions between them.
import type { ScimMember, ScimValue } from "./types";
import { formatEntraDate, parseDateLoose } from "./datetime";

/** One app role assigned to the user for this app, as the engine provides it. */
export type AppRoleAssignment = { roleId: string; displayName: string };

/** What the evaluator computes with. Dates are JS Dates (UTC instants). */
export type ExprValue = string | number | boolean | null | Date | AppRoleAssignment | ExprValue[];

/** What a source attribute may hold (the bag built by toSourceObject). */
export type SourceValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | readonly string[]
  | readonly AppRoleAssignment[]
  | readonly ScimMember[];
export type SourceObject = Record<string, SourceValue>;

/** Thrown by functions; the evaluator attaches the position of the failing call. */
export class ExpressionRuntimeError extends Error {
  constructor(
    message: string,
    public position?: number,
  ) {
    super(message);
  }
}

export const isRole = (v: unknown): v is AppRoleAssignment =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && "roleId" in v;

/** null, undefined and [] are "no value" (Entra: an absent attribute). */
export const isNullish = (v: ExprValue | undefined): v is null | undefined | [] =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0);

export function numberToString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** .NET-flavoured ToString: booleans print as "True"/"False", dates as "M/d/yyyy h:mm:ss tt". */
export function asString(v: ExprValue | undefined, what: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v instanceof Date) return formatEntraDate(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    if (v.length === 1) return asString(v[0], what);
    throw new ExpressionRuntimeError(`${what} expects a single value but got ${v.length} values (a multi-valued attribute)`);
  }
  return v.displayName;
}

export function asNumber(v: ExprValue | undefined, what: string): number | null {
  const s = typeof v === "number" ? v : asString(v, what);
  if (s === null) return null;
  if (typeof s === "number") return s;
  const t = s.trim();
  const hex = /^&h([0-9a-f]+)$/i.exec(t);
  const n = hex ? parseInt(hex[1]!, 16) : t === "" ? NaN : Number(t);
  if (!Number.isFinite(n)) throw new ExpressionRuntimeError(`${what} expects a number but got "${s}"`);
  return n;
}

export function asInteger(v: ExprValue | undefined, what: string): number | null {
  const n = asNumber(v, what);
  if (n === null) return null;
  if (!Number.isInteger(n)) throw new ExpressionRuntimeError(`${what} expects a whole number but got ${n}`);
  return n;
}

/** Booleans, "True"/"False" (any case), and numbers (non-zero is true, as CBool documents). */
export function asBoolean(v: ExprValue | undefined, what: string): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  const s = asString(v, what);
  if (s === null) return null;
  const t = s.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  const n = Number(t);
  if (t !== "" && Number.isFinite(n)) return n !== 0;
  throw new ExpressionRuntimeError(`${what} expects True or False but got "${s}"`);
}

export function asDate(v: ExprValue | undefined, what: string): Date | null {
  if (v instanceof Date) return v;
  const s = asString(v, what);
  if (s === null) return null;
  const d = parseDateLoose(s);
  if (!d) throw new ExpressionRuntimeError(`${what} expects a date but got "${s}"`);
  return d;
}

/** Flattens a value into its items (multi-valued attributes, nested arrays); null gives []. */
export function asList(v: ExprValue | undefined): ExprValue[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap((x) => asList(x));
  return [v];
}

/** Reads a source attribute into an expression value (copies arrays so functions cannot mutate the source). */
export function fromSource(v: SourceValue): ExprValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) {
    return (v as readonly unknown[]).map((x) => {
      if (typeof x === "object" && x !== null && !isRole(x) && "value" in x) return String((x as ScimMember).value);
      return x as ExprValue;
    });
  }
  return v as ExprValue;
}

/** Converts an evaluated value into what the SCIM side stores. */
export function toScimValue(v: ExprValue): ScimValue {
  if (v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return formatEntraDate(v);
  if (Array.isArray(v)) {
    const items = asList(v);
    if (items.length > 0 && items.every(isRole)) {
      return (items as AppRoleAssignment[]).map((r) => ({ value: r.displayName, display: r.displayName }));
    }
    return items.map((x) => asString(x, "A multi-valued attribute") ?? "").filter((x) => x !== "");
  }
  return v.displayName;
}

/**
 * Returned (instead of a value) when IgnoreFlowIfNullOrEmpty saw nothing to flow:
 * the caller must omit the target attribute entirely.
 */
export const IGNORE_FLOW: unique symbol = Symbol.for("provisio.mapping.ignoreFlow");
export type IgnoreFlow = typeof IGNORE_FLOW;
export const isIgnoreFlow = (v: unknown): v is IgnoreFlow => v === IGNORE_FLOW;

/** Internal: unwinds the evaluation when IgnoreFlowIfNullOrEmpty fires, wherever it is nested. */
export class IgnoreFlowSignal {
  readonly ignoreFlow = true;
}
