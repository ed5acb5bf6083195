"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Badge, Banner, EmptyState, ErrorState, LoadingRows, ProgressBar } from "@/components/ui/states";
import { api, ApiError } from "@/lib/api/client";
import { SyncCyclesChart } from "./sync-cycles-chart";
import { SyncCyclesTable } from "./sync-cycles-table";
import { CountsTable, duration, type Cycle } from "./sync-shared";

export type SyncStatus = {
  state: "off" | "idle" | "running" | "quarantined" | "paused";
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

const STATE_LABEL: Record<SyncStatus["state"], { label: string; tone: "neutral" | "good" | "bad" | "warn" | "info" }> = {
  off: { label: "Off", tone: "neutral" },
  idle: { label: "On", tone: "good" },
  running: { label: "Running", tone: "info" },
  quarantined: { label: "Quarantined", tone: "bad" },
  paused: { label: "Paused", tone: "warn" },
};
const TYPE_LABEL: Record<string, string> = { initial: "Initial cycle", incremental: "Incremental cycle", on_demand: "On-demand" };
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");

/** Sync details of one app: current and last cycle, next run, quarantine/paused with the fix, and cycle history. */
export function SyncDetails({ appId }: { appId: string }) {
  const canAct = useCan("app_admin");
  const qc = useQueryClient();
  const base = `/api/v1/apps/${encodeURIComponent(appId)}/provisioning`;
  const status = useQuery({
    queryKey: ["sync-status", appId],
    queryFn: () => api<SyncStatus>(`${base}/status`),
    // live while a cycle runs; a slow heartbeat otherwise
    refetchInterval: (q) => (q.state.error ? false : q.state.data?.state === "running" ? 2_000 : 15_000),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 1,
  });
  const running = status.data?.state === "running";
  const cycles = useQuery({
    queryKey: ["sync-cycles", appId],
    queryFn: () => api<{ items: Cycle[]; nextCursor: string | null }>(`${base}/cycles?limit=30`),
    enabled: status.isSuccess,
    refetchInterval: running ? 5_000 : 30_000,
  });
  const [confirm, setConfirm] = useState<null | "restart" | "allow-deletions">(null);
  const command = useMutation({
    mutationFn: (name: "restart" | "allow-deletions") => api(`${base}/${name}`, { method: "POST", body: {} }),
    onSuccess: (_d, name) => {
      toast.success(name === "restart" ? "Provisioning restarted: the next cycle is an initial cycle." : "Deletions allowed: the paused cycle continues.");
      setConfirm(null);
      void qc.invalidateQueries({ queryKey: ["sync-status", appId] });
      void qc.invalidateQueries({ queryKey: ["sync-cycles", appId] });
    },
    onError: (e: Error) => toast.error(e.message),
  });

  if (status.isPending) return <LoadingRows label="Loading sync details" />;
  if (status.isError) {
    if (status.error instanceof ApiError && status.error.status === 404) {
      return <EmptyState title="Sync details are not available yet">{status.error.message === "The application was not found." ? status.error.message : "The sync engine has not reported a status for this application yet. Details appear here once provisioning runs."}</EmptyState>;
    }
    return <ErrorState message={status.error.message} />;
  }
  const s = status.data;
  const logsHref = `/provisioning-logs?appId=${encodeURIComponent(appId)}`;
  const credentialsHref = `/apps/${encodeURIComponent(appId)}/provisioning#credentials`;
  const st = STATE_LABEL[s.state];

  return (
    <section aria-label="Sync details" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">Sync details</h2>
        <Badge tone={st.tone}>{st.label}</Badge>
        <Link href={logsHref} className="link ml-auto text-sm">View provisioning logs</Link>
      </div>

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
      {s.state === "off" && <Banner tone="info">Provisioning is off for this application. Turn Provisioning Status on to start syncing.</Banner>}

      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded border border-gray-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">Current cycle</h3>
          {s.currentCycle ? (
            <div className="space-y-2">
              <p className="text-sm">{TYPE_LABEL[s.currentCycle.type] ?? s.currentCycle.type}{s.currentCycle.phase ? ` · ${s.currentCycle.phase}` : ""} · started {when(s.currentCycle.startedAt)}</p>
              <ProgressBar value={s.currentCycle.processed} max={Math.max(s.currentCycle.total, s.currentCycle.processed)} label="Cycle progress" />
              <CountsTable counts={s.currentCycle.counts} />
            </div>
          ) : <p className="text-sm text-gray-700">No cycle is running.</p>}
        </div>
        <div className="rounded border border-gray-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">Last cycle</h3>
          {s.lastCycle ? (
            <div className="space-y-2">
              <dl className="grid grid-cols-[8rem_1fr] gap-1 text-sm">
                <dt className="text-gray-600">Type</dt><dd>{TYPE_LABEL[s.lastCycle.type] ?? s.lastCycle.type}</dd>
                <dt className="text-gray-600">Started</dt><dd>{when(s.lastCycle.startedAt)}</dd>
                <dt className="text-gray-600">Finished</dt><dd>{when(s.lastCycle.finishedAt)}</dd>
                <dt className="text-gray-600">Duration</dt><dd>{duration(s.lastCycle.durationMs)}</dd>
                <dt className="text-gray-600">Outcome</dt><dd>{outcomeText(s.lastCycle.outcome ?? s.lastCycle.status)}</dd>
              </dl>
              <CountsTable counts={s.lastCycle.counts} />
            </div>
          ) : <p className="text-sm text-gray-700">No cycle has finished yet.</p>}
        </div>
      </div>
      <dl className="grid grid-cols-[12rem_1fr] gap-1 text-sm">
        <dt className="text-gray-600">Next scheduled run</dt><dd>{s.state === "off" ? "Not scheduled (provisioning is off)" : s.nextRunAt ? when(s.nextRunAt) : running ? "After the current cycle" : "—"}</dd>
        <dt className="text-gray-600">Steady state</dt>
        <dd>{s.steadyState ? "Yes: the initial cycle completed and nothing is waiting for a retry." : `Not yet${s.escrowed ? `: ${s.escrowed} object${s.escrowed === 1 ? "" : "s"} waiting for a retry` : ": the initial cycle has not completed"}.`}</dd>
        <dt className="text-gray-600">Conflicts</dt>
        <dd data-testid="sync-conflicts">{s.conflicts ? `${s.conflicts.toLocaleString()} object${s.conflicts === 1 ? "" : "s"} not provisioned: the matching object in the app belongs to another directory object (see the provisioning logs).` : "None"}</dd>
        <dt className="text-gray-600">Full reconcile</dt>
        <dd>{s.reconcile?.lastAt ? `Last ${when(s.reconcile.lastAt)}${s.reconcile.strategy ? ` (${s.reconcile.strategy === "list" ? "read the app's list" : "looked up each object"})` : ""}` : "Not yet"}{s.reconcile?.nextAt ? `; next ${when(s.reconcile.nextAt)}` : ""}</dd>
      </dl>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Cycle history</h3>
        {cycles.isPending ? <LoadingRows rows={3} /> : cycles.isError ? <ErrorState message={cycles.error.message} /> : cycles.data.items.length === 0 ? (
          <p className="text-sm text-gray-700">No cycles yet.</p>
        ) : (
          <>
            <SyncCyclesChart cycles={cycles.data.items} />
            <SyncCyclesTable cycles={cycles.data.items} appId={appId} />
          </>
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
