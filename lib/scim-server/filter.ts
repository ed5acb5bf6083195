// SCIM filter parser and in-memory evaluator (RFC 7644 §3.4.2.2), also used for
// PATCH value-filtered paths (§3.5.2). Written here rather than taken from
// scim2-parse-filter: that library mis-decodes JSON escapes in string literals
// ("\u0041", "\\") and accepts attribute names the grammar forbids, and a
// filter that silently matches the wrong thing is worse than a 400.
import { invalidFilter, invalidPath, ScimError } from "./errors";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type CompValue = string | number | boolean | null;
export type AttrPath = {
  /** schema URN when the path was fully qualified (urn:…:User:userName) */
  schema?: string;
  attr: string;
  sub?: string;
};
export type Filter =
  | { op: "pr"; path: AttrPath }
  | { op: CompareOp; path: AttrPath; value: CompValue }
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "not"; filter: Filter }
  /** emails[type eq "work"]: the inner filter's paths are relative to one element */
  | { op: "valuePath"; path: AttrPath; filter: Filter };

const COMPARE_OPS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const ATTRNAME = /^[A-Za-z][\w-]*$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Nesting of (…), not (…) and […]: the parser recurses, so thousands of levels would overflow the stack. */
export const MAX_FILTER_DEPTH = 32;

type Token =
  | { t: "word"; v: string; pos: number }
  | { t: "string"; v: string; pos: number }
  | { t: "number"; v: number; pos: number }
  | { t: "(" | ")" | "[" | "]" | "." | "eof"; pos: number };

function tokenize(input: string, fail: (msg: string) => ScimError): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") { i++; continue; }
    if (c === "(" || c === ")" || c === "[" || c === "]") { out.push({ t: c, pos: i }); i++; continue; }
    if (c === "." && out[out.length - 1]?.t === "]") { out.push({ t: ".", pos: i }); i++; continue; }
    if (c === '"') {
      const m = /^"(?:[^"\\\u0000-\u001f]|\\.)*"/.exec(input.slice(i));
      if (!m) throw fail(`unterminated string starting at position ${i + 1}`);
      let v: string;
      try {
        v = JSON.parse(m[0]) as string;
      } catch {
        throw fail(`invalid escape in the string at position ${i + 1}`);
      }
      if (v.includes("\0")) throw fail(`the string at position ${i + 1} contains a NUL character`);
      // "\ud800" escapes decode to unpaired surrogates, which no query can carry
      if (LONE_SURROGATE.test(v)) throw fail(`the string at position ${i + 1} contains an unpaired UTF-16 surrogate`);
      out.push({ t: "string", v, pos: i });
      i += m[0].length;
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=$|[\s()\]])/.exec(input.slice(i));
    if (num) { out.push({ t: "number", v: Number(num[0]), pos: i }); i += num[0].length; continue; }
    // a word: keyword, literal or attribute path (URNs contain ':' and '.')
    const w = /^[A-Za-z][\w:.$-]*/.exec(input.slice(i));
    if (!w) throw fail(`unexpected character ${JSON.stringify(c)} at position ${i + 1}`);
    out.push({ t: "word", v: w[0], pos: i });
    i += w[0].length;
  }
  out.push({ t: "eof", pos: input.length });
  return out;
}

/** Splits `urn:…:User:name.givenName` into schema, attribute and sub-attribute; throws on names the grammar forbids. */
export function parseAttrPath(raw: string, fail: (msg: string) => ScimError = invalidFilter): AttrPath {
  let schema: string | undefined;
  let rest = raw;
  if (/^urn:/i.test(raw)) {
    const i = raw.lastIndexOf(":");
    schema = raw.slice(0, i);
    rest = raw.slice(i + 1);
    if (!schema || !rest) throw fail(`${JSON.stringify(raw)} is not a valid attribute path`);
  }
  const parts = rest.split(".");
  if (parts.length > 2 || !parts.every((p) => ATTRNAME.test(p))) throw fail(`${JSON.stringify(raw)} is not a valid attribute path`);
  return { ...(schema ? { schema } : {}), attr: parts[0]!, ...(parts[1] ? { sub: parts[1] } : {}) };
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Token[], private readonly fail: (msg: string) => ScimError) {}

  peek(): Token { return this.toks[this.i]!; }
  next(): Token { return this.toks[this.i++]!; }
  isWord(v: string): boolean { const t = this.peek(); return t.t === "word" && t.v.toLowerCase() === v; }
  describe(t: Token): string {
    if (t.t === "eof") return "the end of the filter";
    if (t.t === "word") return `"${t.v}" at position ${t.pos + 1}`;
    if (t.t === "string") return `the string ${JSON.stringify(t.v)} at position ${t.pos + 1}`;
    if (t.t === "number") return `the number ${t.v} at position ${t.pos + 1}`;
    return `"${t.t}" at position ${t.pos + 1}`;
  }
  expect(kind: Token["t"]): Token {
    const t = this.next();
    if (t.t !== kind) throw this.fail(`expected "${kind === "eof" ? "end of filter" : kind}" but found ${this.describe(t)}`);
    return t;
  }

  // or binds loosest, then and, then not / grouping / attribute expressions
  parseOr(): Filter {
    let left = this.parseAnd();
    while (this.isWord("or")) { this.next(); left = { op: "or", left, right: this.parseAnd() }; }
    return left;
  }
  parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isWord("and")) { this.next(); left = { op: "and", left, right: this.parseUnary() }; }
    return left;
  }
  parseUnary(): Filter {
    if (++this.depth > MAX_FILTER_DEPTH) throw this.fail(`nested more than ${MAX_FILTER_DEPTH} levels deep`);
    try {
      return this.parseUnaryInner();
    } finally {
      this.depth--;
    }
  }
  private parseUnaryInner(): Filter {
    const t = this.peek();
    if (t.t === "(") {
      this.next();
      const inner = this.parseOr();
      this.expect(")");
      return inner;
    }
    if (this.isWord("not")) {
      this.next();
      // the grammar requires parentheses after not
      if (this.peek().t !== "(") throw this.fail(`"not" must be followed by "(" (found ${this.describe(this.peek())})`);
      this.next();
      const inner = this.parseOr();
      this.expect(")");
      return { op: "not", filter: inner };
    }
    if (t.t !== "word") throw this.fail(`expected an attribute name but found ${this.describe(t)}`);
    this.next();
    const path = parseAttrPath(t.v, this.fail);
    if (this.peek().t === "[") {
      if (path.sub) throw this.fail(`a value filter cannot follow the sub-attribute in ${JSON.stringify(t.v)}`);
      this.next();
      const inner = this.parseOr();
      this.expect("]");
      return { op: "valuePath", path, filter: inner };
    }
    const opTok = this.next();
    if (opTok.t !== "word") throw this.fail(`expected an operator after "${t.v}" but found ${this.describe(opTok)}`);
    const op = opTok.v.toLowerCase();
    if (op === "pr") return { op: "pr", path };
    if (!COMPARE_OPS.has(op)) throw this.fail(`unknown operator "${opTok.v}" at position ${opTok.pos + 1}`);
    const value = this.parseValue();
    if ((value === null || typeof value === "boolean") && op !== "eq" && op !== "ne") throw this.fail(`"${op}" cannot compare with ${String(value)}`);
    if (typeof value === "number" && (op === "co" || op === "sw" || op === "ew")) throw this.fail(`"${op}" needs a string value`);
    return { op: op as CompareOp, path, value };
  }
  parseValue(): CompValue {
    const t = this.next();
    if (t.t === "string" || t.t === "number") return t.v;
    if (t.t === "word") {
      const w = t.v.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
    }
    throw this.fail(`expected a value (a "quoted string", number, true, false or null) but found ${this.describe(t)}`);
  }
}

export const MAX_FILTER_LENGTH = 4096;

/** Parses a ?filter= expression; throws ScimError 400 invalidFilter with a readable reason. */
export function parseFilter(input: string): Filter {
  const fail = (msg: string) => invalidFilter(`Invalid filter: ${msg}.`);
  if (input.length > MAX_FILTER_LENGTH) throw fail(`longer than ${MAX_FILTER_LENGTH} characters`);
  if (!input.trim()) throw fail("it is empty");
  const p = new Parser(tokenize(input, fail), fail);
  const f = p.parseOr();
  p.expect("eof");
  return f;
}

// ───── PATCH paths (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]) ─────

export type PatchPath = AttrPath & { filter?: Filter };

export function parsePatchPath(input: string): PatchPath {
  const fail = (msg: string) => invalidPath(`Invalid path ${JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input)}: ${msg}.`);
  if (input.length > MAX_FILTER_LENGTH) throw fail(`longer than ${MAX_FILTER_LENGTH} characters`);
  if (!input.trim()) throw fail("it is empty");
  const toks = tokenize(input, fail);
  const p = new Parser(toks, fail);
  const first = p.next();
  if (first.t !== "word") throw fail("it must start with an attribute name");
  const path = parseAttrPath(first.v, fail);
  if (p.peek().t === "eof") return path;
  if (path.sub) throw fail("a value filter cannot follow a sub-attribute");
  p.expect("[");
  const filter = p.parseOr();
  p.expect("]");
  let sub: string | undefined;
  if (p.peek().t === ".") {
    p.next();
    const s = p.next();
    if (s.t !== "word" || !ATTRNAME.test(s.v)) throw fail("expected a sub-attribute name after \"].\"");
    sub = s.v;
  }
  p.expect("eof");
  return { ...path, filter, ...(sub ? { sub } : {}) };
}

// ───── evaluation against a SCIM JSON resource ─────

export type Json = Record<string, unknown>;
export type EvalOptions = {
  /** whether string comparison on this attribute is case-sensitive; `name` is "attr" or "attr.sub", lower-case, without schema */
  caseExact?: (name: string) => boolean;
  /** the resource's core schema URN, so fully qualified core paths resolve to top-level attributes */
  coreSchema?: string;
};

export function getKeyCI(obj: Json, key: string): string | undefined {
  if (key in obj) return key;
  const lower = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

export function containerFor(resource: Json, schema: string | undefined, coreSchema: string | undefined): Json | undefined {
  if (!schema || (coreSchema && schema.toLowerCase() === coreSchema.toLowerCase())) return resource;
  const k = getKeyCI(resource, schema);
  const c = k ? resource[k] : undefined;
  return c && typeof c === "object" && !Array.isArray(c) ? (c as Json) : undefined;
}

/** Every value at attr(.sub); multi-valued attributes give one entry per element (complex ones without sub → their `value`). */
function valuesAt(resource: Json, path: AttrPath, opts: EvalOptions): unknown[] {
  const container = containerFor(resource, path.schema, opts.coreSchema);
  if (!container) return [];
  const k = getKeyCI(container, path.attr);
  const v = k ? container[k] : undefined;
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: unknown[] = [];
  for (const item of items) {
    if (path.sub) {
      if (item && typeof item === "object" && !Array.isArray(item)) {
        const sk = getKeyCI(item as Json, path.sub);
        const sv = sk ? (item as Json)[sk] : undefined;
        if (sv !== undefined && sv !== null) out.push(sv);
      }
    } else if (Array.isArray(v) && item && typeof item === "object") {
      const vk = getKeyCI(item as Json, "value");
      if (vk) out.push((item as Json)[vk]);
    } else out.push(item);
  }
  return out;
}

const present = (v: unknown) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);

function compareOne(op: CompareOp, actual: unknown, expected: CompValue, caseExact: boolean): boolean {
  if (expected === null) return op === "eq" ? actual === null : op === "ne" ? actual !== null : false;
  if (typeof expected === "boolean") {
    if (op !== "eq" && op !== "ne") throw invalidFilter(`Invalid filter: "${op}" cannot compare booleans.`);
    const a = typeof actual === "string" ? actual.toLowerCase() === "true" : actual;
    return op === "eq" ? a === expected : a !== expected;
  }
  if (typeof expected === "number") {
    if (op === "co" || op === "sw" || op === "ew") throw invalidFilter(`Invalid filter: "${op}" needs a string value.`);
    const a = typeof actual === "number" ? actual : Number(actual);
    if (Number.isNaN(a)) return op === "ne";
    return op === "eq" ? a === expected : op === "ne" ? a !== expected : op === "gt" ? a > expected : op === "ge" ? a >= expected : op === "lt" ? a < expected : a <= expected;
  }
  if (typeof actual !== "string") return op === "ne";
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case "eq": return a === e;
    case "ne": return a !== e;
    case "co": return a.includes(e);
    case "sw": return a.startsWith(e);
    case "ew": return a.endsWith(e);
    default: {
      // timestamps compare as instants, everything else lexicographically
      const da = Date.parse(actual), de = Date.parse(expected);
      const [x, y] = /^\d{4}-\d{2}-\d{2}T/.test(actual) && !Number.isNaN(da) && !Number.isNaN(de) ? [da, de] : [a, e];
      return op === "gt" ? x > y : op === "ge" ? x >= y : op === "lt" ? x < y : x <= y;
    }
  }
}

export function nameOf(path: AttrPath): string {
  return (path.sub ? `${path.attr}.${path.sub}` : path.attr).toLowerCase();
}

export function evaluateFilter(f: Filter, resource: Json, opts: EvalOptions = {}): boolean {
  switch (f.op) {
    case "and": return evaluateFilter(f.left, resource, opts) && evaluateFilter(f.right, resource, opts);
    case "or": return evaluateFilter(f.left, resource, opts) || evaluateFilter(f.right, resource, opts);
    case "not": return !evaluateFilter(f.filter, resource, opts);
    case "pr": return valuesAt(resource, f.path, opts).some(present);
    case "valuePath": {
      const container = containerFor(resource, f.path.schema, opts.coreSchema);
      const k = container ? getKeyCI(container, f.path.attr) : undefined;
      const v = k ? container![k] : undefined;
      const items = Array.isArray(v) ? v : v && typeof v === "object" ? [v] : [];
      const prefix = f.path.attr.toLowerCase();
      const inner: EvalOptions = { caseExact: (n) => opts.caseExact?.(`${prefix}.${n}`) ?? false };
      return items.some((item) => item && typeof item === "object" && evaluateFilter(f.filter, item as Json, inner));
    }
    default: {
      const caseExact = opts.caseExact?.(nameOf(f.path)) ?? false;
      const values = valuesAt(resource, f.path, opts);
      // ne on an absent attribute matches (the attribute does not equal the value)
      if (values.length === 0) return f.op === "ne" ? f.value !== null : f.op === "eq" && f.value === null;
      if (f.op === "ne") return values.every((v) => compareOne("ne", v, f.value, caseExact));
      return values.some((v) => compareOne(f.op as CompareOp, v, f.value, caseExact));
    }
  }
}
