"use client";
// Statistics to date (Entra's Overview): what is in the app now and what every run did so far.
import { useQuery } from "@tanstack/react-query";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { syncKeys } from "./sync-keys";

type Kind = { provisioned: number; disabledInApp: number; byAction: Record<"created" | "updated" | "disabled" | "deleted" | "skipped" | "failed" | "conflict", number> };
type Statistics = { cycles: number; onDemandRuns: number; since: string | null; users: Kind; groups: Kind };
const ACTIONS = ["created", "updated", "disabled", "deleted", "skipped", "failed", "conflict"] as const;

export function SyncStatistics({ appId }: { appId: string }) {
  const stats = useQuery({
    queryKey: syncKeys.statistics(appId),
    queryFn: () => api<Statistics>(`/api/v1/apps/${encodeURIComponent(appId)}/provisioning/statistics`),
    refetchInterval: 30_000,
  });
  return (
    <div className="min-w-0 space-y-2 rounded border border-gray-200 p-3">
      <h3 className="text-sm font-semibold">Statistics to date</h3>
      {stats.isPending ? <LoadingRows rows={2} label="Loading statistics" /> : stats.isError ? <ErrorState message={stats.error.message} /> : (
        <>
          <p className="text-sm" data-testid="statistics-summary">
            <strong>{stats.data.users.provisioned.toLocaleString()}</strong> user{stats.data.users.provisioned === 1 ? "" : "s"} and <strong>{stats.data.groups.provisioned.toLocaleString()}</strong> group{stats.data.groups.provisioned === 1 ? "" : "s"} provisioned
            {stats.data.users.disabledInApp ? ` (${stats.data.users.disabledInApp.toLocaleString()} more disabled in the app)` : ""}
            {` · ${stats.data.cycles.toLocaleString()} cycle${stats.data.cycles === 1 ? "" : "s"}`}
            {stats.data.onDemandRuns ? ` and ${stats.data.onDemandRuns.toLocaleString()} on-demand run${stats.data.onDemandRuns === 1 ? "" : "s"}` : ""}
            {stats.data.since ? ` since ${new Date(stats.data.since).toLocaleDateString()}` : ""}
          </p>
          <Table aria-label="Actions to date">
            <THead><Tr><Td />{ACTIONS.map((a) => <Th key={a} className="text-right capitalize">{a}</Th>)}</Tr></THead>
            <TBody>
              {(["users", "groups"] as const).map((k) => (
                <Tr key={k}>
                  <Th scope="row" className="capitalize">{k}</Th>
                  {ACTIONS.map((a) => <Td key={a} className="text-right tabular-nums">{stats.data[k].byAction[a].toLocaleString()}</Td>)}
                </Tr>
              ))}
            </TBody>
          </Table>
        </>
      )}
    </div>
  );
}
