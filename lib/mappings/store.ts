// The mapping model of one app: "Provision Directory Users" / "Provision Directory
// Groups" (one AppMapping row per app and source object). Reads return the API
// document shape (lib/mapping's MappingDocument); writes validate with the same
// zod schema + validateMappingDocument the editor uses, mark the next cycle as
// initial (as Entra does after a mapping or scope change) and are audited.
import { provisioningChanged } from "../apps/events";
import type { Actor } from "../auth/roles";
import { getTemplate } from "../connectors";
import { db, Prisma, type Tx } from "../db";
import type { AppMapping } from "../db/generated/client";
import { AppError, firstOfKeys, issueKey, localized, notFound, type ErrorDetail } from "../errors";
import { fieldMessageKey } from "../i18n/field-messages";
import { markNextCycleInitial } from "../sync/state";
import { writeAudit } from "../logs/audit";
import { mappingDocumentBodySchema, validateMappingDocument, type MappingDocument, type MappingIssue } from "../mapping";
import { knownSourceAttributes } from "./source-attributes";

export type SourceObjectKind = "user" | "group";

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function toMappingDocument(row: AppMapping): MappingDocument {
  const a = (row.actions ?? {}) as Partial<MappingDocument["actions"]>;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    sourceObject: row.sourceObject === "group" ? "group" : "user",
    targetObject: row.targetObject,
    actions: { create: a.create ?? true, update: a.update ?? true, delete: a.delete ?? true },
    scopingFilters: asArray(row.scopingFilters),
    attributeMappings: asArray(row.attributeMappings),
    targetAttributes: asArray(row.targetAttributes),
  };
}

async function appOrThrow(appId: string, tx: Tx = db) {
  const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true, displayName: true, templateId: true } });
  if (!app) throw notFound("The application");
  return app;
}

/** The app a mapping page belongs to (name for breadcrumbs), or 404. */
export const getMappingApp = (appId: string) => appOrThrow(appId);

/** Users mapping first, then groups (the order of Entra's Mappings list). */
export async function getMappings(appId: string): Promise<MappingDocument[]> {
  await appOrThrow(appId);
  const rows = await db.appMapping.findMany({ where: { appId } });
  const rank = (r: AppMapping) => (r.sourceObject === "user" ? 0 : 1);
  return rows.sort((x, y) => rank(x) - rank(y)).map(toMappingDocument);
}

export async function getMappingOrThrow(appId: string, mappingId: string): Promise<MappingDocument> {
  const row = await db.appMapping.findFirst({ where: { id: mappingId, appId } });
  if (!row) {
    await appOrThrow(appId); // say which one is missing
    throw notFound("The mapping");
  }
  return toMappingDocument(row);
}

/** What the sync engine reads: the mapping of one source object kind. */
export async function getMappingFor(appId: string, sourceObject: SourceObjectKind): Promise<MappingDocument> {
  const row = await db.appMapping.findUnique({ where: { appId_sourceObject: { appId, sourceObject } } });
  if (!row) {
    await appOrThrow(appId);
    throw notFound(`The ${sourceObject} mapping`);
  }
  return toMappingDocument(row);
}

const dotted = (path: readonly (string | number)[]) => path.map(String).join(".");

/** validateMappingDocument issues → the API's error details (dotted paths, positions kept). */
export function issuesToDetails(issues: MappingIssue[]): ErrorDetail[] {
  return issues.map((i) => ({ path: dotted(i.path), message: i.message, ...(i.position !== undefined ? { position: i.position } : {}) }));
}

function invalid(details: ErrorDetail[]): AppError {
  const first = details[0];
  const msg = first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : "The mapping is not valid.";
  const err = new AppError("validation_failed", details.length > 1 ? `${msg} (and ${details.length - 1} more)` : msg, details);
  if (first) err.i18n = firstOfKeys(issueKey(first.path, first.message, fieldMessageKey), details.length);
  return err;
}

/**
 * Parses and checks a PUT body against the stored mapping. Throws 400 with
 * details pointing at the field (expression errors carry their position).
 */
export async function parseMappingDocument(current: MappingDocument, input: unknown): Promise<MappingDocument> {
  const parsed = mappingDocumentBodySchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({
        path: dotted(i.path as (string | number)[]),
        message: i.code === "unrecognized_keys" ? `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` : i.message,
      })),
    );
  }
  const body = parsed.data;
  const fixed: ErrorDetail[] = [];
  if (body.id !== undefined && body.id !== current.id) fixed.push({ path: "id", message: "does not match the mapping in the URL" });
  // The row is keyed by (app, sourceObject): a users mapping cannot become a groups mapping.
  if (body.sourceObject !== current.sourceObject) fixed.push({ path: "sourceObject", message: `cannot be changed (this mapping provisions ${current.sourceObject}s)` });
  if (fixed.length) throw invalid(fixed);

  const doc: MappingDocument = { ...body, id: current.id };
  const issues = validateMappingDocument(doc, { knownSourceAttributes: await knownSourceAttributes(doc.sourceObject) });
  if (issues.length) throw invalid(issuesToDetails(issues));
  return doc;
}

const jsonOf = (v: unknown) => v as Prisma.InputJsonValue;

/** Writes a validated mapping document inside the caller's transaction (lib/configuration applies several at once). */
export async function writeMappingDocument(tx: Tx, doc: MappingDocument) {
  await tx.appMapping.update({
    where: { id: doc.id },
    data: {
      name: doc.name,
      targetObject: doc.targetObject,
      enabled: doc.enabled,
      actions: jsonOf(doc.actions),
      scopingFilters: jsonOf(doc.scopingFilters),
      attributeMappings: jsonOf(doc.attributeMappings),
      targetAttributes: jsonOf(doc.targetAttributes),
    },
  });
}

// jsonb reorders object keys, so compare with keys sorted (undefined dropped, as JSON does).
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}
const same = (a: MappingDocument, b: MappingDocument) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

async function commit(actor: Actor, appId: string, before: MappingDocument, after: MappingDocument, action: string, ip?: string) {
  const app = await appOrThrow(appId);
  await db.$transaction(async (tx) => {
    await writeMappingDocument(tx, after);
    await markNextCycleInitial(tx, appId);
    await writeAudit(actor, { action, targetType: "app_mapping", targetId: after.id, targetName: `${app.displayName}: ${after.name}`, before, after }, tx, ip);
  });
  // The scheduler re-reads the app (the next cycle is initial now).
  await provisioningChanged(appId, "settings");
}

/**
 * Saves a mapping document (the PUT body). Unchanged documents are not written:
 * no audit entry and no forced initial cycle for a no-op save.
 */
export async function saveMapping(actor: Actor, appId: string, mappingId: string, input: unknown, opts: { ip?: string } = {}): Promise<MappingDocument> {
  const before = await getMappingOrThrow(appId, mappingId);
  const after = await parseMappingDocument(before, input);
  if (same(before, after)) return before;
  await commit(actor, appId, before, after, "mapping.update", opts.ip);
  return getMappingOrThrow(appId, mappingId);
}

/** The template's default mapping for this source object (attribute mappings, target attributes, scope, actions). */
export async function defaultMappingFor(appId: string, sourceObject: SourceObjectKind) {
  const app = await appOrThrow(appId);
  const template = getTemplate(app.templateId);
  const defaults = template?.mappings[sourceObject];
  if (!template || !defaults) {
    throw localized(new AppError("unprocessable", `The ${template?.name ?? app.templateId} template has no default ${sourceObject} mapping to restore.`), "noDefaultMapping", { template: template?.name ?? app.templateId, object: sourceObject });
  }
  return { ...defaults, targetAttributes: defaults.targetAttributes.length ? defaults.targetAttributes : template.targetAttributes[sourceObject] };
}

/** "Restore default mappings": the template's mapping replaces this one (keeping its id, name and source object). */
export async function restoreDefaultMappings(actor: Actor, appId: string, mappingId: string, opts: { ip?: string } = {}): Promise<MappingDocument> {
  const before = await getMappingOrThrow(appId, mappingId);
  const d = await defaultMappingFor(appId, before.sourceObject);
  const after: MappingDocument = {
    id: before.id,
    name: before.name,
    enabled: d.enabled,
    sourceObject: before.sourceObject,
    targetObject: d.targetObject,
    actions: { ...d.actions },
    scopingFilters: structuredClone(d.scopingFilters),
    attributeMappings: structuredClone(d.attributeMappings),
    targetAttributes: structuredClone(d.targetAttributes),
  };
  if (same(before, after)) return before;
  await commit(actor, appId, before, after, "mapping.restore_defaults", opts.ip);
  return getMappingOrThrow(appId, mappingId);
}
