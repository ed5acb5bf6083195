// Aggregates for the Overview: actions per day (UTC days) and failures in the
// last 24 hours per app, plus the apps worth looking at (quarantined and paused first).
import { db, Prisma } from "../db";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { renderText } from "./text";

export type DaySummary = { day: string; create: number; update: number; disable: number; delete: number; other: number; failure: number };
export type AppFailures = { appId: string; appName: string | null; failures: number };

export async function logsSummary({ days, appId, now = new Date() }: { days: number; appId?: string; now?: Date }): Promise<{ days: DaySummary[]; failures24h: AppFailures[] }> {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(startOfToday - (days - 1) * 86_400_000);
  const appCond = appId ? Prisma.sql`AND "appId" = ${appId}` : Prisma.empty;
  const [perDay, failures] = await Promise.all([
    db.$queryRaw<{ day: string; action: string; status: string; n: number }[]>`
      SELECT to_char(date_trunc('day', at), 'YYYY-MM-DD') AS day, action, status, count(*)::int AS n
        FROM provisioning_log WHERE at >= ${since}::timestamp ${appCond} GROUP BY 1, 2, 3`,
    db.$queryRaw<AppFailures[]>`
      SELECT "appId", max("appName") AS "appName", count(*)::int AS failures
        FROM provisioning_log WHERE status = 'failure' AND at >= ${new Date(now.getTime() - 86_400_000)}::timestamp ${appCond}
       GROUP BY "appId" ORDER BY failures DESC LIMIT 100`,
  ]);
  const byDay = new Map<string, DaySummary>();
  for (let i = 0; i < days; i++) {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, { day, create: 0, update: 0, disable: 0, delete: 0, other: 0, failure: 0 });
  }
  for (const r of perDay) {
    const d = byDay.get(r.day);
    if (!d) continue;
    const bucket = r.action === "create" || r.action === "update" || r.action === "disable" || r.action === "delete" ? r.action : "other";
    d[bucket] += r.n;
    if (r.status === "failure") d.failure += r.n;
  }
  return { days: [...byDay.values()], failures24h: failures };
}

export type OverviewApp = {
  id: string;
  displayName: string;
  templateId: string;
  status: string;
  state: string | null;
  reason: string | null;
  nextRunAt: string | null;
  lastCycle: { status: string; finishedAt: string | null } | null;
  failures24h: number;
};

/** Apps with provisioning on (or stuck quarantined/paused), the ones needing attention first. */
export async function overviewApps(now = new Date(), locale: Locale = DEFAULT_LOCALE): Promise<{ apps: OverviewApp[]; totalApps: number }> {
  const [rows, totalApps, summary] = await Promise.all([
    db.$queryRaw<{ id: string; displayName: string; templateId: string; status: string; state: string | null; reason: string | null; reasonText: unknown; nextRunAt: Date | null; lastStatus: string | null; lastFinishedAt: Date | null }[]>`
      SELECT a.id, a."displayName", a."templateId", a.status, s.state, s.reason, s."reasonText", s."nextRunAt",
             c.status AS "lastStatus", c."finishedAt" AS "lastFinishedAt"
        FROM app a
        LEFT JOIN sync_state s ON s."appId" = a.id
        LEFT JOIN LATERAL (SELECT status, "finishedAt" FROM sync_cycle WHERE "appId" = a.id AND "finishedAt" IS NOT NULL ORDER BY "startedAt" DESC LIMIT 1) c ON true
       WHERE a.status = 'on' OR s.state IN ('quarantined', 'paused')
       ORDER BY CASE s.state WHEN 'quarantined' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END, a."displayName", a.id
       LIMIT 500`,
    db.app.count(),
    logsSummary({ days: 1, now }),
  ]);
  const failures = new Map(summary.failures24h.map((f) => [f.appId, f.failures]));
  return {
    totalApps,
    apps: rows.map((r) => ({
      id: r.id, displayName: r.displayName, templateId: r.templateId, status: r.status, state: r.state, reason: renderText(locale, r.reasonText, r.reason),
      nextRunAt: r.nextRunAt?.toISOString() ?? null,
      lastCycle: r.lastStatus ? { status: r.lastStatus, finishedAt: r.lastFinishedAt?.toISOString() ?? null } : null,
      failures24h: failures.get(r.id) ?? 0,
    })),
  };
}
