"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
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
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function ProvisioningLogsView({ init = {} }: { init?: LogFilterInit }) {
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
      const t = localToIso(customTo);
      if (f) sp.set("from", f);
      if (t) sp.set("to", t);
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
      <div role="toolbar" aria-label="Log commands" className="flex flex-wrap items-center gap-1 border-b border-gray-200 pb-2">
        <Button variant="command" onClick={() => { setAnchor(Date.now()); void logs.refetch(); }}>Refresh</Button>
        <Button variant="command" asChild><a href={download("csv")} download><Download size={14} aria-hidden /> Download CSV</a></Button>
        <Button variant="command" asChild><a href={download("json")} download><Download size={14} aria-hidden /> Download JSON</a></Button>
      </div>

      <form role="search" aria-label="Filter provisioning logs" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="text-sm">Date
          <Select aria-label="Date" value={range} onChange={(e) => { setRange(e.target.value as Range); setAnchor(Date.now()); }} className="mt-0.5 w-36">
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
            <option value="custom">Custom range</option>
          </Select>
        </label>
        {range === "custom" && (
          <>
            <label className="text-sm">From<Input aria-label="From" type="datetime-local" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} className="mt-0.5 w-52" /></label>
            <label className="text-sm">To<Input aria-label="To" type="datetime-local" value={customTo} onChange={(e) => setCustomTo(e.target.value)} className="mt-0.5 w-52" /></label>
          </>
        )}
        <label className="text-sm">Status
          <Select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)} className="mt-0.5 w-32">
            <option value="">All</option><option value="success">Success</option><option value="failure">Failure</option><option value="skipped">Skipped</option>
          </Select>
        </label>
        <label className="text-sm">Action
          <Select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)} className="mt-0.5 w-32">
            <option value="">All</option>
            {["create", "update", "disable", "enable", "delete", "skip", "other"].map((a) => <option key={a} value={a}>{a[0]!.toUpperCase() + a.slice(1)}</option>)}
          </Select>
        </label>
        <label className="text-sm">Application
          <Select aria-label="Application" value={appId} onChange={(e) => setAppId(e.target.value)} className="mt-0.5 w-48">
            <option value="">All applications</option>
            {appId && !apps.data?.items.some((a) => a.id === appId) && <option value={appId}>{appId}</option>}
            {apps.data?.items.map((a) => <option key={a.id} value={a.id}>{a.displayName}</option>)}
          </Select>
        </label>
        <label className="text-sm">Cycle ID<Input aria-label="Cycle ID" value={cycleInput} onChange={(e) => setCycleInput(e.target.value)} className="mt-0.5 w-56" /></label>
        <label className="text-sm">Identity<Input aria-label="Identity" type="search" value={qInput} onChange={(e) => setQInput(e.target.value)} placeholder="Name, UPN or id" className="mt-0.5 w-56" /></label>
      </form>

      {logs.isPending ? <LoadingRows /> : logs.isError ? <ErrorState message={logs.error.message} /> : rows.length === 0 ? (
        <EmptyState title="No provisioning log entries match">Widen the date range or clear a filter. Entries appear once provisioning runs for an application.</EmptyState>
      ) : (
        <Table aria-label="Provisioning logs">
          <THead><Tr><Th>Date</Th><Th>Identity</Th><Th>Action</Th><Th>Source System</Th><Th>Target System</Th><Th>Status</Th></Tr></THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.id} className="cursor-pointer" onClick={() => setOpenId(r.id)}>
                <Td className="whitespace-nowrap">{new Date(r.at).toLocaleString()}</Td>
                <Td>
                  <button type="button" className="link text-left" onClick={(e) => { e.stopPropagation(); setOpenId(r.id); }}>{r.sourceIdentity ?? r.sourceId ?? "—"}</button>
                  <div className="text-xs text-gray-500">{r.objectType}</div>
                </Td>
                <Td><ActionBadge action={r.action} /></Td>
                <Td>Provisio directory</Td>
                <Td>{r.appName ?? r.appId}</Td>
                <Td><StatusBadge status={r.status} /></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {logs.hasNextPage && <Button onClick={() => logs.fetchNextPage()} busy={logs.isFetchingNextPage}>Load more</Button>}
      <ProvisioningLogDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
