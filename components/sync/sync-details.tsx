"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Badge, Banner, EmptyState, ErrorState, LoadingRows, ProgressBar } from "@/components/ui/states";
import { api, ApiError } from "@/lib/api/client";
import { SyncCyclesTable } from "./sync-cycles-table";
import { refreshSync, syncKeys, type CommandNote } from "./sync-keys";
import { CountsTable, duration, type Cycle } from "./sync-shared";
import { cycleRate, formatSeconds, pollMs, SHOWN, shownState, type SyncState } from "./sync-state";
import { SyncStatistics } from "./sync-statistics";

// recharts is ~130 KB gzip: loaded only when a history is shown
const SyncCyclesChart = dynamic(() => import("./sync-cycles-chart").then((m) => m.SyncCyclesChart), { ssr: false, loading: () => <LoadingRows rows={2} label="Loading the chart" /> });

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

const TYPE_LABEL: Record<string, string> = { initial: "Initial cycle", incremental: "Incremental cycle", on_demand: "On-demand" };
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");

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
      toast.success(name === "restart" ? "Provisioning restarted: the next cycle is an initial cycle." : "Deletions allowed: the paused cycle continues.");
      setConfirm(null);
      refreshSync(qc, appId);
    },
    onError: (e: Error) => toast.error(e.message),
  });
  // Re-render every second while a cycle runs: rate and time left move with the clock.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [live]);

  if (status.isPending) return <LoadingRows label="Loading sync details" />;
  if (status.isError) {
    if (status.error instanceof ApiError && status.error.status === 404) {
      return <EmptyState title="Sync details are not available yet">{status.error.message === "The application was not found." ? status.error.message : "The sync engine has not reported a status for this application yet. Details appear here once provisioning runs."}</EmptyState>;
    }
    return <ErrorState message={status.error.message} />;
  }
  const s = status.data;
  const st = SHOWN[shown ?? "on"];
  const logsHref = `/provisioning-logs?appId=${encodeURIComponent(appId)}`;
  const credentialsHref = `${editHref ?? `/apps/${encodeURIComponent(appId)}/provisioning/edit`}#credentials`;
  const history = cycles.data?.items.filter((c) => c.type !== "on_demand") ?? [];
  const onDemandRuns = (cycles.data?.items.length ?? 0) - history.length;

  return (
    <section aria-label="Sync details" className="space-y-4">
      {s.state === "quarantined" && (
        <Banner tone="error">
          <div data-testid="quarantine-banner" className="space-y-2">
            <p className="font-semibold">Provisioning is in quarantine{s.quarantinedAt ? ` since ${when(s.quarantinedAt)}` : ""}.</p>
            <p>{s.reason ?? "Too many operations against the app failed."}</p>
            <p>{quarantineFix(s.reasonCode)} While quarantined, cycles run less often, so changes reach the app late.</p>
            {canAct && (
              <div className="flex flex-wrap gap-2">
                {s.reasonCode === "credentials" && <Button asChild variant="primary"><Link href={credentialsHref}>Edit credentials</Link></Button>}
                <Button variant={s.reasonCode === "credentials" ? "secondary" : "primary"} onClick={() => setConfirm("restart")}>Restart provisioning</Button>
                <Button asChild variant="ghost"><Link href={`${logsHref}&status=failure`}>View failures</Link></Button>
              </div>
            )}
          </div>
        </Banner>
      )}
      {s.state === "paused" && (
        <Banner tone="warning">
          <div data-testid="paused-banner" className="space-y-2">
            <p className="font-semibold">Provisioning is paused: deletions need your approval.</p>
            <p>{s.reason ?? "The last cycle would disable or delete more accounts than the accidental deletion threshold allows."}{s.pendingDeletions ? ` ${s.pendingDeletions.toLocaleString()} disables or deletes are held back.` : ""}</p>
            <p>If these removals are expected, allow deletions and the cycle continues. If not, fix the assignments or scoping filters and restart provisioning; nothing has been removed from the app yet.</p>
            {canAct && (
              <div className="flex flex-wrap gap-2">
                <Button variant="primary" onClick={() => setConfirm("allow-deletions")}>Allow deletions</Button>
                <Button onClick={() => setConfirm("restart")}>Restart provisioning</Button>
              </div>
            )}
          </div>
        </Banner>
      )}
      {s.state === "off" && <Banner tone="info">Provisioning is off for this application. Turn Provisioning Status On in <Link className="underline" href={editHref ?? `/apps/${encodeURIComponent(appId)}/provisioning/edit`}>Edit provisioning</Link> to start syncing.</Banner>}

      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">Sync details</h2>
        <Badge tone={st.tone}>{st.label}</Badge>
        <Link href={logsHref} className="link ml-auto text-sm">View provisioning logs</Link>
      </div>
      <p className="text-sm" data-testid="sync-state" role="status">{st.words}</p>

      <div className="grid gap-4 2xl:grid-cols-2">
        <div className="min-w-0 rounded border border-gray-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">Current cycle</h3>
          {s.currentCycle ? <CurrentCycle cycle={s.currentCycle} now={now} /> : (
            <p className="text-sm text-gray-700">{shown === "queued" ? "Queued: the cycle starts when a worker is free." : shown === "starting" ? "Starting…" : "No cycle is running."}</p>
          )}
        </div>
        <div className="min-w-0 rounded border border-gray-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">Last cycle</h3>
          {s.lastCycle ? (
            <div className="space-y-2">
              <dl className="grid grid-cols-[7rem_1fr] gap-1 text-sm">
                <dt className="text-gray-600">Type</dt><dd>{TYPE_LABEL[s.lastCycle.type] ?? s.lastCycle.type}</dd>
                <dt className="text-gray-600">Started</dt><dd>{when(s.lastCycle.startedAt)}</dd>
                <dt className="text-gray-600">Finished</dt><dd>{when(s.lastCycle.finishedAt)}</dd>
                <dt className="text-gray-600">Duration</dt><dd>{duration(s.lastCycle.durationMs)}</dd>
                <dt className="text-gray-600">Outcome</dt><dd data-testid="last-cycle-outcome">{outcomeText(s.lastCycle.outcome ?? s.lastCycle.status)}</dd>
              </dl>
              <CountsTable counts={s.lastCycle.counts} label="Counts of the last cycle" />
            </div>
          ) : <p className="text-sm text-gray-700">No cycle has finished yet.</p>}
        </div>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-gray-600">Next scheduled run</dt><dd>{s.state === "off" ? "Not scheduled (provisioning is off)" : live ? "After the current cycle" : s.nextRunAt ? when(s.nextRunAt) : "—"}</dd>
        <dt className="text-gray-600">Steady state</dt>
        <dd>{s.steadyState ? "Yes: the initial cycle completed and nothing is waiting for a retry." : `No${s.state === "quarantined" ? ": the app is in quarantine and changes are held back" : s.escrowed ? `: ${s.escrowed} object${s.escrowed === 1 ? "" : "s"} waiting for a retry` : ": the initial cycle has not completed"}.`}</dd>
        <dt className="text-gray-600">Conflicts</dt>
        <dd data-testid="sync-conflicts">{s.conflicts ? `${s.conflicts.toLocaleString()} object${s.conflicts === 1 ? "" : "s"} not provisioned: the matching object in the app belongs to another directory object (see the provisioning logs).` : "None"}</dd>
        <dt className="text-gray-600">Full reconcile</dt>
        <dd>{s.reconcile?.lastAt ? `Last ${when(s.reconcile.lastAt)}${s.reconcile.strategy ? ` (${s.reconcile.strategy === "list" ? "read the app's list" : "looked up each object"})` : ""}` : "Not yet"}{s.reconcile?.nextAt ? `; next ${when(s.reconcile.nextAt)}` : ""}</dd>
      </dl>

      <SyncStatistics appId={appId} />

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Cycle history</h3>
        {cycles.isPending ? <LoadingRows rows={3} /> : cycles.isError ? <ErrorState message={cycles.error.message} /> : history.length === 0 ? (
          <p className="text-sm text-gray-700">No cycles yet.</p>
        ) : (
          <>
            <SyncCyclesChart cycles={history} />
            <SyncCyclesTable cycles={history} appId={appId} />
          </>
        )}
        {onDemandRuns > 0 && (
          <p className="text-sm text-gray-700">
            Not counted above: {onDemandRuns} provision-on-demand run{onDemandRuns === 1 ? "" : "s"} (see them in the <Link className="underline text-[#0f6cbd]" href={logsHref}>provisioning logs of this app</Link>).
          </p>
        )}
      </div>

      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={confirm === "allow-deletions" ? "Allow deletions?" : "Restart provisioning?"}
        confirmLabel={confirm === "allow-deletions" ? "Allow deletions" : "Restart"}
        danger={confirm === "allow-deletions"}
        busy={command.isPending}
        onConfirm={() => confirm && command.mutate(confirm)}
      >
        {confirm === "allow-deletions"
          ? `The held-back disables and deletes${s.pendingDeletions ? ` (${s.pendingDeletions.toLocaleString()})` : ""} will be sent to the app.`
          : "Clears the sync state and retries; the next cycle is an initial cycle over every user and group in scope. Nothing is deleted in the app."}
      </ConfirmDialog>
    </section>
  );
}

function CurrentCycle({ cycle, now }: { cycle: Cycle; now: number }) {
  const { perSecond, secondsLeft } = cycleRate(cycle, now);
  return (
    <div className="space-y-2" data-testid="current-cycle">
      <p className="text-sm">{TYPE_LABEL[cycle.type] ?? cycle.type}{cycle.phase ? ` · phase: ${cycle.phase.replaceAll("_", " ")}` : ""} · started {when(cycle.startedAt)}</p>
      <ProgressBar value={cycle.processed} max={Math.max(cycle.total, cycle.processed)} label="Cycle progress" />
      <p className="text-xs text-gray-700">
        {perSecond === null ? "Rate: measuring…" : `Rate: ${perSecond >= 10 ? Math.round(perSecond).toLocaleString() : perSecond.toFixed(1)} objects/s`}
        {secondsLeft !== null ? ` · about ${formatSeconds(secondsLeft)} left` : ""}
      </p>
      <CountsTable counts={cycle.counts} label="Counts of the current cycle" />
    </div>
  );
}

function quarantineFix(code: string | null | undefined): string {
  if (code === "credentials") return "Enter valid admin credentials, use Test Connection, save, then restart provisioning.";
  if (code === "failures") return "Open the failed entries in the provisioning logs, fix the cause (attribute mappings or the app's configuration), then restart provisioning.";
  return "Fix the cause shown above, then restart provisioning.";
}

export function outcomeText(o: string | null | undefined): string {
  switch (o) {
    case "completed": return "Completed";
    case "completed_with_failures": return "Completed with failures";
    case "failed": return "Failed";
    case "paused": return "Paused (deletion threshold)";
    case "cancelled": return "Cancelled";
    case "running": return "Running";
    case "quarantined": return "Quarantined";
    default: return o ?? "—";
  }
}
