// App instances (Enterprise applications): create from a gallery template, read,
// list, rename, delete. Creating an app also creates its SyncState row and its two
// mappings, "Provision Directory Users" / "Provision Directory Groups", from the
// template's defaults (actions create/update/delete all on, as in Entra).
import type { z } from "zod";
import { decodeCursor, encodeCursor } from "../api/cursor";
import type { Actor } from "../auth/roles";
import { getTemplate, getTemplateOrThrow, listTemplates, type ConnectorTemplate } from "../connectors";
import { db, type Prisma } from "../db";
import type { App } from "../db/generated/client";
import { escapeLike } from "../db/like";
import { AppError, localized, notFound } from "../errors";
import { parseInput } from "../directory/validate";
import { writeAudit } from "../logs/audit";
import { markNextCycleInitial } from "../sync/state";
import { provisioningChanged } from "./events";
import { createAppSchema, updateAppSchema, type AppListFilter, type AppView, type MappingSummary } from "./schemas";

export const USER_MAPPING_NAME = "Provision Directory Users";
export const GROUP_MAPPING_NAME = "Provision Directory Groups";

/** The template of an app; an app whose template left the gallery still has a usable name. */
export function templateOf(app: Pick<App, "templateId">): ConnectorTemplate {
  return getTemplateOrThrow(app.templateId);
}

export function toAppView(a: App): AppView {
  const t = getTemplate(a.templateId);
  return {
    id: a.id,
    templateId: a.templateId,
    templateName: t?.name ?? a.templateId,
    publisher: t?.publisher ?? "",
    logo: t?.logo ?? "",
    displayName: a.displayName,
    mode: a.mode === "automatic" ? "automatic" : "manual",
    status: a.status === "on" ? "on" : "off",
    lastTestOk: a.lastTestOk,
    lastTestAt: a.lastTestAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function createApp(actor: Actor, input: z.input<typeof createAppSchema>, opts: { ip?: string } = {}): Promise<AppView> {
  const v = parseInput(createAppSchema, input);
  const t = getTemplate(v.templateId);
  if (!t) throw localized(new AppError("validation_failed", `templateId: there is no "${v.templateId}" in the gallery.`, [{ path: "templateId", message: "unknown template" }]), "templateUnknown", { templateId: v.templateId });
  const displayName = v.displayName ?? t.name;
  const app = await db.$transaction(async (tx) => {
    const created = await tx.app.create({ data: { templateId: t.id, displayName } });
    await markNextCycleInitial(tx, created.id);
    const user = t.mappings.user;
    const group = t.mappings.group;
    await tx.appMapping.createMany({
      data: [
        {
          appId: created.id, sourceObject: "user", targetObject: user.targetObject, name: USER_MAPPING_NAME, enabled: user.enabled,
          actions: json({ create: true, update: true, delete: true }), scopingFilters: json(user.scopingFilters),
          attributeMappings: json(user.attributeMappings), targetAttributes: json(user.targetAttributes.length ? user.targetAttributes : t.targetAttributes.user),
        },
        {
          // A template without group provisioning still gets the row (disabled), so every app has both mappings.
          appId: created.id, sourceObject: "group", targetObject: group?.targetObject ?? "Group", name: GROUP_MAPPING_NAME, enabled: group?.enabled ?? false,
          actions: json({ create: true, update: true, delete: true }), scopingFilters: json(group?.scopingFilters ?? []),
          attributeMappings: json(group?.attributeMappings ?? []), targetAttributes: json(group?.targetAttributes.length ? group.targetAttributes : t.targetAttributes.group),
        },
      ],
    });
    await writeAudit(actor, { action: "app.create", targetType: "app", targetId: created.id, targetName: displayName, after: { templateId: t.id, displayName } }, tx, opts.ip);
    return created;
  });
  await provisioningChanged(app.id, "created");
  return toAppView(app);
}

export async function getApp(id: string): Promise<App | null> {
  return db.app.findUnique({ where: { id } });
}

export async function getAppOrThrow(id: string): Promise<App> {
  const app = await getApp(id);
  if (!app) throw notFound("The application");
  return app;
}

export async function getAppView(id: string): Promise<AppView> {
  return toAppView(await getAppOrThrow(id));
}

export type ListAppsQuery = { q?: string; provisioning?: AppListFilter; limit?: number; cursor?: string | null };

/** Sorted by name then id, keyset-paged; q matches the name (contains, case-insensitive) or the template name. */
export async function listApps(query: ListAppsQuery = {}): Promise<{ items: AppView[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor ?? undefined);
  const q = query.q?.trim();
  const templateIds = q ? templatesMatching(q) : [];
  const where: Prisma.AppWhereInput = {
    AND: [
      q ? { OR: [{ displayName: { contains: escapeLike(q), mode: "insensitive" } }, ...(templateIds.length ? [{ templateId: { in: templateIds } }] : []), { id: q }] } : {},
      query.provisioning === "on" ? { status: "on" } : query.provisioning === "off" ? { status: "off" } : query.provisioning ? { mode: query.provisioning } : {},
      after && typeof after[0] === "string" && typeof after[1] === "string"
        ? { OR: [{ displayName: { gt: after[0] } }, { displayName: after[0], id: { gt: after[1] } }] }
        : {},
    ],
  };
  const rows = await db.app.findMany({ where, orderBy: [{ displayName: "asc" }, { id: "asc" }], take: limit + 1 });
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(toAppView), nextCursor: hasMore && last ? encodeCursor([last.displayName, last.id]) : null };
}

function templatesMatching(q: string): string[] {
  const needle = q.toLowerCase();
  return listTemplates()
    .filter((t) => t.name.toLowerCase().includes(needle))
    .map((t) => t.id);
}

export async function updateApp(actor: Actor, id: string, input: z.input<typeof updateAppSchema>, opts: { ip?: string } = {}): Promise<AppView> {
  const v = parseInput(updateAppSchema, input);
  return db.$transaction(async (tx) => {
    const before = await tx.app.findUnique({ where: { id } });
    if (!before) throw notFound("The application");
    if (v.displayName === undefined || v.displayName === before.displayName) return toAppView(before);
    const after = await tx.app.update({ where: { id }, data: { displayName: v.displayName } });
    await writeAudit(actor, { action: "app.update", targetType: "app", targetId: id, targetName: after.displayName, before: { displayName: before.displayName }, after: { displayName: after.displayName } }, tx, opts.ip);
    return toAppView(after);
  });
}

/** Deletes the app with its assignments, mappings and sync state (cascade). Nothing is removed from the target app. */
export async function deleteApp(actor: Actor, id: string, opts: { ip?: string } = {}): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.app.findUnique({ where: { id } });
    if (!before) throw notFound("The application");
    await tx.app.delete({ where: { id } });
    await writeAudit(actor, { action: "app.delete", targetType: "app", targetId: id, targetName: before.displayName, before: { templateId: before.templateId, displayName: before.displayName, status: before.status } }, tx, opts.ip);
  });
  await provisioningChanged(id, "deleted");
}

/** The two mappings' ids and names, for the Provisioning blade's Mappings links. */
export async function listMappingSummaries(appId: string): Promise<MappingSummary[]> {
  const rows = await db.appMapping.findMany({ where: { appId }, select: { id: true, name: true, sourceObject: true, targetObject: true, enabled: true } });
  // Users first, as Entra lists them.
  return rows.sort((a, b) => (a.sourceObject === b.sourceObject ? 0 : a.sourceObject === "user" ? -1 : 1));
}
