// Start / Stop / Restart / Allow deletions / Provision on demand.
import { updateProvisioning } from "../apps/provisioning";
import type { Actor } from "../auth/roles";
import { db, Prisma } from "../db";
import { AppError, notFound } from "../errors";
import { enqueueSync } from "../jobs/enqueue";
import { writeAudit } from "../logs/audit";
import type { LogStep, ModifiedProperty } from "../logs/provisioning-log";
import { loadAppContext } from "./context";
import { writeLogsSettling } from "./intents";
import { releasePausedDeletions } from "./outcome";
import { requestCycleNow } from "./state";
import { CredentialsRejected, emptyCounts } from "./types";
import { writeObject } from "./write-object";

async function appOrThrow(appId: string) {
  const app = await db.app.findUnique({ where: { id: appId } });
  if (!app) throw notFound("The application");
  return app;
}

/**
 * Start provisioning: turn Status On (same checks as Save) and queue a cycle now — one job:
 * turning On here does not also announce the change to the listener.
 */
export async function startProvisioning(actor: Actor, appId: string, ip?: string) {
  const app = await appOrThrow(appId);
  if (app.status !== "on") await updateProvisioning(actor, appId, { status: "on" }, { ip, announce: false });
  else await writeAudit(actor, { action: "provisioning.start", targetType: "app", targetId: appId, targetName: app.displayName }, undefined, ip);
  await requestCycleNow(appId);
  await enqueueSync(appId);
  return { queued: true };
}

/** Stop provisioning: Status Off; a running cycle stops at its next page boundary. */
export async function stopProvisioning(actor: Actor, appId: string, ip?: string) {
  await appOrThrow(appId);
  await updateProvisioning(actor, appId, { status: "off" }, { ip });
  return { stopped: true };
}

/**
 * Restart: clear the watermark, escrows, staged deletions and quarantine, cancel a
 * running cycle; the next cycle is initial. Links are kept, so nothing is duplicated.
 */
export async function restartProvisioning(actor: Actor, appId: string, ip?: string) {
  const app = await appOrThrow(appId);
  await db.$transaction(async (tx) => {
    await tx.syncCycle.updateMany({ where: { appId, status: { in: ["running", "paused"] } }, data: { status: "cancelled", finishedAt: new Date(), error: "Provisioning was restarted.", checkpoint: Prisma.DbNull } });
    await tx.syncEscrow.deleteMany({ where: { appId } });
    await tx.stagedDeletion.deleteMany({ where: { appId } });
    await tx.syncState.upsert({
      where: { appId },
      create: { appId, needsInitial: true },
      update: { state: "idle", reason: null, reasonCode: null, watermark: 0n, needsInitial: true, quarantinedAt: null, quarantineLevel: 0, pausedCycleId: null, nextRunAt: new Date(), notifiedState: null },
    });
    await writeAudit(actor, { action: "provisioning.restart", targetType: "app", targetId: appId, targetName: app.displayName }, tx, ip);
  });
  if (app.status === "on") await enqueueSync(appId);
  return { restarted: true };
}

export async function allowDeletions(actor: Actor, appId: string, ip?: string) {
  const app = await appOrThrow(appId);
  const state = await db.syncState.findUnique({ where: { appId } });
  if (state?.state !== "paused") throw new AppError("conflict", "Provisioning is not paused by the accidental deletion threshold; there is nothing to allow.");
  // Rejected credentials are the app's problem, not a server error: say what to do.
  const released = await releasePausedDeletions(appId).catch((err: unknown) => {
    if (err instanceof CredentialsRejected) throw new AppError("unprocessable", `The target rejected the admin credentials: ${err.message} Check them on the Provisioning page and run Test Connection, then Allow deletions again.`);
    throw err;
  });
  await writeAudit(actor, { action: "provisioning.allow_deletions", targetType: "app", targetId: appId, targetName: app.displayName, after: { released } }, undefined, ip);
  if (app.status === "on") {
    await requestCycleNow(appId);
    await enqueueSync(appId);
  }
  return { released };
}

export type OnDemandResult = {
  status: "success" | "failure" | "skipped";
  action: string;
  steps: LogStep[];
  modifiedProperties: ModifiedProperty[];
  targetId: string | null;
  cycleId: string;
  reason: string | null;
  recommendation: string | null;
};

/** Provision one user now, synchronously, through the same writeObject() path; logs like any cycle. */
export async function provisionOnDemand(actor: Actor, appId: string, userId: string, ip?: string): Promise<OnDemandResult> {
  const app = await appOrThrow(appId);
  const user = await db.directoryUser.findUnique({ where: { id: userId }, select: { id: true, userPrincipalName: true } });
  if (!user) throw notFound("The user");
  const cycle = await db.syncCycle.create({ data: { appId, type: "on_demand", status: "running", total: 1, counts: emptyCounts() as unknown as Prisma.InputJsonValue } });
  const ctx = await loadAppContext(appId, { cycleId: cycle.id, stageDeletions: false });
  let result;
  try {
    result = await writeObject(ctx, "user", userId, { onDemand: true });
  } catch (err) {
    await db.syncCycle.update({ where: { id: cycle.id }, data: { status: "failed", finishedAt: new Date(), error: (err as Error).message } });
    if (err instanceof CredentialsRejected) throw new AppError("unprocessable", `The target rejected the admin credentials: ${err.message} Check them on the Provisioning page and run Test Connection.`);
    throw err;
  }
  const counts = emptyCounts();
  counts.users[result.outcome] += 1;
  await writeLogsSettling([result.log], [result.intentId]);
  await db.syncCycle.update({ where: { id: cycle.id }, data: { status: result.outcome === "failed" ? "failed" : "completed", finishedAt: new Date(), processed: 1, counts: counts as unknown as Prisma.InputJsonValue } });
  await writeAudit(actor, { action: "provisioning.provision_on_demand", targetType: "app", targetId: appId, targetName: app.displayName, after: { user: user.userPrincipalName, action: result.action, status: result.status } }, undefined, ip);
  return {
    status: result.status, action: result.action, steps: result.steps, modifiedProperties: result.modifiedProperties, targetId: result.targetId ?? null,
    cycleId: cycle.id, reason: result.log.reason ?? null, recommendation: result.log.recommendation ?? null,
  };
}
