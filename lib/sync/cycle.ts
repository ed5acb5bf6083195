// The cycle runner. A job for an app works one *slice* (≤ SLICE_BUDGET_MS), checkpoints
// into SyncCycle.checkpoint and hands over; the next job (any worker) resumes from the
// checkpoint. So a crash loses at most one page, shutdown never waits long, and a
// 100k-user initial cycle streams through in pages with bounded memory.
//
// One cycle per app at a time: pg-boss's stately queue (one active job per app) plus a
// row lease on SyncState (leaseOwner/leaseUntil), so even a stray duplicate job cannot
// run the same app twice.
import { countUsers, iterateUsers, getUsersByIds } from "../directory/users";
import { iterateGroups, getGroupsByIds } from "../directory/groups";
import { currentSeq, readChanges } from "../directory/change-feed";
import { db, Prisma } from "../db";
import { log } from "../log";
import { writeProvisioningLogs, type ProvisioningLogInput } from "../logs/provisioning-log";
import { composeEmail, queueNotification } from "../notify/notify";
import { loadAppContext } from "./context";
import { escrowDelayMs, LEASE_MS, PAGE_SIZE, quarantineDelayMs, quarantinePolicy, SLICE_BUDGET_MS, WRITE_CONCURRENCY } from "./policy";
import { groupAssignments, userAssignments } from "./scope";
import { CredentialsRejected, emptyCounts, type AppContext, type CycleCounts, type ObjectKind, type WriteResult } from "./types";
import { applyDeprovision, explainError, getLink, loadLinks, writeObject, type Preloaded } from "./write-object";

type Checkpoint =
  | { phase: "users" | "user_orphans" | "groups" | "group_orphans"; after: string | null; pendingGroups?: string[] }
  | { phase: "changes"; afterSeq: string; pendingGroups: string[] }
  | { phase: "pending_groups"; pendingGroups: string[] }
  | { phase: "escrow"; after: string | null }
  | { phase: "finalize" };

export type SliceResult = { result: "idle" | "busy" | "continue" | "done"; cycleId?: string; nextRunAt?: Date | null };

// ───────────────────────── lease ─────────────────────────

async function ensureState(appId: string) {
  await db.syncState.upsert({ where: { appId }, create: { appId }, update: {} });
}

export async function acquireLease(appId: string, owner: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ appId: string }[]>`
    UPDATE sync_state SET "leaseOwner" = ${owner}, "leaseUntil" = now() + (${LEASE_MS}::int * interval '1 millisecond')
    WHERE "appId" = ${appId} AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${owner})
    RETURNING "appId"`;
  return rows.length === 1;
}

async function renewLease(appId: string, owner: string) {
  await db.$executeRaw`UPDATE sync_state SET "leaseUntil" = now() + (${LEASE_MS}::int * interval '1 millisecond') WHERE "appId" = ${appId} AND "leaseOwner" = ${owner}`;
}

export async function releaseLease(appId: string, owner: string) {
  await db.$executeRaw`UPDATE sync_state SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "appId" = ${appId} AND "leaseOwner" = ${owner}`;
}

// ───────────────────────── helpers ─────────────────────────

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  let failure: unknown = null;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length && !failure) {
      const idx = i++;
      try {
        out[idx] = await fn(items[idx]!);
      } catch (e) {
        failure ??= e; // CredentialsRejected: stop taking new work
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure;
  return out;
}

const addCount = (counts: CycleCounts, r: WriteResult) => {
  counts[r.kind === "user" ? "users" : "groups"][r.outcome] += 1;
};

/** Unchanged objects and never-provisioned out-of-scope objects in full cycles are not logged (noise, not information). */
function worthLogging(r: WriteResult, cycleType: string): boolean {
  if (r.status !== "skipped") return true;
  if (r.staged) return true;
  if (r.log.reason === "No changes needed.") return false;
  return cycleType !== "initial";
}

async function recordResults(ctx: AppContext, cycleType: string, results: WriteResult[], counts: CycleCounts) {
  const logs: ProvisioningLogInput[] = [];
  const succeeded: { kind: ObjectKind; id: string }[] = [];
  for (const r of results) {
    addCount(counts, r);
    if (worthLogging(r, cycleType)) logs.push(r.log);
    if (r.outcome !== "failed") succeeded.push({ kind: r.kind, id: r.sourceId });
  }
  const failed = results.filter((r) => r.outcome === "failed");
  // Escrow: failed objects are retried later with growing delays, without holding up the rest.
  for (const f of failed) {
    const prev = await db.syncEscrow.findUnique({ where: { appId_objectType_sourceId: { appId: ctx.app.id, objectType: f.kind, sourceId: f.sourceId } } });
    const attempts = (prev?.attempts ?? 0) + 1;
    const nextAttemptAt = new Date(Date.now() + escrowDelayMs(attempts, ctx.app.intervalMinutes));
    await db.syncEscrow.upsert({
      where: { appId_objectType_sourceId: { appId: ctx.app.id, objectType: f.kind, sourceId: f.sourceId } },
      create: { appId: ctx.app.id, objectType: f.kind, sourceId: f.sourceId, attempts, nextAttemptAt, errorCode: f.log.errorCode, lastError: f.log.reason?.slice(0, 2000) },
      update: { attempts, nextAttemptAt, errorCode: f.log.errorCode, lastError: f.log.reason?.slice(0, 2000) },
    });
  }
  if (succeeded.length) {
    for (const kind of ["user", "group"] as const) {
      const ids = succeeded.filter((s) => s.kind === kind).map((s) => s.id);
      if (ids.length) await db.syncEscrow.deleteMany({ where: { appId: ctx.app.id, objectType: kind, sourceId: { in: ids } } });
    }
  }
  if (logs.length) await writeProvisioningLogs(logs);
}

// One query each for the page's objects, assignments and links (and the managers' links),
// instead of several per object: a page costs a handful of round trips plus the writes.
async function preloadUsers(ctx: AppContext, ids: string[]): Promise<Preloaded> {
  const users = await getUsersByIds(ids);
  const managers = users.map((u) => u.managerId).filter((m): m is string => !!m);
  return {
    users: new Map(users.map((u) => [u.id, u])),
    assignments: await userAssignments(ctx, ids),
    links: await loadLinks(ctx.app.id, "user", [...new Set([...ids, ...managers])]),
  };
}

async function preloadGroups(ctx: AppContext, ids: string[]): Promise<Preloaded> {
  const groups = await getGroupsByIds(ids);
  return { groups: new Map(groups.map((g) => [g.id, g])), assignedGroups: await groupAssignments(ctx, ids), links: await loadLinks(ctx.app.id, "group", ids) };
}

async function writeUsers(ctx: AppContext, ids: string[]): Promise<WriteResult[]> {
  const preloaded = await preloadUsers(ctx, ids);
  return pool(ids, WRITE_CONCURRENCY, (id) => writeObject(ctx, "user", id, { preloaded }));
}

async function writeGroups(ctx: AppContext, ids: string[]): Promise<WriteResult[]> {
  const preloaded = await preloadGroups(ctx, ids);
  return pool(ids, Math.max(2, WRITE_CONCURRENCY / 2), (id) => writeObject(ctx, "group", id, { preloaded }));
}

/** Linked groups that contain users who just became provisioned: they need them as members. */
async function groupsOf(appId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db.$queryRaw<{ groupId: string }[]>`
    SELECT DISTINCT gm."groupId" FROM group_member gm
    JOIN sync_link l ON l."appId" = ${appId} AND l."objectType" = 'group' AND l."sourceId" = gm."groupId" AND l.state = 'active'
    WHERE gm."userId" = ANY(${userIds}::text[])`;
  return rows.map((r) => r.groupId);
}

async function orphanIds(appId: string, kind: ObjectKind, after: string | null): Promise<string[]> {
  const table = kind === "user" ? Prisma.sql`directory_user` : Prisma.sql`directory_group`;
  const rows = await db.$queryRaw<{ sourceId: string }[]>`
    SELECT l."sourceId" FROM sync_link l LEFT JOIN ${table} s ON s.id = l."sourceId"
    WHERE l."appId" = ${appId} AND l."objectType" = ${kind} AND l.state <> 'deleted' AND s.id IS NULL AND l."sourceId" > ${after ?? ""}
    ORDER BY l."sourceId" LIMIT ${PAGE_SIZE}`;
  return rows.map((r) => r.sourceId);
}

async function countChanges(from: bigint, to: bigint): Promise<number> {
  const [r] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT count(*) FROM directory_user WHERE "changeSeq" > ${from} AND "changeSeq" <= ${to})
         + (SELECT count(*) FROM directory_group WHERE "changeSeq" > ${from} AND "changeSeq" <= ${to})
         + (SELECT count(*) FROM directory_tombstone WHERE seq > ${from} AND seq <= ${to}) AS n`;
  return Number(r?.n ?? 0);
}

// ───────────────────────── the slice ─────────────────────────

export type SliceOptions = { workerId: string; force?: boolean; budgetMs?: number; shouldStop?: () => boolean };

/**
 * Apps with a slice running in this process. The database lease is keyed by worker id (so a
 * worker can renew it), which makes it re-entrant within one process: a pg-boss retry of a job
 * whose first attempt is still running (e.g. riding out a database outage) must not start a
 * second slice of the same app next to it.
 */
const runningHere = new Set<string>();

export async function runAppSlice(appId: string, opts: SliceOptions): Promise<SliceResult> {
  if (runningHere.has(appId)) return { result: "busy", nextRunAt: new Date(Date.now() + 2000) };
  runningHere.add(appId);
  try {
    return await runAppSliceOnce(appId, opts);
  } finally {
    runningHere.delete(appId);
  }
}

async function runAppSliceOnce(appId: string, opts: SliceOptions): Promise<SliceResult> {
  const app = await db.app.findUnique({ where: { id: appId } });
  if (!app) return { result: "idle" };
  await ensureState(appId);
  if (!(await acquireLease(appId, opts.workerId))) {
    // Held by another worker (or one that died): say when the lease runs out, so the job can come back then.
    const s = await db.syncState.findUnique({ where: { appId }, select: { leaseUntil: true } });
    return { result: "busy", nextRunAt: s?.leaseUntil ?? null };
  }
  let sliceId: bigint | null = null;
  let result: SliceResult | null = null;
  // Keep the lease while a page is in flight (a slow target can make one page outlast LEASE_MS).
  const keepAlive = setInterval(() => void renewLease(appId, opts.workerId).catch(() => undefined), LEASE_MS / 3);
  keepAlive.unref();
  try {
    sliceId = await startSliceRecord(appId, opts.workerId);
    result = await runLeased(appId, opts);
    return result;
  } finally {
    clearInterval(keepAlive);
    // Recorded before the lease is released, so per app the recorded intervals cannot overlap
    // unless the lease itself failed: that is what the scale-out test checks.
    if (sliceId !== null) await finishSliceRecord(sliceId, appId, result).catch((err: unknown) => log.warn("could not record a sync slice", { appId, err: (err as Error).message }));
    await releaseLease(appId, opts.workerId);
  }
}

// Database clock (UTC), not the worker's: workers on several machines are compared.
async function startSliceRecord(appId: string, workerId: string): Promise<bigint> {
  const [row] = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO sync_slice ("appId", "workerId", "startedAt") VALUES (${appId}, ${workerId}, clock_timestamp() AT TIME ZONE 'UTC') RETURNING id`;
  return row!.id;
}

async function finishSliceRecord(id: bigint, appId: string, r: SliceResult | null) {
  // A slice that threw has no result; its cycle is the app's running one, if any.
  const cycleId = r ? r.cycleId ?? null : (await db.syncCycle.findFirst({ where: { appId, status: "running" }, select: { id: true }, orderBy: { startedAt: "desc" } }))?.id ?? null;
  await db.$executeRaw`UPDATE sync_slice SET "finishedAt" = clock_timestamp() AT TIME ZONE 'UTC', result = ${r?.result ?? "error"}, "cycleId" = ${cycleId} WHERE id = ${id}`;
}

async function runLeased(appId: string, opts: SliceOptions): Promise<SliceResult> {
  const deadline = Date.now() + (opts.budgetMs ?? SLICE_BUDGET_MS);
  const app = (await db.app.findUnique({ where: { id: appId } }))!;
  const state = (await db.syncState.findUnique({ where: { appId } }))!;
  let cycle = await db.syncCycle.findFirst({ where: { appId, status: "running", type: { not: "on_demand" } }, orderBy: { startedAt: "desc" } });

  if (app.status !== "on") {
    if (cycle) await db.syncCycle.update({ where: { id: cycle.id }, data: { status: "cancelled", finishedAt: new Date(), error: "Provisioning was stopped." } });
    if (state.state === "running") await db.syncState.update({ where: { appId }, data: { state: "idle" } });
    return { result: "idle" };
  }
  if (state.state === "paused") return { result: "idle" };

  if (!cycle) {
    const now = new Date();
    if (state.state === "quarantined" && !opts.force && state.nextRunAt && state.nextRunAt > now) return { result: "idle", nextRunAt: state.nextRunAt };
    const type = state.needsInitial ? "initial" : "incremental";
    const to = await currentSeq();
    if (type === "incremental" && !opts.force) {
      const due = !state.nextRunAt || state.nextRunAt <= now;
      const pending = to > state.watermark || (await db.syncEscrow.count({ where: { appId, nextAttemptAt: { lte: now } } })) > 0;
      if (!due && !pending) return { result: "idle", nextRunAt: state.nextRunAt };
    }
    const from = type === "initial" ? 0n : state.watermark;
    const total = type === "initial"
      ? (await countUsers()) + (await db.directoryGroup.count())
      : (await countChanges(from, to)) + (await db.syncEscrow.count({ where: { appId, nextAttemptAt: { lte: now } } }));
    const checkpoint: Checkpoint = type === "initial" ? { phase: "users", after: null } : { phase: "changes", afterSeq: from.toString(), pendingGroups: [] };
    cycle = await db.syncCycle.create({
      data: { appId, type, status: "running", phase: checkpoint.phase, total, counts: emptyCounts() as unknown as Prisma.InputJsonValue, checkpoint: checkpoint as unknown as Prisma.InputJsonValue, watermarkFrom: from, watermarkTo: to, workerId: opts.workerId, heartbeatAt: now },
    });
    await db.syncState.update({ where: { appId }, data: { state: state.state === "quarantined" ? "quarantined" : "running" } });
    log.debug("sync cycle started", { appId, cycleId: cycle.id, type, total });
  }

  const ctx = await loadAppContext(appId, { cycleId: cycle.id });
  let checkpoint = cycle.checkpoint as unknown as Checkpoint;
  const counts = (cycle.counts ?? emptyCounts()) as unknown as CycleCounts;
  let processed = cycle.processed;
  const watermarkTo = cycle.watermarkTo ?? 0n;
  const cycleStart = cycle.startedAt;

  const save = async () => {
    await db.syncCycle.update({
      where: { id: cycle!.id },
      data: { checkpoint: checkpoint as unknown as Prisma.InputJsonValue, phase: checkpoint.phase, processed, counts: counts as unknown as Prisma.InputJsonValue, heartbeatAt: new Date(), workerId: opts.workerId },
    });
    await renewLease(appId, opts.workerId);
  };

  try {
    while (checkpoint.phase !== "finalize") {
      if (Date.now() > deadline || opts.shouldStop?.()) {
        await save();
        return { result: "continue", cycleId: cycle.id };
      }
      // Stop was pressed mid-cycle: cancel at a page boundary.
      const fresh = await db.app.findUnique({ where: { id: appId }, select: { status: true } });
      if (fresh?.status !== "on") {
        await db.syncCycle.update({ where: { id: cycle.id }, data: { status: "cancelled", finishedAt: new Date(), error: "Provisioning was stopped.", processed, counts: counts as unknown as Prisma.InputJsonValue } });
        await db.syncState.update({ where: { appId }, data: { state: "idle" } });
        return { result: "done", cycleId: cycle.id };
      }
      checkpoint = await runPage(ctx, cycle.type, checkpoint, counts, watermarkTo, cycleStart, (n) => (processed += n));
      await save();
    }
    return await finalize(ctx, cycle.id, cycle.type, counts, processed, watermarkTo);
  } catch (err) {
    if (err instanceof CredentialsRejected) {
      await endCycleQuarantined(ctx, cycle.id, counts, processed, "credentials", `The target rejected Provisio's credentials: ${err.message}`);
      return { result: "done", cycleId: cycle.id };
    }
    // Anything else (database blip, bug): keep the checkpoint; the job's retry resumes from it.
    log.error("sync slice failed", { appId, cycleId: cycle.id, err });
    await save().catch(() => undefined);
    throw err;
  }
}

async function runPage(ctx: AppContext, type: string, cp: Checkpoint, counts: CycleCounts, watermarkTo: bigint, cycleStart: Date, addProcessed: (n: number) => void): Promise<Checkpoint> {
  const appId = ctx.app.id;
  switch (cp.phase) {
    case "users": {
      const page = await iterateUsers({ afterId: cp.after, limit: PAGE_SIZE });
      const ids = page.items.map((u) => u.id);
      if (ids.length) {
        const results = await writeUsers(ctx, ids);
        await recordResults(ctx, type, results, counts);
        addProcessed(ids.length);
      }
      return page.nextAfterId ? { phase: "users", after: page.nextAfterId } : { phase: "user_orphans", after: null };
    }
    case "user_orphans":
    case "group_orphans": {
      const kind = cp.phase === "user_orphans" ? "user" : "group";
      const ids = await orphanIds(appId, kind, cp.after);
      if (!ids.length) return kind === "user" ? { phase: "groups", after: null } : { phase: "finalize" };
      const results = await pool(ids, WRITE_CONCURRENCY, (id) => writeObject(ctx, kind, id));
      await recordResults(ctx, type, results, counts);
      return { phase: cp.phase, after: ids[ids.length - 1]! };
    }
    case "groups": {
      const page = await iterateGroups({ afterId: cp.after, limit: Math.max(20, PAGE_SIZE / 4) });
      const ids = page.items.map((g) => g.id);
      if (ids.length) {
        const results = await writeGroups(ctx, ids);
        await recordResults(ctx, type, results, counts);
        addProcessed(ids.length);
      }
      return page.nextAfterId ? { phase: "groups", after: page.nextAfterId } : { phase: "group_orphans", after: null };
    }
    case "changes": {
      const { changes } = await readChanges(BigInt(cp.afterSeq), PAGE_SIZE);
      const inRange = changes.filter((c) => c.seq <= watermarkTo);
      if (!inRange.length) return { phase: "pending_groups", pendingGroups: cp.pendingGroups };
      // Users before groups: a group's members must exist in the target first.
      const userIds = inRange.filter((c) => c.objectType === "user").map((c) => c.id);
      const groupIds = inRange.filter((c) => c.objectType === "group").map((c) => c.id);
      const userResults = userIds.length ? await writeUsers(ctx, userIds) : [];
      const groupResults = groupIds.length ? await writeGroups(ctx, groupIds) : [];
      await recordResults(ctx, type, [...userResults, ...groupResults], counts);
      addProcessed(inRange.length);
      const activated = userResults.filter((r) => r.becameActive).map((r) => r.sourceId);
      const pending = new Set([...cp.pendingGroups, ...(await groupsOf(appId, activated))]);
      for (const g of groupIds) pending.delete(g);
      const last = inRange[inRange.length - 1]!.seq;
      const more = inRange.length === changes.length && changes.length === PAGE_SIZE;
      return more ? { phase: "changes", afterSeq: last.toString(), pendingGroups: [...pending] } : { phase: "pending_groups", pendingGroups: [...pending] };
    }
    case "pending_groups": {
      const batch = cp.pendingGroups.slice(0, PAGE_SIZE);
      if (!batch.length) return { phase: "escrow", after: null };
      const results = await writeGroups(ctx, batch);
      await recordResults(ctx, type, results, counts);
      return { phase: "pending_groups", pendingGroups: cp.pendingGroups.slice(PAGE_SIZE) };
    }
    case "escrow": {
      // Retries that were due when the cycle started; users (objectType 'user' > 'group') first.
      const rows = await db.syncEscrow.findMany({
        where: { appId, nextAttemptAt: { lte: cycleStart }, ...(cp.after ? { sourceId: { gt: cp.after } } : {}) },
        orderBy: [{ objectType: "desc" }, { sourceId: "asc" }],
        take: PAGE_SIZE,
      });
      if (!rows.length) return { phase: "finalize" };
      const users = rows.filter((r) => r.objectType === "user").map((r) => r.sourceId);
      const groups = rows.filter((r) => r.objectType === "group").map((r) => r.sourceId);
      const results = [...(users.length ? await writeUsers(ctx, users) : []), ...(groups.length ? await writeGroups(ctx, groups) : [])];
      await recordResults(ctx, type, results, counts);
      addProcessed(rows.length);
      // Failed again: their nextAttemptAt moved past cycleStart, so the next query will not return them.
      return { phase: "escrow", after: null };
    }
    default:
      return { phase: "finalize" };
  }
}

// ───────────────────────── end of a cycle ─────────────────────────

async function finalize(ctx: AppContext, cycleId: string, type: string, counts: CycleCounts, processed: number, watermarkTo: bigint): Promise<SliceResult> {
  const app = ctx.app;
  const appId = app.id;
  const staged = await db.stagedDeletion.findMany({ where: { appId } });
  let paused = false;
  if (staged.length) {
    if (app.preventAccidentalDeletion && staged.length > app.accidentalDeletionThreshold) {
      paused = true;
    } else {
      await releaseStaged(ctx, staged, counts);
    }
  }
  const failed = counts.users.failed + counts.groups.failed;
  // The ratio is over operations attempted (writes and failures), not over every object examined:
  // 4 failures out of 4 writes dominate even if 10,000 unchanged users were looked at.
  const attempted = (["users", "groups"] as const).reduce((n, k) => n + counts[k].created + counts[k].updated + counts[k].disabled + counts[k].deleted + counts[k].failed, 0);
  const policy = await quarantinePolicy();
  const dominated = failed >= policy.minFailures && attempted > 0 && failed / attempted >= policy.failureRatio;
  const now = new Date();
  const state = (await db.syncState.findUnique({ where: { appId } }))!;

  if (dominated) {
    await endCycleQuarantined(ctx, cycleId, counts, processed, "failures", `${failed} of ${attempted} operations in the last cycle failed (for example: ${await sampleError(appId, cycleId)}).`, watermarkTo, type);
    return { result: "done", cycleId };
  }

  const status = paused ? "paused" : failed > 0 ? "completed_with_failures" : "completed";
  await db.syncCycle.update({ where: { id: cycleId }, data: { status, finishedAt: now, processed, counts: counts as unknown as Prisma.InputJsonValue, phase: null, checkpoint: Prisma.DbNull } });
  const nextRunAt = new Date(now.getTime() + app.intervalMinutes * 60_000);
  const pauseReason = `The cycle would disable or delete ${staged.length} objects, more than the accidental deletion threshold of ${app.accidentalDeletionThreshold}. Nothing was disabled or deleted. Review the pending changes and choose Allow deletions, or fix the cause and Restart provisioning.`;
  await db.syncState.update({
    where: { appId },
    data: {
      state: paused ? "paused" : "idle",
      reason: paused ? pauseReason : null,
      reasonCode: paused ? "deletion_threshold" : null,
      pausedCycleId: paused ? cycleId : null,
      quarantinedAt: null,
      quarantineLevel: 0,
      watermark: watermarkTo > state.watermark ? watermarkTo : state.watermark,
      ...(type === "initial" ? { needsInitial: false, initialDoneAt: now } : {}),
      nextRunAt,
    },
  });
  if (paused) {
    const mail = composeEmail("paused", app, { reason: pauseReason, pendingDeletions: staged.length, threshold: app.accidentalDeletionThreshold, cycleId });
    await queueNotification({ appId, kind: "paused", stateKey: cycleId, ...mail });
  } else if (failed > 0) {
    const mail = composeEmail("failures", app, { failed, total: processed, cycleId });
    await queueNotification({ appId, kind: "failures", stateKey: cycleId, ...mail });
  }
  // Quiet when nothing was written: incremental cycles run often and mostly find nothing to do.
  (attempted > 0 ? log.info : log.debug)("sync cycle finished", { appId, cycleId, status, processed, attempted, failed });
  return { result: "done", cycleId, nextRunAt };
}

async function sampleError(appId: string, cycleId: string): Promise<string> {
  const e = await db.provisioningLog.findFirst({ where: { appId, cycleId, status: "failure" }, orderBy: { id: "desc" }, select: { reason: true } });
  return e?.reason?.slice(0, 300) ?? "see the provisioning logs";
}

async function endCycleQuarantined(ctx: AppContext, cycleId: string, counts: CycleCounts, processed: number, reasonCode: string, reason: string, watermarkTo?: bigint, type?: string) {
  const appId = ctx.app.id;
  const now = new Date();
  const state = (await db.syncState.findUnique({ where: { appId } }))!;
  const entering = state.state !== "quarantined" || !state.quarantinedAt;
  const level = entering ? 0 : state.quarantineLevel + 1;
  const nextRunAt = new Date(now.getTime() + quarantineDelayMs(level));
  const quarantinedAt = entering ? now : state.quarantinedAt!;
  await db.syncCycle.update({ where: { id: cycleId }, data: { status: "failed", finishedAt: now, processed, counts: counts as unknown as Prisma.InputJsonValue, error: reason.slice(0, 2000), phase: null } });
  await db.syncState.update({
    where: { appId },
    data: {
      state: "quarantined", reason, reasonCode, quarantinedAt, quarantineLevel: level, nextRunAt,
      // Failures were escrowed durably, so the watermark may advance past them; a credential failure keeps it.
      ...(watermarkTo !== undefined && watermarkTo > state.watermark ? { watermark: watermarkTo } : {}),
      // A full cycle that ran to the end (failures escrowed) counts as the initial cycle done.
      ...(type === "initial" && reasonCode === "failures" ? { needsInitial: false, initialDoneAt: now } : {}),
    },
  });
  // One email per quarantine episode and reason: the key changes only when the reason does.
  const mail = composeEmail(reasonCode === "credentials" ? "credentials" : "quarantine", ctx.app, { reason, reasonCode, cycleId, at: now });
  await queueNotification({ appId, kind: reasonCode === "credentials" ? "credentials" : "quarantine", stateKey: `${quarantinedAt.toISOString()}:${reasonCode}`, ...mail });
  log.warn("app quarantined", { appId, reasonCode, nextRunAt });
}

async function releaseStaged(ctx: AppContext, staged: { objectType: string; sourceId: string; action: string }[], counts: CycleCounts) {
  const results: WriteResult[] = [];
  for (const s of staged) {
    const kind = s.objectType as ObjectKind;
    const link = await getLink(ctx.app.id, kind, s.sourceId);
    await db.stagedDeletion.deleteMany({ where: { appId: ctx.app.id, objectType: kind, sourceId: s.sourceId } });
    if (!link || link.state === "deleted") continue;
    const started = Date.now();
    try {
      const act = await applyDeprovision(ctx, kind, s.sourceId, link, s.action as "disable" | "delete", null, "Released after the accidental deletion check.");
      counts[kind === "user" ? "users" : "groups"][act.outcome] += 1;
      results.push({
        kind, sourceId: s.sourceId, outcome: act.outcome, action: act.action, status: act.status, steps: [], modifiedProperties: act.props ?? [],
        log: { appId: ctx.app.id, appName: ctx.app.displayName, cycleId: ctx.cycleId, objectType: kind, action: act.action, status: act.status, sourceId: s.sourceId, sourceIdentity: (link.exported.userName ?? link.exported.displayName ?? null) as string | null, targetId: link.targetId, steps: [{ name: "Perform action", status: "success", details: `${s.action === "delete" ? "Deleted" : "Disabled"} after the accidental deletion check.` }], modifiedProperties: act.props ?? [], durationMs: Date.now() - started },
      });
    } catch (err) {
      if (err instanceof CredentialsRejected) throw err;
      const e = explainError(err);
      counts[kind === "user" ? "users" : "groups"].failed += 1;
      results.push({
        kind, sourceId: s.sourceId, outcome: "failed", action: s.action as "disable", status: "failure", steps: [], modifiedProperties: [],
        log: { appId: ctx.app.id, appName: ctx.app.displayName, cycleId: ctx.cycleId, objectType: kind, action: s.action as "disable", status: "failure", sourceId: s.sourceId, targetId: link.targetId, errorCode: e.code, reason: e.reason, recommendation: e.recommendation, durationMs: Date.now() - started },
      });
    }
  }
  if (results.length) await writeProvisioningLogs(results.map((r) => r.log));
}

/**
 * A quarantine for rejected credentials ends as soon as saved credentials pass Test
 * Connection (as in Entra); the next cycle runs at once. Returns whether it was lifted.
 */
export async function liftCredentialsQuarantine(appId: string): Promise<boolean> {
  const [state, app] = await Promise.all([db.syncState.findUnique({ where: { appId } }), db.app.findUnique({ where: { id: appId }, select: { lastTestOk: true, lastTestAt: true } })]);
  if (state?.state !== "quarantined" || state.reasonCode !== "credentials" || !app?.lastTestOk) return false;
  if (state.quarantinedAt && app.lastTestAt && app.lastTestAt < state.quarantinedAt) return false;
  await db.syncState.update({ where: { appId }, data: { state: "idle", reason: null, reasonCode: null, quarantinedAt: null, quarantineLevel: 0, nextRunAt: new Date() } });
  log.info("credentials quarantine lifted after a passing Test Connection", { appId });
  return true;
}

/** "Allow deletions": apply what the threshold held back and resume. */
export async function releasePausedDeletions(appId: string): Promise<number> {
  const staged = await db.stagedDeletion.findMany({ where: { appId } });
  const state = await db.syncState.findUnique({ where: { appId } });
  const ctx = await loadAppContext(appId, { cycleId: state?.pausedCycleId ?? null, stageDeletions: false });
  const counts = emptyCounts();
  await releaseStaged(ctx, staged, counts);
  if (state?.pausedCycleId) {
    const c = await db.syncCycle.findUnique({ where: { id: state.pausedCycleId } });
    if (c) {
      const prev = c.counts as unknown as CycleCounts;
      for (const k of ["users", "groups"] as const) for (const o of Object.keys(prev[k]) as (keyof CycleCounts["users"])[]) prev[k][o] += counts[k][o];
      await db.syncCycle.update({ where: { id: c.id }, data: { status: "completed", counts: prev as unknown as Prisma.InputJsonValue } });
    }
  }
  await db.syncState.update({ where: { appId }, data: { state: "idle", reason: null, reasonCode: null, pausedCycleId: null } });
  return staged.length;
}
