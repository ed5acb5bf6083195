// Schema checks of a plan: every payload against what the target declares (its /Schemas,
// or the connector's documented attributes where the target publishes none), plus
// uniqueness inside the plan. Pure: the caller reads the declarations, these functions judge.
import type { AttributeMapping, FlatAttributes, ScimValue, TargetAttribute } from "../../mapping";

export const FINDING_CODES = ["required_missing", "wrong_type", "not_canonical", "read_only", "too_long", "unknown_attribute", "unique_clash"] as const;
export type FindingCode = (typeof FINDING_CODES)[number];
export type Finding = { code: FindingCode; attribute: string; /** the mapping producing the value (its source), null when none maps it */ mapping: string | null; message: string };

export type DeclaredAttribute = {
  path: string;
  type?: "string" | "boolean" | "integer" | "decimal" | "dateTime" | "reference" | "complex" | "binary";
  required?: boolean;
  multiValued?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  uniqueness?: "none" | "server" | "global";
  canonicalValues?: string[];
  caseExact?: boolean;
  maxLength?: number;
};

/** What the checks know about one resource type; `closed`: attributes not declared are rejected by the target. */
export type Declared = { attributes: DeclaredAttribute[]; closed: boolean };

const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user";
const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:group";

/** `emails[type eq "work"].value` → `emails.value`; core schema prefixes dropped; case-insensitive as SCIM is. */
export function normalizePath(path: string): string {
  let p = path.replace(/\[[^\]]*\]/g, "").toLowerCase();
  for (const core of [CORE_USER, CORE_GROUP]) if (p.startsWith(`${core}:`)) p = p.slice(core.length + 1);
  return p;
}

export function fromTargetAttributes(attrs: TargetAttribute[], closed = false): Declared {
  return { closed, attributes: attrs.map((a) => ({ path: a.name, type: a.type, required: a.required, multiValued: a.multiValued })) };
}

type RawAttribute = {
  name?: unknown; type?: unknown; required?: unknown; multiValued?: unknown; mutability?: unknown; uniqueness?: unknown;
  canonicalValues?: unknown; caseExact?: unknown; maxLength?: unknown; subAttributes?: unknown;
};

/** RFC 7643 §7 schema resources (the /Schemas list) → the declarations of one resource's schemas. */
export function fromScimSchemas(resources: unknown[], schemaIds: string[]): Declared {
  const wanted = new Set(schemaIds.map((s) => s.toLowerCase()));
  const out: DeclaredAttribute[] = [];
  const visit = (prefix: string, raw: unknown) => {
    if (!Array.isArray(raw)) return;
    for (const a of raw as RawAttribute[]) {
      if (typeof a?.name !== "string") continue;
      const path = `${prefix}${a.name}`;
      out.push({
        path,
        type: typeof a.type === "string" ? (a.type as DeclaredAttribute["type"]) : undefined,
        required: a.required === true,
        multiValued: a.multiValued === true,
        mutability: typeof a.mutability === "string" ? (a.mutability as DeclaredAttribute["mutability"]) : undefined,
        uniqueness: typeof a.uniqueness === "string" ? (a.uniqueness as DeclaredAttribute["uniqueness"]) : undefined,
        canonicalValues: Array.isArray(a.canonicalValues) ? a.canonicalValues.map(String) : undefined,
        caseExact: a.caseExact === true,
        maxLength: typeof a.maxLength === "number" ? a.maxLength : undefined,
      });
      visit(`${path}.`, a.subAttributes);
    }
  };
  for (const r of resources as { id?: unknown; attributes?: unknown }[]) {
    const id = typeof r?.id === "string" ? r.id : "";
    if (!wanted.has(id.toLowerCase())) continue;
    const core = id.toLowerCase() === CORE_USER || id.toLowerCase() === CORE_GROUP;
    visit(core ? "" : `${id}:`, r.attributes);
  }
  return { attributes: out, closed: out.length > 0 };
}

/** Which mapping produces a target attribute, in the words of the mapping editor. */
export function mappingOf(mappings: AttributeMapping[], attribute: string): string | null {
  const n = normalizePath(attribute);
  const m = mappings.find((x) => x.type !== "none" && (x.target === attribute || normalizePath(x.target) === n));
  if (!m) return null;
  const from = m.type === "direct" ? m.source : m.type === "constant" ? `"${m.constant ?? ""}"` : m.expression;
  return `${from ?? ""} → ${m.target}`;
}

const present = (v: ScimValue | undefined) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);

function typeProblem(d: DeclaredAttribute, v: ScimValue): string | null {
  if (Array.isArray(v) && d.multiValued === false && d.type !== "complex") return "a list of values, but the attribute holds one value";
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined || one === null || typeof one === "object") return null;
  switch (d.type) {
    case "boolean":
      return typeof one === "boolean" || /^(true|false)$/i.test(String(one)) ? null : `"${String(one)}", not true or false`;
    case "integer":
      return /^-?\d+$/.test(String(one)) ? null : `"${String(one)}", not a whole number`;
    case "decimal":
      return /^-?\d+(\.\d+)?$/.test(String(one)) ? null : `"${String(one)}", not a number`;
    case "dateTime":
      return typeof one === "string" && /^\d{4}-\d{2}-\d{2}T/.test(one) && !Number.isNaN(Date.parse(one)) ? null : `"${String(one)}", not an ISO 8601 date and time`;
    default:
      return null;
  }
}

/**
 * One object's payload. `create`: every attribute sent, and the required ones must be there;
 * otherwise only `changed` attributes are sent (and checked).
 */
export function checkPayload(payload: FlatAttributes, opts: { create: boolean; changed: string[]; declared: Declared; mappings: AttributeMapping[] }): Finding[] {
  const byPath = new Map(opts.declared.attributes.map((d) => [normalizePath(d.path), d]));
  const findings: Finding[] = [];
  const add = (code: FindingCode, attribute: string, message: string) => findings.push({ code, attribute, mapping: mappingOf(opts.mappings, attribute), message });
  const keys = opts.create ? Object.keys(payload).filter((k) => present(payload[k])) : opts.changed;
  const sentPaths = new Set(keys.map(normalizePath));

  if (opts.create) {
    for (const d of opts.declared.attributes) {
      const n = normalizePath(d.path);
      if (!d.required || d.mutability === "readOnly" || n === "id") continue;
      // A required sub-attribute (emails.value) is required only when its parent is sent.
      const parent = n.includes(".") ? n.slice(0, n.lastIndexOf(".")) : null;
      if (parent && !sentPaths.has(parent) && !hasChildren(sentPaths, parent)) continue;
      if (!sentPaths.has(n) && !hasChildren(sentPaths, n)) {
        add("required_missing", d.path, `The target requires ${d.path}, but no mapping gives it a value for this object.`);
      }
    }
  }
  for (const k of keys) {
    const v = payload[k];
    const d = byPath.get(normalizePath(k));
    if (!d) {
      if (opts.declared.closed && present(v)) add("unknown_attribute", k, `The target does not declare ${k}; it will ignore or reject the value.`);
      continue;
    }
    if (d.mutability === "readOnly") add("read_only", k, `${k} is read-only in the target; sending it is rejected or ignored.`);
    if (!present(v)) continue;
    const t = typeProblem(d, v!);
    if (t) add("wrong_type", k, `${k} is declared as ${d.multiValued ? "multi-valued " : ""}${d.type ?? "string"}, but the value is ${t}.`);
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string | number | boolean => x !== null && typeof x !== "object");
    if (d.canonicalValues?.length) {
      const allowed = d.caseExact ? d.canonicalValues : d.canonicalValues.map((c) => c.toLowerCase());
      for (const x of values) {
        const s = d.caseExact ? String(x) : String(x).toLowerCase();
        if (!allowed.includes(s)) add("not_canonical", k, `"${String(x)}" is not one of the values the target accepts for ${k} (${d.canonicalValues.join(", ")}).`);
      }
    }
    if (d.maxLength !== undefined) {
      for (const x of values) if (String(x).length > d.maxLength) add("too_long", k, `${k} is ${String(x).length} characters; the target accepts at most ${d.maxLength}.`);
    }
  }
  return findings;
}

const hasChildren = (sent: Set<string>, parent: string) => [...sent].some((s) => s.startsWith(`${parent}.`));

export type UniquenessInput = { key: string; identity: string | null; payload: FlatAttributes | null };

/**
 * Two objects of the plan that would hold the same value of a unique attribute (userName always
 * for users; whatever the target declares unique): every one of them gets a finding naming the others.
 */
export function checkUniqueness(items: UniquenessInput[], uniqueAttributes: string[], mappings: AttributeMapping[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const attribute of uniqueAttributes) {
    const n = normalizePath(attribute);
    const holders = new Map<string, UniquenessInput[]>();
    for (const it of items) {
      if (!it.payload) continue;
      const entry = Object.entries(it.payload).find(([k]) => normalizePath(k) === n);
      const v = entry?.[1];
      if (!present(v) || typeof v === "object") continue;
      const value = String(v).toLowerCase();
      holders.set(value, [...(holders.get(value) ?? []), it]);
    }
    for (const [value, list] of holders) {
      if (list.length < 2) continue;
      for (const it of list) {
        const others = list.filter((o) => o !== it).map((o) => o.identity ?? o.key);
        const f: Finding = {
          code: "unique_clash", attribute, mapping: mappingOf(mappings, attribute),
          message: `${attribute} "${value}" would also be given to ${others.join(", ")}; the target keeps it unique, so only one of them can have it.`,
        };
        out.set(it.key, [...(out.get(it.key) ?? []), f]);
      }
    }
  }
  return out;
}
