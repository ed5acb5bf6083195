// Loads what one app's writes need: the app, its template, a SCIM client from the
// saved credentials and both mapping documents. The client reports each request
// into the AsyncLocalStorage of the object being written, so a log entry can show
// the SCIM exchange of exactly that object even when objects are written concurrently,
// and records the object's write intent before its first write (intents.ts).
import { buildAppClient } from "../apps/credentials";
import { templateOf } from "../apps/apps";
import { db } from "../db";
import { notFound } from "../errors";
import { recordTargetRequest } from "../metrics/record";
import type { MappingDocument } from "../mapping";
import { objectScope, recordIntent } from "./intents";
import type { AppContext } from "./types";

export type { ExchangeLine } from "./intents";

type MappingRow = {
  id: string; name: string; enabled: boolean; sourceObject: string; targetObject: string;
  actions: unknown; scopingFilters: unknown; attributeMappings: unknown; targetAttributes: unknown;
};

export function toMappingDocument(r: MappingRow): MappingDocument {
  return {
    id: r.id, name: r.name, enabled: r.enabled, sourceObject: r.sourceObject as "user" | "group", targetObject: r.targetObject,
    actions: r.actions as MappingDocument["actions"], scopingFilters: r.scopingFilters as MappingDocument["scopingFilters"],
    attributeMappings: r.attributeMappings as MappingDocument["attributeMappings"], targetAttributes: r.targetAttributes as MappingDocument["targetAttributes"],
  };
}

const disabledMapping = (sourceObject: "user" | "group"): MappingDocument => ({
  id: "", name: "", enabled: false, sourceObject, targetObject: sourceObject === "user" ? "User" : "Group",
  actions: { create: false, update: false, delete: false }, scopingFilters: [], attributeMappings: [], targetAttributes: [],
});

export async function loadAppContext(appId: string, opts: { cycleId: string | null; dryRun?: boolean; stageDeletions?: boolean }): Promise<AppContext> {
  const app = await db.app.findUnique({ where: { id: appId } });
  if (!app) throw notFound("The application");
  const rows = await db.appMapping.findMany({ where: { appId } });
  const client = await buildAppClient(appId, {
    dryRun: opts.dryRun,
    onRequest: (e) => {
      objectScope.getStore()?.lines.push({ method: e.method, url: e.url, status: e.status, durationMs: e.durationMs, errorCode: e.errorCode, dryRun: e.dryRun });
      if (!e.dryRun) recordTargetRequest(appId, e);
    },
    beforeWrite: opts.dryRun ? undefined : recordIntent,
    // Writes of the objects a page writes side by side share POST /Bulk requests where the target
    // advertises bulk; each object still gets its own answer (and its intent before the request).
    bulk: !opts.dryRun,
  });
  const find = (k: "user" | "group") => rows.find((r) => r.sourceObject === k);
  const u = find("user"), g = find("group");
  return {
    app,
    template: templateOf(app),
    client,
    users: u ? toMappingDocument(u) : disabledMapping("user"),
    groups: g ? toMappingDocument(g) : disabledMapping("group"),
    cycleId: opts.cycleId,
    stageDeletions: opts.stageDeletions ?? app.preventAccidentalDeletion,
  };
}
