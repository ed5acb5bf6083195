"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { DATE_TIME } from "@/components/ui/formats";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { ActionBadge, StatusBadge } from "./log-badges";
import { ProvisioningLogDrawer } from "./provisioning-log-drawer";
import type { LogEntry } from "./types";

export type LogFilterInit = { appId?: string; cycleId?: string; status?: string; action?: string; q?: string; range?: Range };
type Range = "24h" | "7d" | "30d" | "custom";
const RANGE_MS: Record<Exclude<Range, "custom">, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

/** datetime-local value (local time, minutes) → ISO string; "" → undefined. */
const localToIso = (v: string) => (v ? new Date(v).toISOString() : undefined);

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export function ProvisioningLogsView({ init = {} }: { init?: LogFilterInit }) {
  const t = useTranslations("logs");
  const format = useFormatter();
  const [range, setRange] = useState<Range>(init.range ?? "7d");
  const [customFrom, setCustomFrom] = useState("");
  const [customTo, setCustomTo] = useState("");
  const [status, setStatus] = useState(init.status ?? "");
  const [action, setAction] = useState(init.action ?? "");
  const [appId, setAppId] = useState(init.appId ?? "");
  const [cycleInput, setCycleInput] = useState(init.cycleId ?? "");
  const [qInput, setQInput] = useState(init.q ?? "");
  const [openId, setOpenId] = useState<string | null>(null);
  // a relative range is anchored when chosen (and on Refresh), so the query key — and paging — stay stable
  const [anchor, setAnchor] = useState(() => Date.now());
  const cycleId = useDebounced(cycleInput.trim(), 300);
  const q = useDebounced(qInput.trim(), 300);

  const params = useMemo(() => {
    const sp = new URLSearchParams();
    if (range === "custom") {
      const f = localToIso(customFrom);
      const to = localToIso(customTo);
      if (f) sp.set("from", f);
      if (to) sp.set("to", to);
    } else sp.set("from", new Date(anchor - RANGE_MS[range]).toISOString());
    if (status) sp.set("status", status);
    if (action) sp.set("action", action);
    if (appId) sp.set("appId", appId);
    if (cycleId) sp.set("cycleId", cycleId);
    if (q) sp.set("q", q);
    return sp;
  }, [range, customFrom, customTo, anchor, status, action, appId, cycleId, q]);

  const apps = useQuery({
    queryKey: ["apps", "for-log-filter"],
    queryFn: () => api<{ items: { id: string; displayName: string }[] }>("/api/v1/apps?limit=500"),
    staleTime: 60_000,
  });

  const logs = useInfiniteQuery({
    queryKey: ["provisioning-logs", params.toString()],
    queryFn: ({ pageParam, signal }) => {
      const sp = new URLSearchParams(params);
      sp.set("limit", "50");
      if (pageParam) sp.set("cursor", pageParam);
      return api<{ items: LogEntry[]; nextCursor: string | null }>(`/api/v1/provisioning-logs?${sp}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = logs.data?.pages.flatMap((p) => p.items) ?? [];
  const download = (format: "csv" | "json") => {
    const sp = new URLSearchParams(params);
    sp.set("format", format);
    return `/api/v1/provisioning-logs?${sp}`;
  };

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label={t("view.commands")} className="flex flex-wrap items-center gap-1 border-b border-gray-200 pb-2">
        <Button variant="command" onClick={() => { setAnchor(Date.now()); void logs.refetch(); }}>{t("view.refresh")}</Button>
        <Button variant="command" asChild><a href={download("csv")} download><Download size={14} aria-hidden /> {t("view.downloadCsv")}</a></Button>
        <Button variant="command" asChild><a href={download("json")} download><Download size={14} aria-hidden /> {t("view.downloadJson")}</a></Button>
      </div>

      <form role="search" aria-label={t("view.filter")} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="text-sm">{t("view.date")}
          <Select aria-label={t("view.date")} value={range} onChange={(e) => { setRange(e.target.value as Range); setAnchor(Date.now()); }} className="mt-0.5 w-36">
            <option value="24h">{t("view.last24h")}</option>
            <option value="7d">{t("view.last7d")}</option>
            <option value="30d">{t("view.last30d")}</option>
            <option value="custom">{t("view.custom")}</option>
          </Select>
        </label>
        {range === "custom" && (
          <>
            <label className="text-sm">{t("view.from")}<Input aria-label={t("view.from")} type="datetime-local" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} className="mt-0.5 w-52" /></label>
            <label className="text-sm">{t("view.to")}<Input aria-label={t("view.to")} type="datetime-local" value={customTo} onChange={(e) => setCustomTo(e.target.value)} className="mt-0.5 w-52" /></label>
          </>
        )}
        <label className="text-sm">{t("view.status")}
          <Select aria-label={t("view.status")} value={status} onChange={(e) => setStatus(e.target.value)} className="mt-0.5 w-32">
            <option value="">{t("view.all")}</option><option value="success">{t("status.success")}</option><option value="failure">{t("status.failure")}</option><option value="skipped">{t("status.skipped")}</option>
          </Select>
        </label>
        <label className="text-sm">{t("view.action")}
          <Select aria-label={t("view.action")} value={action} onChange={(e) => setAction(e.target.value)} className="mt-0.5 w-32">
            <option value="">{t("view.all")}</option>
            {(["create", "update", "disable", "enable", "delete", "skip", "other"] as const).map((a) => <option key={a} value={a}>{t(`action.${a}`)}</option>)}
          </Select>
        </label>
        <label className="text-sm">{t("view.application")}
          <Select aria-label={t("view.application")} value={appId} onChange={(e) => setAppId(e.target.value)} className="mt-0.5 w-48">
            <option value="">{t("view.allApps")}</option>
            {appId && !apps.data?.items.some((a) => a.id === appId) && <option value={appId}>{appId}</option>}
            {apps.data?.items.map((a) => <option key={a.id} value={a.id}>{a.displayName}</option>)}
          </Select>
        </label>
        <label className="text-sm">{t("view.cycleId")}<Input aria-label={t("view.cycleId")} value={cycleInput} onChange={(e) => setCycleInput(e.target.value)} className="mt-0.5 w-56" /></label>
        <label className="text-sm">{t("view.identity")}<Input aria-label={t("view.identity")} type="search" value={qInput} onChange={(e) => setQInput(e.target.value)} placeholder={t("view.identityPlaceholder")} className="mt-0.5 w-56" /></label>
      </form>

      {logs.isPending ? <LoadingRows /> : logs.isError ? <ErrorState message={logs.error.message} /> : rows.length === 0 ? (
        <EmptyState title={t("view.emptyTitle")}>{t("view.emptyHint")}</EmptyState>
      ) : (
        <Table aria-label={t("view.table")}>
          <THead><Tr><Th>{t("view.date")}</Th><Th>{t("view.identity")}</Th><Th>{t("view.action")}</Th><Th>{t("view.sourceSystem")}</Th><Th>{t("view.targetSystem")}</Th><Th>{t("view.status")}</Th></Tr></THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.id} className="cursor-pointer" onClick={() => setOpenId(r.id)}>
                <Td className="whitespace-nowrap">{format.dateTime(new Date(r.at), DATE_TIME)}</Td>
                <Td>
                  <button type="button" className="link text-left" onClick={(e) => { e.stopPropagation(); setOpenId(r.id); }}>{r.sourceIdentity ?? r.sourceId ?? "—"}</button>
                  <div className="text-xs text-gray-500">{r.objectType}</div>
                </Td>
                <Td><ActionBadge action={r.action} /></Td>
                <Td>{t("view.provisioDirectory")}</Td>
                <Td>{r.appName ?? r.appId}</Td>
                <Td><StatusBadge status={r.status} /></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {logs.hasNextPage && <Button onClick={() => logs.fetchNextPage()} busy={logs.isFetchingNextPage}>{t("view.loadMore")}</Button>}
      <ProvisioningLogDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
