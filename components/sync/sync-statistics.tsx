"use client";
// Statistics to date (Entra's Overview): what is in the app now and what every run did so far.
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { DATE } from "@/components/ui/formats";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { syncKeys } from "./sync-keys";

type Kind = { provisioned: number; disabledInApp: number; byAction: Record<"created" | "updated" | "disabled" | "deleted" | "skipped" | "failed" | "conflict", number> };
type Statistics = { cycles: number; onDemandRuns: number; since: string | null; users: Kind; groups: Kind };
const ACTIONS = ["created", "updated", "disabled", "deleted", "skipped", "failed", "conflict"] as const;

export function SyncStatistics({ appId }: { appId: string }) {
  const t = useTranslations("sync");
  const format = useFormatter();
  const stats = useQuery({
    queryKey: syncKeys.statistics(appId),
    queryFn: () => api<Statistics>(`/api/v1/apps/${encodeURIComponent(appId)}/provisioning/statistics`),
    refetchInterval: 30_000,
  });
  return (
    <div className="min-w-0 space-y-2 rounded border border-gray-200 p-3">
      <h3 className="text-sm font-semibold">{t("statistics.title")}</h3>
      {stats.isPending ? <LoadingRows rows={2} label={t("statistics.loading")} /> : stats.isError ? <ErrorState message={stats.error.message} /> : (
        <>
          <p className="text-sm" data-testid="statistics-summary">
            {t.rich("statistics.provisioned", { users: stats.data.users.provisioned, groups: stats.data.groups.provisioned, strong: (c) => <strong>{c}</strong> })}
            {stats.data.users.disabledInApp ? t("statistics.disabledInApp", { count: stats.data.users.disabledInApp }) : ""}
            {t("statistics.cycles", { count: stats.data.cycles })}
            {stats.data.onDemandRuns ? t("statistics.onDemand", { count: stats.data.onDemandRuns }) : ""}
            {stats.data.since ? t("statistics.since", { date: format.dateTime(new Date(stats.data.since), DATE) }) : ""}
          </p>
          <Table aria-label={t("statistics.actions")}>
            <THead><Tr><Td />{ACTIONS.map((a) => <Th key={a} className="text-right capitalize">{t(`counts.${a}`)}</Th>)}</Tr></THead>
            <TBody>
              {(["users", "groups"] as const).map((k) => (
                <Tr key={k}>
                  <Th scope="row" className="capitalize">{t(`counts.${k}`)}</Th>
                  {ACTIONS.map((a) => <Td key={a} className="text-right tabular-nums">{format.number(stats.data[k].byAction[a])}</Td>)}
                </Tr>
              ))}
            </TBody>
          </Table>
        </>
      )}
    </div>
  );
}
