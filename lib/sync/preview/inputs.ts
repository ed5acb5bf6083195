// What a plan was computed from, so "Apply this plan" can tell whether it still holds:
// the mapping documents (and the app's scope), hashed, and the directory's change watermark
// (assignment changes advance it too).
import { createHash } from "node:crypto";
import { db } from "../../db";
import { currentSeq } from "../../directory/change-feed";
import { countChanges } from "../phases";

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

/** What changed since the plan's inputs, in words; empty = the plan still holds. */
export async function changesSince(appId: string, plan: PlanInputs): Promise<string[]> {
  const now = await currentInputs(appId);
  const out: string[] = [];
  if (now.mappingHash !== plan.mappingHash) out.push("The attribute mappings, scoping filters or scope of the app changed.");
  if (now.watermark > plan.watermark) {
    const n = await countChanges(plan.watermark, now.watermark);
    out.push(`The directory changed: ${n} user(s), group(s) or assignment(s) changed.`);
  }
  return out;
}
