// What a page of writes leaves behind: counts on the cycle, escrow for failures (retried
// later with growing delays, without holding up the rest) and provisioning-log rows, which
// settle the page's write intents.
import { db } from "../db";
import type { ProvisioningLogInput } from "../logs/provisioning-log";
import { english, isText } from "../logs/text";
import { recordObjects } from "../metrics/record";
import { writeLogsSettling } from "./intents";
import { ESCROW_DELAYS_MS, escrowDelayMs } from "./policy";
import type { AppContext, CycleCounts, WriteResult } from "./types";

export const addCount = (counts: CycleCounts, r: Pick<WriteResult, "kind" | "outcome">) => {
  counts[r.kind === "user" ? "users" : "groups"][r.outcome] += 1;
};

/** Unchanged objects and never-provisioned out-of-scope objects in full cycles are not logged (noise, not information). */
function worthLogging(r: WriteResult, cycleType: string, known: Set<string>): boolean {
  // A request was sent to the target: always logged.
  if (r.intentId) return true;
  // A conflict already reported (same target object, same holder) is not logged again every cycle.
  if (r.outcome === "conflict") return !known.has(conflictKey(r.kind, r.sourceId, r.conflict?.targetId, r.conflict?.otherSourceId));
  if (r.status !== "skipped") return true;
  if (r.staged) return true;
  if (isText(r.log.reason, "noChangesNeeded")) return false;
  return cycleType !== "initial";
}

const conflictKey = (kind: string, sourceId: string, targetId?: string, other?: string) => `${kind}|${sourceId}|${targetId ?? ""}|${other ?? ""}`;

/** Conflicts are remembered (sync_conflict) so every cycle retries them and Sync details counts them; returns those already known. */
async function recordConflicts(appId: string, results: WriteResult[]): Promise<Set<string>> {
  const known = new Set<string>();
  const conflicts = results.filter((r) => r.outcome === "conflict" && r.conflict);
  if (!conflicts.length) return known;
  const prev = await db.syncConflict.findMany({ where: { appId, OR: conflicts.map((r) => ({ objectType: r.kind, sourceId: r.sourceId })) } });
  for (const p of prev) known.add(conflictKey(p.objectType, p.sourceId, p.targetId, p.otherSourceId));
  const rows = conflicts.map((r) => ({ kind: r.kind, sourceId: r.sourceId, targetId: r.conflict!.targetId, other: r.conflict!.otherSourceId, attribute: r.conflict!.attribute }));
  await db.$executeRaw`
    INSERT INTO sync_conflict ("appId", "objectType", "sourceId", "targetId", "otherSourceId", attribute)
    SELECT ${appId}, x->>'kind', x->>'sourceId', x->>'targetId', x->>'other', x->>'attribute' FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS x
    ON CONFLICT ("appId", "objectType", "sourceId") DO UPDATE SET "targetId" = EXCLUDED."targetId", "otherSourceId" = EXCLUDED."otherSourceId", attribute = EXCLUDED.attribute`;
  return known;
}

/**
 * What a page leaves in the database, one statement each, in one transaction: the log entries
 * and the intents they settle (intents.ts), escrow for the failed objects (attempts counted and
 * the next retry time set in the same upsert), and escrow and conflicts of the objects settled.
 */
export async function recordResults(ctx: AppContext, cycleType: string, results: WriteResult[], counts: CycleCounts) {
  const appId = ctx.app.id;
  const logs: ProvisioningLogInput[] = [];
  const known = await recordConflicts(appId, results);
  for (const r of results) {
    addCount(counts, r);
    if (worthLogging(r, cycleType, known)) logs.push(r.log);
  }
  recordObjects(appId, results);
  const failed = results.filter((r) => r.outcome === "failed");
  const settled = results.filter((r) => r.outcome !== "failed");
  const settledOk = settled.filter((r) => r.outcome !== "conflict");
  await writeLogsSettling(logs, results.map((r) => r.intentId), async (tx) => {
    if (failed.length) {
      const now = new Date();
      const rows = failed.map((f) => ({ kind: f.kind, sourceId: f.sourceId, errorCode: f.log.errorCode ?? null, lastError: english(f.log.reason ?? null)?.slice(0, 2000) ?? null }));
      // attempts 1, 2, … → ESCROW_DELAYS_MS[attempts - 1], then the app's interval (policy.ts escrowDelayMs).
      await tx.$executeRaw`
        INSERT INTO sync_escrow ("appId", "objectType", "sourceId", attempts, "nextAttemptAt", "errorCode", "lastError", "createdAt")
        SELECT ${appId}, x->>'kind', x->>'sourceId', 1, ${now}::timestamp + ${escrowDelayMs(1, ctx.app.intervalMinutes)}::float8 * interval '1 millisecond', x->>'errorCode', x->>'lastError', ${now}::timestamp
        FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS x
        ON CONFLICT ("appId", "objectType", "sourceId") DO UPDATE SET
          attempts = sync_escrow.attempts + 1,
          "nextAttemptAt" = ${now}::timestamp + coalesce((${ESCROW_DELAYS_MS}::float8[])[sync_escrow.attempts + 1], ${ctx.app.intervalMinutes * 60_000}::float8) * interval '1 millisecond',
          "errorCode" = EXCLUDED."errorCode", "lastError" = EXCLUDED."lastError"`;
    }
    if (settled.length) {
      await tx.$executeRaw`
        DELETE FROM sync_escrow e USING unnest(${settled.map((r) => r.kind)}::text[], ${settled.map((r) => r.sourceId)}::text[]) AS x(o, s)
        WHERE e."appId" = ${appId} AND e."objectType" = x.o AND e."sourceId" = x.s`;
    }
    if (settledOk.length) {
      await tx.$executeRaw`
        DELETE FROM sync_conflict c USING unnest(${settledOk.map((r) => r.kind)}::text[], ${settledOk.map((r) => r.sourceId)}::text[]) AS x(o, s)
        WHERE c."appId" = ${appId} AND c."objectType" = x.o AND c."sourceId" = x.s`;
    }
  });
}
