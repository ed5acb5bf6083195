// Write intents: every write to a target leaves a provisioning-log entry, crash or not.
// Before the first write request for an object is sent, an intent row is committed
// (sync_intent); the object's log entry is written and its intent deleted in one transaction.
// A worker killed, or a database gone, between the two leaves the intent behind: the next
// slice of the app (or the end of this one) turns it into an "outcome unknown" log entry.
import { AsyncLocalStorage } from "node:async_hooks";
import { db, type Tx } from "../db";
import { sql } from "../db/sql";
import { Batcher } from "./batcher";
import { writeProvisioningLogs, type LogAction, type ProvisioningLogInput } from "../logs/provisioning-log";
import { lt } from "../logs/text";
import type { ObjectKind } from "./types";

export type ExchangeLine = { method: string; url: string; status?: number; durationMs: number; errorCode?: string; dryRun?: boolean };

/** The object being written in this async context: its SCIM exchange and its intent. */
export type ObjectScope = { lines: ExchangeLine[]; appId: string; cycleId: string | null; kind: ObjectKind; sourceId: string; intentId: bigint | null };
export const objectScope = new AsyncLocalStorage<ObjectScope>();

export const newScope = (appId: string, cycleId: string | null, kind: ObjectKind, sourceId: string): ObjectScope => ({ lines: [], appId, cycleId, kind, sourceId, intentId: null });

function identityOf(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const b = body as { userName?: unknown; displayName?: unknown };
  return typeof b.userName === "string" ? b.userName : typeof b.displayName === "string" ? b.displayName : null;
}

/**
 * The SCIM client's beforeWrite hook: one intent per object write (its first request). If the
 * insert fails (database unreachable), it throws and the request is not sent.
 */
export async function recordIntent(w: { method: string; url: string; body?: unknown }): Promise<void> {
  const s = objectScope.getStore();
  if (!s || s.intentId !== null) return;
  s.intentId = await intents.run({ appId: s.appId, cycleId: s.cycleId, objectType: s.kind, sourceId: s.sourceId, method: w.method, url: w.url.slice(0, 2000), identity: identityOf(w.body) });
}

type IntentRow = { appId: string; cycleId: string | null; objectType: string; sourceId: string; method: string; url: string; identity: string | null };

/**
 * The intents of the objects about to be written, one INSERT per wave (batcher.ts); each object's
 * write waits for the commit of the statement holding its intent. Ids come from the sequence in
 * the order the rows are inserted (ORDER BY ord), so sorted they answer the items in order.
 */
const intents = new Batcher<IntentRow, bigint>(async (rows) => {
  const col = <K extends keyof IntentRow>(k: K) => rows.map((r) => r[k]);
  const out = await sql<{ id: string }>(
    `INSERT INTO sync_intent ("appId", "cycleId", "objectType", "sourceId", method, url, identity)
     SELECT a, c, o, s, m, u, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS x(a, c, o, s, m, u, i, ord)
     ORDER BY ord
     RETURNING id`,
    [col("appId"), col("cycleId"), col("objectType"), col("sourceId"), col("method"), col("url"), col("identity")],
  );
  const ids = out.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((value) => ({ ok: true as const, value }));
});

/** Writes the entries and clears the intents they account for, atomically (with `also`: the page's other bookkeeping). */
export async function writeLogsSettling(entries: ProvisioningLogInput[], intentIds: (bigint | null | undefined)[], also?: (tx: Tx) => Promise<void>): Promise<void> {
  const ids = intentIds.filter((i): i is bigint => typeof i === "bigint");
  if (!entries.length && !ids.length && !also) return;
  await db.$transaction(async (tx) => {
    await writeProvisioningLogs(entries, tx);
    if (ids.length) await tx.$executeRaw`DELETE FROM sync_intent WHERE id = ANY(${ids}::bigint[])`;
    await also?.(tx);
    // A page's entries on a loaded machine can take longer than Prisma's default 5 s; failing here would redo the page.
  }, { timeout: 30_000, maxWait: 10_000 });
}

const ACTION: Record<string, LogAction> = { POST: "create", PUT: "update", PATCH: "update", DELETE: "delete" };
/** Intents of a provision on demand still in progress are left alone for this long. */
const ON_DEMAND_GRACE_MS = 10 * 60_000;

/**
 * Intents nobody will settle any more become log entries ("outcome unknown"). Called with the
 * app's lease held, so no cycle slice of the app is writing; a provision on demand may be.
 */
export async function logOrphanIntents(appId: string, appName: string | null): Promise<number> {
  const rows = await db.syncIntent.findMany({ where: { appId }, orderBy: { id: "asc" }, take: 5000 });
  if (!rows.length) return 0;
  const cycleIds = [...new Set(rows.map((r) => r.cycleId).filter((c): c is string => !!c))];
  const live = new Set((await db.syncCycle.findMany({ where: { id: { in: cycleIds }, type: "on_demand", status: "running" }, select: { id: true } })).map((c) => c.id));
  const orphans = rows.filter((r) => !(r.cycleId && live.has(r.cycleId) && Date.now() - r.createdAt.getTime() < ON_DEMAND_GRACE_MS));
  if (!orphans.length) return 0;
  const names = await identities(orphans);
  const entries: ProvisioningLogInput[] = orphans.map((r) => {
    const details = lt("outcomeUnknown", { method: r.method, url: r.url, kind: r.objectType });
    return {
      at: r.createdAt, appId, appName, cycleId: r.cycleId, objectType: r.objectType as ObjectKind, action: ACTION[r.method] ?? "other", status: "failure",
      sourceId: r.sourceId, sourceIdentity: r.identity ?? names.get(`${r.objectType}:${r.sourceId}`) ?? null,
      targetId: r.method === "POST" ? null : decodeURIComponent(r.url.split("?")[0]!.split("/").pop() ?? "") || null,
      steps: [{ code: "perform_action", status: "failure", text: details, at: r.createdAt.toISOString() }],
      errorCode: "outcome_unknown", reason: details,
      recommendation: lt("recOutcomeUnknown"),
    };
  });
  await writeLogsSettling(entries, orphans.map((r) => r.id));
  return orphans.length;
}

async function identities(rows: { objectType: string; sourceId: string }[]): Promise<Map<string, string>> {
  const users = rows.filter((r) => r.objectType === "user").map((r) => r.sourceId);
  const groups = rows.filter((r) => r.objectType === "group").map((r) => r.sourceId);
  const out = new Map<string, string>();
  if (users.length) for (const u of await db.directoryUser.findMany({ where: { id: { in: users } }, select: { id: true, userPrincipalName: true } })) out.set(`user:${u.id}`, u.userPrincipalName);
  if (groups.length) for (const g of await db.directoryGroup.findMany({ where: { id: { in: groups } }, select: { id: true, displayName: true } })) out.set(`group:${g.id}`, g.displayName);
  return out;
}
