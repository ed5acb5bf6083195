// Preview commands and reads: start one (a background job), read it with its counts,
// page through its items, export it, and apply it when its inputs still hold.
import { updateProvisioning } from "../../apps/provisioning";
import type { Actor } from "../../auth/roles";
import { db, Prisma } from "../../db";
import { AppError, joinedKeys, localized, notFound } from "../../errors";
import { enqueuePreview, enqueueSync } from "../../jobs/enqueue";
import { markNextCycleInitial, requestCycleNow } from "../state";
import type { Locale } from "../../i18n/locales";
import { writeAudit } from "../../logs/audit";
import { renderText } from "../../logs/text";
import { changesSince, currentInputs } from "./inputs";
import { emptyPlanCounts, type PlanAction } from "./plan";
import type { Finding } from "./schema-checks";

async function appOrThrow(appId: string) {
  const app = await db.app.findUnique({ where: { id: appId } });
  if (!app) throw notFound("The application");
  return app;
}

export type PreviewView = {
  id: string; appId: string; status: string; requestedBy: string; changesOnly: boolean; processed: number; total: number;
  counts: Record<PlanAction, number>; findings: Record<string, number>;
  inputs: { mappingHash: string; watermark: string; targetReadAt: string | null; schemaSource: string | null };
  error: string | null; createdAt: string; startedAt: string | null; finishedAt: string | null; appliedAt: string | null; appliedBy: string | null;
};

type Row = NonNullable<Awaited<ReturnType<typeof db.syncPreview.findUnique>>>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(p: Row): PreviewView {
  return {
    id: p.id, appId: p.appId, status: p.status, requestedBy: p.requestedBy, changesOnly: p.changesOnly, processed: p.processed, total: p.total,
    counts: { ...emptyPlanCounts(), ...(p.counts as object) }, findings: p.findings as Record<string, number>,
    inputs: { mappingHash: p.mappingHash, watermark: p.watermark.toString(), targetReadAt: iso(p.targetReadAt), schemaSource: p.schemaSource },
    error: p.error, createdAt: p.createdAt.toISOString(), startedAt: iso(p.startedAt), finishedAt: iso(p.finishedAt), appliedAt: iso(p.appliedAt), appliedBy: p.appliedBy,
  };
}

/** Queues a preview; the inputs are fixed now, before the worker reads anything. */
export async function createPreview(actor: Actor, appId: string, ip?: string, opts: { changesOnly?: boolean } = {}): Promise<{ id: string; status: string }> {
  const app = await appOrThrow(appId);
  const inputs = await currentInputs(appId);
  const changesOnly = opts.changesOnly ?? false;
  const p = await db.syncPreview.create({ data: { appId, requestedBy: actor.email, changesOnly, mappingHash: inputs.mappingHash, watermark: inputs.watermark } });
  await writeAudit(actor, { action: "provisioning.preview", targetType: "app", targetId: appId, targetName: app.displayName, after: { previewId: p.id, changesOnly } }, undefined, ip);
  await enqueuePreview(p.id);
  return { id: p.id, status: p.status };
}

async function previewOrThrow(appId: string, id: string): Promise<Row> {
  const p = await db.syncPreview.findFirst({ where: { id, appId } });
  if (!p) throw notFound("The preview");
  return p;
}

export async function getPreview(appId: string, id: string): Promise<PreviewView> {
  return toView(await previewOrThrow(appId, id));
}

export async function listPreviews(appId: string): Promise<PreviewView[]> {
  await appOrThrow(appId);
  const rows = await db.syncPreview.findMany({ where: { appId }, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map(toView);
}

export type PreviewItemView = {
  id: string; objectType: string; sourceId: string; identity: string | null; action: string; reason: string | null; targetId: string | null;
  changes: { name: string; oldValue?: unknown; newValue?: unknown }[]; findings: Finding[];
};
/** locale: the language `reason` is rendered in (English when absent: the CSV and JSON downloads, like the log's CSV) */
export type ItemQuery = { action?: PlanAction; finding?: string; q?: string; cursor?: string | null; limit: number; locale?: Locale };

const CURSOR = /^\d{1,19}$/;

export async function listPreviewItems(appId: string, id: string, query: ItemQuery): Promise<{ items: PreviewItemView[]; nextCursor: string | null }> {
  await previewOrThrow(appId, id);
  if (query.cursor && !CURSOR.test(query.cursor)) throw localized(new AppError("validation_failed", "The cursor is not valid: use nextCursor from the previous page."), "previewCursor");
  const where: Prisma.SyncPreviewItemWhereInput = {
    previewId: id,
    ...(query.action ? { action: query.action } : {}),
    ...(query.finding === "any" ? { NOT: { findingCodes: { isEmpty: true } } } : query.finding ? { findingCodes: { has: query.finding } } : {}),
    ...(query.q ? { OR: [{ identity: { contains: query.q, mode: "insensitive" } }, { sourceId: query.q }, { targetId: query.q }] } : {}),
    ...(query.cursor ? { id: { gt: BigInt(query.cursor) } } : {}),
  };
  const rows = await db.syncPreviewItem.findMany({ where, orderBy: { id: "asc" }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id.toString(), objectType: r.objectType, sourceId: r.sourceId, identity: r.identity, action: r.action,
      reason: query.locale ? renderText(query.locale, r.reasonText, r.reason) : r.reason, targetId: r.targetId,
      changes: r.changes as PreviewItemView["changes"], findings: r.findings as Finding[],
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** Every item (filters as for the list), page by page: the CSV and JSON downloads stream from it. */
export async function* previewItemsForExport(appId: string, id: string, query: Omit<ItemQuery, "cursor" | "limit">): AsyncGenerator<PreviewItemView> {
  let cursor: string | null = null;
  do {
    const page = await listPreviewItems(appId, id, { ...query, cursor, limit: 1000 });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Apply this plan: refused (409, saying what changed) when the mappings or the directory moved
 * since the preview. Otherwise the plan runs as the app's next full cycle through the normal
 * engine path — the same decisions from the same inputs, with its logs, escrow and deletion
 * threshold. Provisioning Off: applying turns it On (the preview is the step before On).
 */
const alreadyApplied = () => localized(new AppError("conflict", "This plan was already applied. Run a new preview to see what a cycle would do now."), "previewApplied");

export async function applyPreview(actor: Actor, appId: string, id: string, ip?: string): Promise<{ applied: true; turnedOn: boolean }> {
  const app = await appOrThrow(appId);
  const p = await previewOrThrow(appId, id);
  if (p.status !== "completed") throw localized(new AppError("conflict", "The preview has not finished; it can be applied once it is complete."), "previewNotFinished");
  if (p.appliedAt) throw alreadyApplied();
  const changed = await changesSince(appId, id, { mappingHash: p.mappingHash, watermark: p.watermark });
  if (changed.length) {
    const said = changed.map((c) => c.message).join(" ");
    throw localized(new AppError("conflict", `The plan is out of date: ${said} Run a fresh preview before applying.`, changed.map(({ message }) => ({ message, code: "stale_plan" }))), "planStale", { changed: joinedKeys("sentences", changed.map((c) => c.text))! });
  }
  // Turning On runs its checks (credentials) first: a refusal leaves the plan unapplied.
  const turnedOn = app.status !== "on";
  if (turnedOn) await updateProvisioning(actor, appId, { status: "on" }, { ip, announce: false });
  // One apply wins: the row is claimed before anything is queued.
  const claimed = await db.syncPreview.updateMany({ where: { id, appliedAt: null }, data: { appliedAt: new Date(), appliedBy: actor.email } });
  if (claimed.count === 0) throw alreadyApplied();
  await db.$transaction(async (tx) => {
    await markNextCycleInitial(tx, appId);
    await requestCycleNow(appId, tx);
  });
  await writeAudit(actor, { action: "provisioning.preview.apply", targetType: "app", targetId: appId, targetName: app.displayName, after: { previewId: id, counts: p.counts, turnedOn } }, undefined, ip);
  await enqueueSync(appId);
  return { applied: true, turnedOn };
}
