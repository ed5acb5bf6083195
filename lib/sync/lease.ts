// One cycle per app at a time: a row lease on sync_state (leaseOwner/leaseUntil) next to
// pg-boss's stately queue, so even a stray duplicate job cannot run the same app twice;
// and a sync_slice record per slice (who ran which app when), which the scale-out test reads.
import { db } from "../db";
import { LEASE_MS } from "./policy";

export async function ensureState(appId: string) {
  await db.syncState.upsert({ where: { appId }, create: { appId }, update: {} });
}

export async function acquireLease(appId: string, owner: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ appId: string }[]>`
    UPDATE sync_state SET "leaseOwner" = ${owner}, "leaseUntil" = now() + (${LEASE_MS}::int * interval '1 millisecond')
    WHERE "appId" = ${appId} AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${owner})
    RETURNING "appId"`;
  return rows.length === 1;
}

export async function renewLease(appId: string, owner: string) {
  await db.$executeRaw`UPDATE sync_state SET "leaseUntil" = now() + (${LEASE_MS}::int * interval '1 millisecond') WHERE "appId" = ${appId} AND "leaseOwner" = ${owner}`;
}

export async function releaseLease(appId: string, owner: string) {
  await db.$executeRaw`UPDATE sync_state SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "appId" = ${appId} AND "leaseOwner" = ${owner}`;
}

export async function leaseHeldUntil(appId: string): Promise<Date | null> {
  const s = await db.syncState.findUnique({ where: { appId }, select: { leaseUntil: true } });
  return s?.leaseUntil ?? null;
}

// Database clock (UTC), not the worker's: workers on several machines are compared.
export async function startSliceRecord(appId: string, workerId: string): Promise<bigint> {
  const [row] = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO sync_slice ("appId", "workerId", "startedAt") VALUES (${appId}, ${workerId}, clock_timestamp() AT TIME ZONE 'UTC') RETURNING id`;
  return row!.id;
}

export async function finishSliceRecord(id: bigint, appId: string, r: { result: string; cycleId?: string } | null) {
  // A slice that threw has no result; its cycle is the app's running one, if any.
  const cycleId = r ? r.cycleId ?? null : (await db.syncCycle.findFirst({ where: { appId, status: "running" }, select: { id: true }, orderBy: { startedAt: "desc" } }))?.id ?? null;
  await db.$executeRaw`UPDATE sync_slice SET "finishedAt" = clock_timestamp() AT TIME ZONE 'UTC', result = ${r?.result ?? "error"}, "cycleId" = ${cycleId} WHERE id = ${id}`;
}
