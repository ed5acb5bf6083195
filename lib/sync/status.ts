// GET …/provisioning/status and …/cycles (api.md shapes), read by Sync details.
import { db } from "../db";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { inLocale, renderText } from "../logs/text";
import { appIsDue } from "./due";
import { notFound } from "../errors";
import { parseCounts } from "./checkpoint";
import { syncJobState } from "../jobs/sync-job-state";
import { reconcileIntervalMs, type ReconcilePlan } from "./reconcile";

type CycleRow = { id: string; type: string; status: string; phase: string | null; startedAt: Date; finishedAt: Date | null; processed: number; total: number; counts: unknown; error: string | null };

export function cycleView(c: CycleRow) {
  return {
    id: c.id, type: c.type, status: c.status, phase: c.phase, startedAt: c.startedAt.toISOString(), finishedAt: c.finishedAt?.toISOString() ?? null,
    durationMs: c.finishedAt ? c.finishedAt.getTime() - c.startedAt.getTime() : null, processed: c.processed, total: c.total,
    counts: parseCounts(c.counts), outcome: c.finishedAt ? c.status : null, error: c.error,
  };
}

/** The status; the quarantine or pause reason in `locale` (reasonCode stays as is). */
export async function getStatus(appId: string, locale: Locale = DEFAULT_LOCALE) {
  const app = await db.app.findUnique({ where: { id: appId }, select: { id: true, status: true } });
  if (!app) throw notFound("The application");
  const state = await db.syncState.findUnique({ where: { appId } });
  const current = await db.syncCycle.findFirst({ where: { appId, status: "running", type: { not: "on_demand" } }, orderBy: { startedAt: "desc" } });
  const last = await db.syncCycle.findFirst({ where: { appId, finishedAt: { not: null }, type: { not: "on_demand" } }, orderBy: { finishedAt: "desc" } });
  const escrowed = await db.syncEscrow.count({ where: { appId } });
  const staged = await db.stagedDeletion.count({ where: { appId } });
  const conflicts = await db.syncConflict.count({ where: { appId } });
  const s = state?.state ?? "idle";
  const lastFull = await db.syncCycle.findFirst({ where: { appId, type: "initial", finishedAt: { not: null } }, orderBy: { finishedAt: "desc" }, select: { reconcile: true } });
  const every = await reconcileIntervalMs();
  const plan = (lastFull?.reconcile ?? {}) as ReconcilePlan;
  const stateOut = app.status !== "on" ? "off" : s === "quarantined" || s === "paused" ? s : current ? "running" : await queuedOrIdle(appId, last?.finishedAt ?? null);
  return {
    state: stateOut as "off" | "idle" | "queued" | "starting" | "running" | "quarantined" | "paused",
    reason: renderText(locale, state?.reasonText, state?.reason),
    reasonCode: state?.reasonCode ?? null,
    currentCycle: current ? cycleView(current) : null,
    lastCycle: last ? cycleView(last) : null,
    nextRunAt: app.status === "on" ? state?.nextRunAt?.toISOString() ?? null : null,
    // Never while quarantined (changes are held back) or while escrow holds objects.
    steadyState: !!state?.initialDoneAt && !state.needsInitial && escrowed === 0 && s !== "quarantined",
    escrowed,
    pendingDeletions: staged,
    /** objects not provisioned because their match in the target belongs to another object */
    conflicts,
    reconcile: {
      strategy: plan.user?.strategy ?? plan.group?.strategy ?? null,
      reason: inLocale(locale, plan.user?.reason ?? plan.group?.reason ?? null),
      lastAt: state?.initialDoneAt?.toISOString() ?? null,
      nextAt: state?.initialDoneAt && every !== null ? new Date(state.initialDoneAt.getTime() + every).toISOString() : null,
    },
    quarantinedAt: state?.quarantinedAt?.toISOString() ?? null,
    watermark: (state?.watermark ?? 0n).toString(),
  };
}

/** Between a command and the worker's first page: a due job waits (queued) or a worker took it and has not opened a cycle yet (starting). */
async function queuedOrIdle(appId: string, lastFinishedAt: Date | null): Promise<"idle" | "queued" | "starting"> {
  const job = await syncJobState(appId);
  // a job still marked active just after its cycle finished is not a new start
  if (job.activeSince && (!lastFinishedAt || job.activeSince > lastFinishedAt)) return "starting";
  // A job waiting for an app with nothing due (its work was done by another path, e.g. a cycle
  // run on demand) will find nothing to do: the app is idle, not queued.
  return job.waiting && (await appIsDue(appId)) ? "queued" : "idle";
}

export async function listCycles(appId: string, q: { limit: number; cursor?: string | null }) {
  const app = await db.app.findUnique({ where: { id: appId }, select: { id: true } });
  if (!app) throw notFound("The application");
  const before = q.cursor ? await db.syncCycle.findUnique({ where: { id: q.cursor }, select: { startedAt: true } }) : null;
  const rows = await db.syncCycle.findMany({
    where: { appId, ...(before ? { startedAt: { lt: before.startedAt } } : {}) },
    orderBy: { startedAt: "desc" },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return { items: page.map(cycleView), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}
