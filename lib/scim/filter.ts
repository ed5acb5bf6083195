// The only place SCIM filter strings are built: values are always quoted and escaped.

export type FilterValue = string | number | boolean | null;

const ATTR_PATH = /^(?:urn:[A-Za-z0-9:._-]+:)?[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)?$/;

function attr(path: string): string {
  if (!ATTR_PATH.test(path)) throw new Error(`Invalid SCIM attribute path: ${JSON.stringify(path)}`);
  return path;
}

/** RFC 7644 §3.4.2.2: string literals are JSON strings, so JSON escaping is the correct quoting. */
export function quoteValue(v: FilterValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error("SCIM filter numbers must be finite");
    return String(v);
  }
  return JSON.stringify(v);
}

type Op = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
const cmp = (op: Op) => (path: string, value: FilterValue) => `${attr(path)} ${op} ${quoteValue(value)}`;

export const scimFilter = {
  eq: cmp("eq"),
  ne: cmp("ne"),
  co: cmp("co"),
  sw: cmp("sw"),
  ew: cmp("ew"),
  gt: cmp("gt"),
  ge: cmp("ge"),
  lt: cmp("lt"),
  le: cmp("le"),
  pr: (path: string) => `${attr(path)} pr`,
  and: (...parts: string[]) => parts.map((p) => `(${p})`).join(" and "),
  or: (...parts: string[]) => parts.map((p) => `(${p})`).join(" or "),
  not: (part: string) => `not (${part})`,
  /** `emails[type eq "work"]` style value path */
  valuePath: (path: string, inner: string) => `${attr(path)}[${inner}]`,
};

/** Operator of a simple `attr op value` filter (used to check a profile's filter support). */
export function filterOperators(filter: string): string[] {
  const ops = new Set<string>();
  // strip string literals first so their content is not mistaken for operators
  const bare = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of bare.matchAll(/\s(eq|ne|co|sw|ew|gt|ge|lt|le|pr|and|or)(?=\s|$)/gi)) ops.add(m[1]!.toLowerCase());
  return [...ops];
}
