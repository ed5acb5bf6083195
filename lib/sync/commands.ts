// Start / Stop / Restart / Allow deletions (provision on demand: ./on-demand.ts).
import { updateProvisioning } from "../apps/provisioning";
import type { Actor } from "../auth/roles";
import { db, Prisma } from "../db";
import { AppError, localized, notFound } from "../errors";
import { enqueueSync } from "../jobs/enqueue";
import { writeAudit } from "../logs/audit";
import { releasePausedDeletions } from "./outcome";
import { requestCycleNow } from "./state";
import { CredentialsRejected } from "./types";

export async function appOrThrow(appId: string) {
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
      update: { state: "idle", reason: null, reasonText: Prisma.DbNull, reasonCode: null, watermark: 0n, needsInitial: true, quarantinedAt: null, quarantineLevel: 0, pausedCycleId: null, nextRunAt: new Date(), notifiedState: null },
    });
    await writeAudit(actor, { action: "provisioning.restart", targetType: "app", targetId: appId, targetName: app.displayName }, tx, ip);
  });
  if (app.status === "on") await enqueueSync(appId);
  return { restarted: true };
}

export async function allowDeletions(actor: Actor, appId: string, ip?: string) {
  const app = await appOrThrow(appId);
  const state = await db.syncState.findUnique({ where: { appId } });
  if (state?.state !== "paused") throw localized(new AppError("conflict", "Provisioning is not paused by the accidental deletion threshold; there is nothing to allow."), "notPaused");
  // Rejected credentials are the app's problem, not a server error: say what to do.
  const released = await releasePausedDeletions(appId).catch((err: unknown) => {
    if (err instanceof CredentialsRejected) throw localized(new AppError("unprocessable", `The target rejected the admin credentials: ${err.message} Check them on the Provisioning page and run Test Connection, then Allow deletions again.`), "credentialsRejectedAllow", { error: err.message });
    throw err;
  });
  await writeAudit(actor, { action: "provisioning.allow_deletions", targetType: "app", targetId: appId, targetName: app.displayName, after: { released } }, undefined, ip);
  if (app.status === "on") {
    await requestCycleNow(appId);
    await enqueueSync(appId);
  }
  return { released };
}
