// Helpers shared by the mapping editor's pieces: the same validation the API
// runs (so errors show before a round trip), and error details keyed by path.
import { mappingDocumentSchema, validateMappingDocument, type AttributeMapping, type MappingDocument } from "@/lib/mapping";

export type FieldError = { message: string; position?: number };
/** Errors keyed by dotted path, e.g. "attributeMappings.2.expression", "scopingFilters.0.1.value". */
export type ErrorMap = Record<string, FieldError[]>;

export type SourceAttributeOption = { name: string; type: string; description: string; engineProvided?: boolean };

export function toErrorMap(details: { path?: string; message: string; position?: unknown }[] | undefined): ErrorMap {
  const out: ErrorMap = {};
  for (const d of details ?? []) {
    const key = d.path ?? "";
    (out[key] ??= []).push({ message: d.message, ...(typeof d.position === "number" ? { position: d.position } : {}) });
  }
  return out;
}

export function validateLocally(doc: MappingDocument, knownSourceAttributes?: readonly string[]): ErrorMap {
  const shape = mappingDocumentSchema.safeParse(doc);
  if (!shape.success) return toErrorMap(shape.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  return toErrorMap(validateMappingDocument(doc, { knownSourceAttributes }).map((i) => ({ path: i.path.map(String).join("."), message: i.message, position: i.position })));
}

/** Errors under a path prefix ("attributeMappings.3" → that row's fields). */
export function errorsUnder(errors: ErrorMap, prefix: string): FieldError[] {
  return Object.entries(errors)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .flatMap(([, v]) => v);
}

/** `at` words a message with its position (the catalogue's mappings.errorAt); the default is English. */
export const errorText = (errs: FieldError[] | undefined, at: (message: string, position: number) => string = (m, p) => `${m} (at position ${p})`) =>
  errs?.length ? errs.map((e) => (e.position !== undefined ? at(e.message, e.position) : e.message)).join("; ") : undefined;

// Stable comparison (the API answers with keys in jsonb order).
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}
export const sameDoc = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** What the Source attribute column shows: Entra writes the expression, the quoted constant, or the attribute. */
export function sourceLabel(m: AttributeMapping, none = "(none)"): string {
  switch (m.type) {
    case "direct":
      return m.source ?? "";
    case "constant":
      return `"${m.constant ?? ""}"`;
    case "expression":
      return m.expression ?? "";
    case "none":
      return none;
  }
}

/** The expression the tester evaluates for a row of any type. */
export function expressionFor(m: AttributeMapping): string | null {
  if (m.type === "expression") return m.expression?.trim() ? m.expression : null;
  if (m.type === "direct") return m.source?.trim() ? `[${m.source.trim()}]` : null;
  if (m.type === "constant") return `"${(m.constant ?? "").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  return null;
}


