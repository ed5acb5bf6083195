// Entra-style flattened target paths ↔ nested SCIM JSON.
import type { FlatAttributes, ScimMember, ScimValue } from "@/lib/mapping/types";

export type ParsedPath = {
  /** extension schema URN, when the path starts with one */
  schema?: string;
  attr: string;
  /** `[type eq "work"]` selector on a multi-valued attribute */
  filter?: { attr: string; value: string };
  sub?: string;
};

const CORE = /^([A-Za-z_$][\w$-]*)(?:\[\s*([A-Za-z_$][\w$-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\])?(?:\.([A-Za-z_$][\w$-]*))?$/;

/** `urn:…:enterprise:2.0:User:manager` → schema + attr; `emails[type eq "work"].value` → attr + filter + sub. */
export function parsePath(path: string): ParsedPath {
  let schema: string | undefined;
  let rest = path;
  if (/^urn:/i.test(path)) {
    // the attribute is what follows the last ':' (attribute names contain no colons)
    const i = path.lastIndexOf(":");
    schema = path.slice(0, i);
    rest = path.slice(i + 1);
  }
  const m = CORE.exec(rest);
  if (!m) throw new Error(`Unsupported SCIM attribute path: ${JSON.stringify(path)}`);
  return {
    schema,
    attr: m[1]!,
    filter: m[2] ? { attr: m[2], value: JSON.parse(`"${m[3]}"`) as string } : undefined,
    sub: m[4],
  };
}

type Json = Record<string, unknown>;

const ieq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function getKey(obj: Json, key: string): string | undefined {
  return Object.keys(obj).find((k) => ieq(k, key));
}

/** Attributes whose single value is a reference object `{value}` in SCIM. */
const REFERENCE_ATTRS = new Set(["manager"]);

export type ToResourceOptions = {
  /** members get `type: "user"` (GoTo) */
  memberType?: boolean;
  /** drop the attribute `active` (target has none) */
  dropActive?: boolean;
  activeAsString?: boolean;
  /** include `schemas` */
  sendSchemas?: boolean;
};

export function encodeActive(v: boolean, asString: boolean | undefined): boolean | string {
  return asString ? (v ? "True" : "False") : v;
}

/**
 * Build a nested POST/PUT body from flattened target paths. Null and empty values
 * are left out (absent = no value on create).
 */
export function toScimResource(flat: FlatAttributes, schemas: readonly string[], opts: ToResourceOptions = {}): Json {
  const body: Json = {};
  const usedSchemas = new Set(schemas);
  for (const key of Object.keys(flat).sort()) {
    const value = flat[key];
    if (value === null || value === undefined || value === "") continue;
    const p = parsePath(key);
    if (p.attr === "active" && !p.schema) {
      if (opts.dropActive) continue;
      body.active = encodeActive(value === true || value === "true" || value === "True", opts.activeAsString);
      continue;
    }
    let container = body;
    if (p.schema) {
      usedSchemas.add(p.schema);
      container = (body[p.schema] as Json | undefined) ?? (body[p.schema] = {}) as Json;
    }
    setIn(container, p, value, opts);
  }
  if (opts.sendSchemas !== false) return { schemas: [...usedSchemas], ...body };
  return body;
}

function toMembers(value: ScimValue, memberType?: boolean): Json[] {
  const list: ScimMember[] = Array.isArray(value)
    ? (value as Array<string | ScimMember>).map((m) => (typeof m === "string" ? { value: m } : m))
    : [{ value: String(value) }];
  return list.map((m) => (memberType ? { type: "user", value: m.value } : { value: m.value, ...(m.display ? { display: m.display } : {}) }));
}

function setIn(container: Json, p: ParsedPath, value: ScimValue, opts: ToResourceOptions): void {
  if (p.attr === "members" && !p.filter && !p.sub) {
    container.members = toMembers(value, opts.memberType);
    return;
  }
  if (p.filter) {
    const arr = (container[p.attr] as Json[] | undefined) ?? (container[p.attr] = []) as Json[];
    let el = arr.find((e) => typeof e[p.filter!.attr] === "string" && ieq(e[p.filter!.attr] as string, p.filter!.value));
    if (!el) {
      el = { [p.filter.attr]: p.filter.value };
      // the first work email/phone is the primary one, as Entra sends it
      if (arr.length === 0 && (p.attr === "emails" || p.attr === "phoneNumbers") && ieq(p.filter.value, "work")) el.primary = true;
      arr.push(el);
    }
    el[p.sub ?? "value"] = value;
    return;
  }
  if (p.sub) {
    const obj = (container[p.attr] as Json | undefined) ?? (container[p.attr] = {}) as Json;
    obj[p.sub] = value;
    return;
  }
  container[p.attr] = REFERENCE_ATTRS.has(p.attr) && p.schema ? { value } : value;
}

/** Read the current values of the given paths from a SCIM resource (the reverse of toScimResource). */
export function flattenScimResource(resource: Json, paths: readonly string[]): FlatAttributes {
  const out: FlatAttributes = {};
  for (const path of paths) out[path] = readPath(resource, path);
  return out;
}

function readPath(resource: Json, path: string): ScimValue {
  const p = parsePath(path);
  let container: Json | undefined = resource;
  if (p.schema) {
    const k = getKey(resource, p.schema);
    container = k ? (resource[k] as Json | undefined) : undefined;
  }
  if (!container || typeof container !== "object") return null;
  const k = getKey(container, p.attr);
  const raw = k ? container[k] : undefined;
  if (raw === undefined || raw === null) return null;
  if (p.attr === "members" && !p.filter && !p.sub && Array.isArray(raw)) {
    return (raw as Json[]).map((m) => ({ value: String(m.value) }));
  }
  if (p.filter) {
    if (!Array.isArray(raw)) return null;
    const el = (raw as Json[]).find((e) => {
      const fk = getKey(e, p.filter!.attr);
      return fk !== undefined && typeof e[fk] === "string" && ieq(e[fk] as string, p.filter!.value);
    });
    if (!el) return null;
    const sk = getKey(el, p.sub ?? "value");
    return sk ? scalar(el[sk]) : null;
  }
  if (p.sub) {
    if (typeof raw !== "object") return null;
    const sk = getKey(raw as Json, p.sub);
    return sk ? scalar((raw as Json)[sk]) : null;
  }
  if (p.attr === "active" && typeof raw === "string") return raw.toLowerCase() === "true";
  if (REFERENCE_ATTRS.has(p.attr) && typeof raw === "object" && !Array.isArray(raw)) return scalar((raw as Json).value);
  if (Array.isArray(raw)) return raw.every((x) => typeof x === "string") ? (raw as string[]) : null;
  return scalar(raw);
}

function scalar(v: unknown): ScimValue {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return null;
}
