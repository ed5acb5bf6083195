// Pure decisions about configuration documents: the checks zod cannot express
// (expressions parse, matching precedences, Entra's rules across settings, the
// template), and the differences between two documents. No I/O.
import { provisioningRuleIssues } from "../apps/schemas";
import { validateMappingDocument, type MappingDocument } from "../mapping";
import type { ConfigurationChange, ConfigurationDocument, ConfigurationIssue } from "./schema";

export type SemanticContext = {
  /** the template of the app the document is applied to */
  templateId: string;
  templateName: string;
  /** provisioning status stays as it is: Status On needs Automatic mode */
  status: "on" | "off";
  knownSourceAttributes: { user: readonly string[]; group: readonly string[] };
};

/** The document's mapping in the engine's shape (id and source object come from the app's row). */
export const asMappingDocument = (doc: ConfigurationDocument, kind: "user" | "group", id: string): MappingDocument => ({
  id,
  sourceObject: kind,
  ...doc.mappings[kind],
});

/** Every semantic problem of a schema-valid document, each with its JSON path; [] when it can be applied. */
export function semanticIssues(doc: ConfigurationDocument, ctx: SemanticContext): ConfigurationIssue[] {
  const issues: ConfigurationIssue[] = [];
  if (doc.templateId !== ctx.templateId) {
    issues.push({ path: "templateId", message: `This document is for "${doc.templateId}" apps; this app is a ${ctx.templateName} app ("${ctx.templateId}"). Export the configuration of a ${ctx.templateName} app instead.` });
  }
  for (const i of provisioningRuleIssues({ ...doc.provisioning, status: ctx.status })) {
    issues.push({ path: `provisioning.${i.path}`, message: i.path === "mode" ? "Provisioning is On for this app, so mode must be automatic (turn Provisioning Status Off first to switch to manual)." : i.message });
  }
  for (const kind of ["user", "group"] as const) {
    for (const i of validateMappingDocument(asMappingDocument(doc, kind, "-"), { knownSourceAttributes: ctx.knownSourceAttributes[kind] })) {
      issues.push({ path: ["mappings", kind, ...i.path].map(String).join("."), message: i.message, ...(i.position !== undefined ? { position: i.position } : {}) });
    }
  }
  return issues;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * The leaf-level differences from `current` to `next`, in document order. Objects compare by key
 * (a missing key and undefined are the same), arrays by position (an added or removed tail
 * element is one change with before or after undefined).
 */
export function diffConfigurations(current: unknown, next: unknown, path: string[] = []): ConfigurationChange[] {
  if (isObject(current) && isObject(next)) {
    const keys = [...Object.keys(current), ...Object.keys(next).filter((k) => !(k in current))];
    return keys.flatMap((k) => diffConfigurations(current[k], next[k], [...path, k]));
  }
  if (Array.isArray(current) && Array.isArray(next)) {
    const n = Math.max(current.length, next.length);
    return Array.from({ length: n }, (_, i) => diffConfigurations(current[i], next[i], [...path, String(i)])).flat();
  }
  // null and undefined differ in JSON only in whether the key is written: the same configuration.
  if ((current ?? null) === (next ?? null)) return [];
  return [{ path: path.join("."), before: current ?? null, after: next ?? null }];
}
