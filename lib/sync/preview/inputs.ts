// What a plan was computed from, so "Apply this plan" can tell whether it still holds:
// the mapping documents (and the app's scope), hashed, and the directory's change watermark
// (assignment changes advance it too).
import { createHash } from "node:crypto";
import { db } from "../../db";
import { currentSeq } from "../../directory/change-feed";
import type { MessageKey } from "../../errors";

export type PlanInputs = { mappingHash: string; watermark: bigint };

export async function mappingHash(appId: string): Promise<string> {
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, select: { scope: true, compatibility: true } });
  const rows = await db.appMapping.findMany({
    where: { appId }, orderBy: { sourceObject: "asc" },
    select: { sourceObject: true, enabled: true, actions: true, scopingFilters: true, attributeMappings: true, targetAttributes: true },
  });
  return createHash("sha256").update(JSON.stringify({ scope: app.scope, compatibility: app.compatibility, rows })).digest("hex").slice(0, 32);
}

export async function currentInputs(appId: string): Promise<PlanInputs> {
  return { mappingHash: await mappingHash(appId), watermark: await currentSeq() };
}

/**
 * Directory changes since the plan that concern this app: objects in its scope now, linked to it,
 * or listed in the plan (an object that left the scope since). The watermark is global, so any
 * change elsewhere in the directory advances it; those must not make every plan stale.
 */
async function countAppChanges(appId: string, previewId: string, from: bigint, to: bigint): Promise<number> {
  const [r] = await db.$queryRaw<{ n: bigint }[]>`
    WITH app AS (SELECT scope FROM app WHERE id = ${appId}),
    planned AS (SELECT "sourceId" FROM sync_preview_item WHERE "previewId" = ${previewId}),
    linked AS (SELECT "sourceId" FROM sync_link WHERE "appId" = ${appId})
    SELECT
      (SELECT count(*) FROM directory_user u WHERE u."changeSeq" > ${from} AND u."changeSeq" <= ${to} AND (
        (SELECT scope FROM app) = 'all'
        OR EXISTS (SELECT 1 FROM app_assignment a WHERE a."appId" = ${appId} AND a."userId" = u.id)
        OR EXISTS (SELECT 1 FROM app_assignment a JOIN group_member gm ON gm."groupId" = a."groupId" WHERE a."appId" = ${appId} AND gm."userId" = u.id)
        OR u.id IN (SELECT "sourceId" FROM linked) OR u.id IN (SELECT "sourceId" FROM planned)))
    + (SELECT count(*) FROM directory_group g WHERE g."changeSeq" > ${from} AND g."changeSeq" <= ${to} AND (
        (SELECT scope FROM app) = 'all'
        OR EXISTS (SELECT 1 FROM app_assignment a WHERE a."appId" = ${appId} AND a."groupId" = g.id)
        OR g.id IN (SELECT "sourceId" FROM linked) OR g.id IN (SELECT "sourceId" FROM planned)))
    + (SELECT count(*) FROM directory_tombstone t WHERE t.seq > ${from} AND t.seq <= ${to} AND (
        t."objectId" IN (SELECT "sourceId" FROM linked) OR t."objectId" IN (SELECT "sourceId" FROM planned))) AS n`;
  return Number(r?.n ?? 0);
}

/** What changed since the plan's inputs, in words; empty = the plan still holds. */
/** What changed, each as its English sentence and its catalogue text (errors.planChanged*). */
export async function changesSince(appId: string, previewId: string, plan: PlanInputs): Promise<{ message: string; text: MessageKey }[]> {
  const now = await currentInputs(appId);
  const out: { message: string; text: MessageKey }[] = [];
  if (now.mappingHash !== plan.mappingHash) out.push({ message: "The attribute mappings, scoping filters or scope of the app changed.", text: { key: "errors.planChangedMappings" } });
  if (now.watermark > plan.watermark) {
    const n = await countAppChanges(appId, previewId, plan.watermark, now.watermark);
    if (n > 0) out.push({ message: `The directory changed: ${n} user(s), group(s) or assignment(s) of this app changed.`, text: { key: "errors.planChangedDirectory", values: { count: n } } });
  }
  return out;
}
