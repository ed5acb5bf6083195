// What the engine's tables say right now, for the metrics scrape (lib/metrics):
// read at scrape time from Postgres, so every process reports the same truth no
// matter which worker ran what. Cheap aggregate queries over indexed tables.
import { db } from "../db";

export type AppGauge = { appId: string; name: string; templateId: string; status: string; state: string; escrowed: number; watermark: bigint };
export type CycleCount = { appId: string; type: string; outcome: string; count: number };

/** Every app with its sync state and escrow size. */
export async function appGauges(): Promise<AppGauge[]> {
  const rows = await db.$queryRaw<{ id: string; name: string; templateId: string; status: string; state: string | null; watermark: bigint | null; escrowed: bigint }[]>`
    SELECT a.id, a."displayName" AS name, a."templateId", a.status, s.state, s.watermark,
           (SELECT count(*) FROM sync_escrow e WHERE e."appId" = a.id) AS escrowed
      FROM app a LEFT JOIN sync_state s ON s."appId" = a.id`;
  return rows.map((r) => ({ appId: r.id, name: r.name, templateId: r.templateId, status: r.status, state: r.state ?? "idle", escrowed: Number(r.escrowed), watermark: r.watermark ?? 0n }));
}

/** Finished cycles by app, type and outcome (completed, completed_with_failures, failed, paused, cancelled). */
export async function finishedCycleCounts(): Promise<CycleCount[]> {
  const rows = await db.$queryRaw<{ appId: string; type: string; status: string; n: bigint }[]>`
    SELECT "appId", type, status, count(*) AS n FROM sync_cycle WHERE "finishedAt" IS NOT NULL GROUP BY 1, 2, 3`;
  return rows.map((r) => ({ appId: r.appId, type: r.type, outcome: r.status, count: Number(r.n) }));
}
