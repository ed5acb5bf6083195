"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DATE_TIME } from "@/components/ui/formats";
import { Badge, Banner, EmptyState, ErrorState, LoadingRows, ProgressBar } from "@/components/ui/states";
import { api, ApiError } from "@/lib/api/client";
import { SyncCyclesTable } from "./sync-cycles-table";
import { refreshSync, syncKeys, type CommandNote } from "./sync-keys";
import { CountsTable, useDuration, type Cycle } from "./sync-shared";
import { cycleRate, pollMs, SHOWN, shownState, type SyncState } from "./sync-state";
import { SyncStatistics } from "./sync-statistics";

// recharts is ~130 KB gzip: loaded only when a history is shown
function ChartLoading() {
  const t = useTranslations("sync.chart");
  return <LoadingRows rows={2} label={t("loading")} />;
}
const SyncCyclesChart = dynamic(() => import("./sync-cycles-chart").then((m) => m.SyncCyclesChart), { ssr: false, loading: () => <ChartLoading /> });

export type SyncStatus = {
  state: SyncState;
  reason: string | null;
  reasonCode?: string | null;
  currentCycle: Cycle | null;
  lastCycle: Cycle | null;
  nextRunAt: string | null;
  steadyState: boolean;
  escrowed?: number;
  pendingDeletions?: number;
  conflicts?: number;
  reconcile?: { strategy: "lookup" | "list" | null; lastAt: string | null; nextAt: string | null };
  quarantinedAt?: string | null;
};

const CYCLE_TYPES = ["initial", "incremental", "on_demand"] as const;
const OUTCOMES = ["completed", "completed_with_failures", "failed", "paused", "cancelled", "running", "quarantined"] as const;

/** Dates, cycle types and outcomes of Sync details in the reader's language. */
function useSyncWords() {
  const t = useTranslations("sync");
  const format = useFormatter();
  return {
    when: (iso: string | null | undefined) => (iso ? format.dateTime(new Date(iso), DATE_TIME) : "—"),
    cycleType: (type: string) => ((CYCLE_TYPES as readonly string[]).includes(type) ? t(`cycleType.${type as (typeof CYCLE_TYPES)[number]}`) : type),
    outcome: (o: string | null | undefined) => (o && (OUTCOMES as readonly string[]).includes(o) ? t(`outcome.${o as (typeof OUTCOMES)[number]}`) : (o ?? "—")),
  };
}

/** The status of one app, read live while anything is queued or running. Shared by Sync details and the Edit page's state line. */
export function useSyncStatus(appId: string) {
  const qc = useQueryClient();
  const note = useQuery<CommandNote | null>({ queryKey: syncKeys.command(appId), queryFn: () => null, enabled: false, initialData: null }).data ?? undefined;
  const status = useQuery({
    queryKey: syncKeys.status(appId),
    queryFn: () => api<SyncStatus>(`/api/v1/apps/${encodeURIComponent(appId)}/provisioning/status`),
    refetchInterval: (q) => (q.state.error ? false : pollMs(q.state.data ? shownState(q.state.data, note, Date.now()) : undefined)),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 1,
  });
  const shown = status.data ? shownState(status.data, note, status.dataUpdatedAt) : undefined;
  // When a cycle ends (the last cycle changes), history and statistics follow without a reload.
  const lastId = status.data?.lastCycle?.id ?? null;
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (seen.current !== undefined && seen.current !== lastId) refreshSync(qc, appId);
    seen.current = lastId;
  }, [lastId, qc, appId]);
  return { status, shown };
}

/** Sync details of one app: banners with their fixes first, then the current cycle with its progress, statistics to date, last and next cycle, and cycle history. */
export function SyncDetails({ appId, editHref }: { appId: string; editHref?: string }) {
  const canAct = useCan("app_admin");
  const t = useTranslations("sync");
  const duration = useDuration();
  const { when, cycleType, outcome } = useSyncWords();
  const qc = useQueryClient();
  const base = `/api/v1/apps/${encodeURIComponent(appId)}/provisioning`;
  const { status, shown } = useSyncStatus(appId);
  const live = shown === "queued" || shown === "starting" || shown === "running";
  const cycles = useQuery({
    queryKey: syncKeys.cycles(appId),
    queryFn: () => api<{ items: Cycle[]; nextCursor: string | null }>(`${base}/cycles?limit=30`),
    enabled: status.isSuccess,
    refetchInterval: live ? 5_000 : 30_000,
  });
  const [confirm, setConfirm] = useState<null | "restart" | "allow-deletions">(null);
  const command = useMutation({
    mutationFn: (name: "restart" | "allow-deletions") => api(`${base}/${name}`, { method: "POST", body: {} }),
    onSuccess: (_d, name) => {
      toast.success(name === "restart" ? t("toast.restarted") : t("toast.allowed"));
      setConfirm(null);
      refreshSync(qc, appId);
    },
    onError: (e: Error) => toast.error(e.message),
  });
  // Re-render every second while a cycle runs: rate and time left move with the clock.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [live]);

  if (status.isPending) return <LoadingRows label={t("details.loading")} />;
  if (status.isError) {
    if (status.error instanceof ApiError && status.error.status === 404) {
      return <EmptyState title={t("details.notAvailable")}>{status.error.code === "not_found" ? status.error.message : t("details.notAvailableHint")}</EmptyState>;
    }
    return <ErrorState message={status.error.message} />;
  }
  const s = status.data;
  const shownKey = shown ?? "on";
  const st = SHOWN[shownKey];
  const logsHref = `/provisioning-logs?appId=${encodeURIComponent(appId)}`;
  const credentialsHref = `${editHref ?? `/apps/${encodeURIComponent(appId)}/provisioning/edit`}#credentials`;
  const history = cycles.data?.items.filter((c) => c.type !== "on_demand") ?? [];
  const onDemandRuns = (cycles.data?.items.length ?? 0) - history.length;

  return (
    <section aria-label={t("details.title")} className="space-y-4">
      {s.state === "quarantined" && (
        <Banner tone="error">
          <div data-testid="quarantine-banner" className="space-y-2">
            <p className="font-semibold">{s.quarantinedAt ? t("quarantine.titleSince", { at: when(s.quarantinedAt) }) : t("quarantine.title")}</p>
            <p>{s.reason ?? t("quarantine.defaultReason")}</p>
            <p>{t(quarantineFix(s.reasonCode))}{t("quarantine.late")}</p>
            {canAct && (
              <div className="flex flex-wrap gap-2">
                {s.reasonCode === "credentials" && <Button asChild variant="primary"><Link href={credentialsHref}>{t("quarantine.editCredentials")}</Link></Button>}
                <Button variant={s.reasonCode === "credentials" ? "secondary" : "primary"} onClick={() => setConfirm("restart")}>{t("quarantine.restart")}</Button>
                <Button asChild variant="ghost"><Link href={`${logsHref}&status=failure`}>{t("quarantine.viewFailures")}</Link></Button>
              </div>
            )}
          </div>
        </Banner>
      )}
      {s.state === "paused" && (
        <Banner tone="warning">
          <div data-testid="paused-banner" className="space-y-2">
            <p className="font-semibold">{t("paused.title")}</p>
            <p>{s.reason ?? t("paused.defaultReason")}{s.pendingDeletions ? t("paused.heldBack", { count: s.pendingDeletions }) : ""}</p>
            <p>{t("paused.hint")}</p>
            {canAct && (
              <div className="flex flex-wrap gap-2">
                <Button variant="primary" onClick={() => setConfirm("allow-deletions")}>{t("paused.allow")}</Button>
                <Button onClick={() => setConfirm("restart")}>{t("paused.restart")}</Button>
              </div>
            )}
          </div>
        </Banner>
      )}
      {s.state === "off" && <Banner tone="info">{t.rich("off.banner", { link: (c) => <Link className="underline" href={editHref ?? `/apps/${encodeURIComponent(appId)}/provisioning/edit`}>{c}</Link> })}</Banner>}

      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">{t("details.title")}</h2>
        <Badge tone={st.tone}>{t(`state.${shownKey}.label`)}</Badge>
        <Link href={logsHref} className="link ml-auto text-sm">{t("details.viewLogs")}</Link>
      </div>
      <p className="text-sm" data-testid="sync-state" role="status">{t(`state.${shownKey}.words`)}</p>

      <div className="grid gap-4 2xl:grid-cols-2">
        <div className="min-w-0 rounded border border-gray-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">{t("details.currentCycle")}</h3>
          {s.currentCycle ? <CurrentCycle cycle={s.currentCycle} now={now} /> : (
            <p className="text-sm text-gray-700">{shown === "queued" ? t("details.queuedHint") : shown === "starting" ? t("details.starting") : t("details.noCycleRunning")}</p>
          )}
        </div>
        <div className="min-w-0 rounded border border-gray-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">{t("details.lastCycle")}</h3>
          {s.lastCycle ? (
            <div className="space-y-2">
              <dl className="grid grid-cols-[7rem_1fr] gap-1 text-sm">
                <dt className="text-gray-600">{t("details.type")}</dt><dd>{cycleType(s.lastCycle.type)}</dd>
                <dt className="text-gray-600">{t("details.started")}</dt><dd>{when(s.lastCycle.startedAt)}</dd>
                <dt className="text-gray-600">{t("details.finished")}</dt><dd>{when(s.lastCycle.finishedAt)}</dd>
                <dt className="text-gray-600">{t("details.duration")}</dt><dd>{duration(s.lastCycle.durationMs)}</dd>
                <dt className="text-gray-600">{t("details.outcome")}</dt><dd data-testid="last-cycle-outcome">{outcome(s.lastCycle.outcome ?? s.lastCycle.status)}</dd>
              </dl>
              <CountsTable counts={s.lastCycle.counts} label={t("details.countsLast")} />
            </div>
          ) : <p className="text-sm text-gray-700">{t("details.noCycleFinished")}</p>}
        </div>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-gray-600">{t("details.nextRun")}</dt><dd>{s.state === "off" ? t("details.notScheduled") : live ? t("details.afterCurrent") : s.nextRunAt ? when(s.nextRunAt) : "—"}</dd>
        <dt className="text-gray-600">{t("details.steadyState")}</dt>
        <dd>{s.steadyState ? t("details.steadyYes") : s.state === "quarantined" ? t("details.steadyNoQuarantine") : s.escrowed ? t("details.steadyNoEscrow", { count: s.escrowed }) : t("details.steadyNo")}</dd>
        <dt className="text-gray-600">{t("details.conflicts")}</dt>
        <dd data-testid="sync-conflicts">{s.conflicts ? t("details.conflictsCount", { count: s.conflicts }) : t("details.none")}</dd>
        <dt className="text-gray-600">{t("details.fullReconcile")}</dt>
        <dd>{s.reconcile?.lastAt ? `${t("details.reconcileLast", { at: when(s.reconcile.lastAt) })}${s.reconcile.strategy ? t(s.reconcile.strategy === "list" ? "details.reconcileList" : "details.reconcileLookup") : ""}` : t("details.notYet")}{s.reconcile?.nextAt ? t("details.reconcileNext", { at: when(s.reconcile.nextAt) }) : ""}</dd>
      </dl>

      <SyncStatistics appId={appId} />

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{t("details.cycleHistory")}</h3>
        {cycles.isPending ? <LoadingRows rows={3} /> : cycles.isError ? <ErrorState message={cycles.error.message} /> : history.length === 0 ? (
          <p className="text-sm text-gray-700">{t("details.noCycles")}</p>
        ) : (
          <>
            <SyncCyclesChart cycles={history} />
            <SyncCyclesTable cycles={history} appId={appId} />
          </>
        )}
        {onDemandRuns > 0 && (
          <p className="text-sm text-gray-700">
            {t.rich("details.onDemandNotCounted", { count: onDemandRuns, link: (c) => <Link className="underline text-[#0f6cbd]" href={logsHref}>{c}</Link> })}
          </p>
        )}
      </div>

      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={confirm === "allow-deletions" ? t("confirm.allowTitle") : t("confirm.restartTitle")}
        confirmLabel={confirm === "allow-deletions" ? t("confirm.allow") : t("confirm.restart")}
        danger={confirm === "allow-deletions"}
        busy={command.isPending}
        onConfirm={() => confirm && command.mutate(confirm)}
      >
        {confirm === "allow-deletions"
          ? (s.pendingDeletions ? t("confirm.allowBodyCount", { count: s.pendingDeletions }) : t("confirm.allowBody"))
          : t("confirm.restartBody")}
      </ConfirmDialog>
    </section>
  );
}

function CurrentCycle({ cycle, now }: { cycle: Cycle; now: number }) {
  const { perSecond, secondsLeft } = cycleRate(cycle, now);
  const t = useTranslations("sync");
  const format = useFormatter();
  const duration = useDuration();
  const { when, cycleType } = useSyncWords();
  return (
    <div className="space-y-2" data-testid="current-cycle">
      <p className="text-sm">{cycleType(cycle.type)}{cycle.phase ? t("details.phase", { phase: t.has(`phases.${cycle.phase}` as "phases.users") ? t(`phases.${cycle.phase}` as "phases.users") : cycle.phase.replaceAll("_", " ") }) : ""}{t("details.startedAt", { at: when(cycle.startedAt) })}</p>
      <ProgressBar value={cycle.processed} max={Math.max(cycle.total, cycle.processed)} label={t("details.cycleProgress")} />
      <p className="text-xs text-gray-700">
        {perSecond === null ? t("details.rateMeasuring") : t("details.rate", { rate: perSecond >= 10 ? format.number(Math.round(perSecond)) : format.number(perSecond, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
        {secondsLeft !== null ? t("details.timeLeft", { left: duration(secondsLeft, "s") }) : ""}
      </p>
      <CountsTable counts={cycle.counts} label={t("details.countsCurrent")} />
    </div>
  );
}

function quarantineFix(code: string | null | undefined) {
  if (code === "credentials") return "quarantine.fixCredentials" as const;
  if (code === "failures") return "quarantine.fixFailures" as const;
  return "quarantine.fixOther" as const;
}
