// One definition of "this app is due for a cycle", used by the tick (which apps to queue)
// and by the engine (whether a job that found no running cycle starts one). The decision is
// the pure isAppDue(); dueApps() and appIsDue() gather its facts from Postgres.
import { currentSeq } from "../directory/change-feed";
import { db } from "../db";
import { LEASE_MS } from "./policy";
import { reconcileIntervalMs } from "./reconcile";

export type DueFacts = {
  /** App.status: only apps with provisioning On run. */
  on: boolean;
  /** sync_state.state; null when the app has no state row yet (never ran). */
  state: "idle" | "running" | "quarantined" | "paused" | string | null;
  needsInitial: boolean;
  nextRunAt: Date | null;
  watermark: bigint;
  /** The directory change feed's current position. */
  seq: bigint;
  /** The earliest nextAttemptAt of the app's escrowed objects (null: none escrowed). */
  escrowDueAt: Date | null;
  initialDoneAt: Date | null;
  /** How often a full reconcile runs on its own (null: never). */
  reconcileEveryMs: number | null;
  /** A cycle is marked running but no worker heart-beats it (its worker died). */
  orphanedCycle: boolean;
  /** While quarantined: the change-feed position up to which held-back changes were logged. */
  heldBackSeq?: bigint | null;
};

export type DueReason = "first" | "initial" | "scheduled" | "changes" | "escrow" | "reconcile" | "orphaned" | "held_back";

/** Why the app should run now, or null when it need not. */
export function isAppDue(f: DueFacts, now: Date): DueReason | null {
  if (!f.on || f.state === "paused") return null;
  if (f.state === null) return "first";
  // Quarantine backs off: only its own schedule (or Start/Restart, which set nextRunAt) runs it.
  // Changes it has not logged as held back yet are still worth a job: the slice logs them and stays idle.
  if (f.state === "quarantined") {
    if (!f.nextRunAt || f.nextRunAt <= now) return "scheduled";
    const logged = f.heldBackSeq != null && f.heldBackSeq > f.watermark ? f.heldBackSeq : f.watermark;
    return logged < f.seq ? "held_back" : null;
  }
  if (f.orphanedCycle) return "orphaned";
  if (f.needsInitial) return "initial";
  if (!f.nextRunAt || f.nextRunAt <= now) return "scheduled";
  if (f.watermark < f.seq) return "changes";
  if (f.escrowDueAt && f.escrowDueAt <= now) return "escrow";
  if (f.reconcileEveryMs !== null && f.initialDoneAt && now.getTime() - f.initialDoneAt.getTime() >= f.reconcileEveryMs) return "reconcile";
  return null;
}

type Row = {
  id: string; status: string; state: string | null; needsInitial: boolean | null; nextRunAt: Date | null; watermark: bigint | null;
  initialDoneAt: Date | null; escrowDueAt: Date | null; orphaned: boolean; heldBackSeq: bigint | null;
};

async function loadRows(now: Date, appId?: string): Promise<Row[]> {
  const stale = new Date(now.getTime() - LEASE_MS);
  return db.$queryRaw<Row[]>`
    SELECT a.id, a.status, s.state, s."needsInitial", s."nextRunAt", s.watermark, s."initialDoneAt", s."heldBackSeq",
      (SELECT min(e."nextAttemptAt") FROM sync_escrow e WHERE e."appId" = a.id) AS "escrowDueAt",
      EXISTS (SELECT 1 FROM sync_cycle c WHERE c."appId" = a.id AND c.status = 'running' AND c.type <> 'on_demand'
              AND (c."heartbeatAt" IS NULL OR c."heartbeatAt" < ${stale})) AS orphaned
    FROM app a LEFT JOIN sync_state s ON s."appId" = a.id
    WHERE a.status = 'on' AND (${appId ?? null}::text IS NULL OR a.id = ${appId ?? null}::text)`;
}

function factsOf(r: Row, seq: bigint, reconcileEveryMs: number | null): DueFacts {
  return {
    on: r.status === "on", state: r.state, needsInitial: r.needsInitial ?? true, nextRunAt: r.nextRunAt, watermark: r.watermark ?? 0n, seq,
    escrowDueAt: r.escrowDueAt, initialDoneAt: r.initialDoneAt, reconcileEveryMs, orphanedCycle: r.orphaned, heldBackSeq: r.heldBackSeq,
  };
}

/** Every app with provisioning On that is due now, with the reason (the tick queues them). */
export async function dueApps(now = new Date()): Promise<{ appId: string; reason: DueReason }[]> {
  const [rows, seq, every] = await Promise.all([loadRows(now), currentSeq(), reconcileIntervalMs()]);
  const out: { appId: string; reason: DueReason }[] = [];
  for (const r of rows) {
    const reason = isAppDue(factsOf(r, seq, every), now);
    if (reason) out.push({ appId: r.id, reason });
  }
  return out;
}

/** Whether one app is due now (the engine, before it starts a cycle). */
export async function appIsDue(appId: string, now = new Date()): Promise<DueReason | null> {
  const [rows, seq, every] = await Promise.all([loadRows(now, appId), currentSeq(), reconcileIntervalMs()]);
  return rows[0] ? isAppDue(factsOf(rows[0], seq, every), now) : null;
}
