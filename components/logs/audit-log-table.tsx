"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Fragment, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { useAuditFormat } from "./audit-format";

type AuditRow = { id: string; at: string; actorEmail: string | null; action: string; targetType: string; targetId: string | null; targetName: string | null; before: unknown; after: unknown };
type Range = "24h" | "7d" | "30d" | "all" | "custom";
const RANGE_MS = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
const ACTIVITIES = ["app.", "provisioning.", "credentials.", "mapping.", "assignment.", "user.", "group.", "admin.", "scim_token.", "settings."];

function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}


/** Top-level keys whose values differ between the before and after snapshots (secrets arrive as {"set": true}). */
function changes(before: unknown, after: unknown): { key: string; before: unknown; after: unknown }[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, unknown>) : null;
  if (!b && !a) return [];
  if (!b || !a) return Object.entries((a ?? b)!).map(([key, v]) => ({ key, before: b ? v : undefined, after: a ? v : undefined }));
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((key) => ({ key, before: b[key], after: a[key] }));
}

function BeforeAfter({ row }: { row: AuditRow }) {
  const diff = changes(row.before, row.after);
  const t = useTranslations("audit.table");
  const { fieldName, valueText } = useAuditFormat();
  const [raw, setRaw] = useState(false);
  return (
    <div className="space-y-2 bg-gray-50 p-3 text-sm" data-testid="audit-before-after">
      {diff.length === 0 ? <p className="text-gray-700">{t("noChange")}</p> : (
        <Table aria-label={t("changed")}>
          <THead><Tr><Th>{t("property")}</Th><Th>{t("before")}</Th><Th>{t("after")}</Th></Tr></THead>
          <TBody>
            {diff.map((d) => (
              <Tr key={d.key}><Td>{fieldName(d.key)}{fieldName(d.key) !== d.key && <span className="block font-mono text-xs text-gray-600">{d.key}</span>}</Td><Td className="break-all text-[#b10e1c]">{valueText(d.key, d.before)}</Td><Td className="break-all text-[#0e700e]">{valueText(d.key, d.after)}</Td></Tr>
            ))}
          </TBody>
        </Table>
      )}
      <button type="button" className="link text-xs" onClick={() => setRaw(!raw)}>{t("snapshots", { shown: raw ? "yes" : "no" })}</button>
      {raw && (
        <div className="grid grid-cols-2 gap-2 text-xs">
          <pre className="overflow-auto rounded bg-white p-2"><b>{t("before")}</b>{"\n"}{JSON.stringify(row.before ?? null, null, 2)}</pre>
          <pre className="overflow-auto rounded bg-white p-2"><b>{t("after")}</b>{"\n"}{JSON.stringify(row.after ?? null, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}

export function AuditLogTable({ targetType, targetId }: { targetType?: string; targetId?: string }) {
  const t = useTranslations("audit.table");
  const tc = useTranslations("common");
  const format = useFormatter();
  const { activityName } = useAuditFormat();
  const [range, setRange] = useState<Range>("30d");
  const [anchor, setAnchor] = useState(() => Date.now());
  const [customFrom, setCustomFrom] = useState("");
  const [customTo, setCustomTo] = useState("");
  const [actorInput, setActor] = useState("");
  const [actionInput, setAction] = useState("");
  const [targetInput, setTarget] = useState("");
  const actor = useDebounced(actorInput.trim());
  const action = useDebounced(actionInput.trim());
  const target = useDebounced(targetInput.trim());
  const [open, setOpen] = useState<string | null>(null);

  const params = useMemo(() => {
    const sp = new URLSearchParams({ limit: "50" });
    if (range === "custom") {
      if (customFrom) sp.set("from", new Date(customFrom).toISOString());
      if (customTo) sp.set("to", new Date(customTo).toISOString());
    } else if (range !== "all") sp.set("from", new Date(anchor - RANGE_MS[range]).toISOString());
    if (actor) sp.set("actor", actor);
    if (action) sp.set("action", action);
    if (target) sp.set("target", target);
    if (targetType) sp.set("targetType", targetType);
    if (targetId) sp.set("targetId", targetId);
    return sp;
  }, [range, anchor, customFrom, customTo, actor, action, target, targetType, targetId]);

  const q = useInfiniteQuery({
    queryKey: ["audit-logs", params.toString()],
    queryFn: ({ pageParam, signal }) => {
      const sp = new URLSearchParams(params);
      if (pageParam) sp.set("cursor", pageParam);
      return api<{ items: AuditRow[]; nextCursor: string | null }>(`/api/v1/audit-logs?${sp}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <form role="search" aria-label={t("filter")} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="text-sm">{t("col.date")}
          <Select aria-label={t("col.date")} value={range} onChange={(e) => { setRange(e.target.value as Range); setAnchor(Date.now()); }} className="mt-0.5 w-36">
            <option value="24h">{t("range.24h")}</option><option value="7d">{t("range.7d")}</option><option value="30d">{t("range.30d")}</option><option value="all">{t("range.all")}</option><option value="custom">{t("range.custom")}</option>
          </Select>
        </label>
        {range === "custom" && (
          <>
            <label className="text-sm">{t("from")}<Input aria-label={t("from")} type="datetime-local" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} className="mt-0.5 w-52" /></label>
            <label className="text-sm">{t("to")}<Input aria-label={t("to")} type="datetime-local" value={customTo} onChange={(e) => setCustomTo(e.target.value)} className="mt-0.5 w-52" /></label>
          </>
        )}
        <label className="text-sm">{t("col.activity")}
          <Input aria-label={t("col.activity")} list="audit-activities" value={actionInput} onChange={(e) => setAction(e.target.value)} placeholder={t("activityPlaceholder")} className="mt-0.5 w-48" />
          <datalist id="audit-activities">{ACTIVITIES.map((a) => <option key={a} value={a} />)}</datalist>
        </label>
        <label className="text-sm">{t("col.initiatedBy")}<Input aria-label={t("col.initiatedBy")} value={actorInput} onChange={(e) => setActor(e.target.value)} placeholder={t("actorPlaceholder")} className="mt-0.5 w-56" /></label>
        {!targetId && <label className="text-sm">{t("col.target")}<Input aria-label={t("col.target")} value={targetInput} onChange={(e) => setTarget(e.target.value)} placeholder={t("targetPlaceholder")} className="mt-0.5 w-56" /></label>}
        <Button type="button" variant="command" onClick={() => { setAnchor(Date.now()); void q.refetch(); }}>{tc("refresh")}</Button>
      </form>
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : rows.length === 0 ? <EmptyState title={t("empty")}>{t("emptyText")}</EmptyState> : (
        <Table aria-label={t("tableLabel")}>
          <THead><Tr><Th>{t("col.date")}</Th><Th>{t("col.activity")}</Th><Th>{t("col.target")}</Th><Th>{t("col.initiatedBy")}</Th><Th>{t("col.changes")}</Th></Tr></THead>
          <TBody>
            {rows.map((r) => (
              <Fragment key={r.id}>
                <Tr>
                  <Td className="whitespace-nowrap">{format.dateTime(new Date(r.at), { dateStyle: "medium", timeStyle: "medium" })}</Td>
                  <Td>{activityName(r.action)}<span className="block font-mono text-xs text-gray-600">{r.action}</span></Td>
                  <Td>{r.targetName ?? r.targetId ?? "—"} <span className="text-xs text-gray-600">({r.targetType})</span></Td>
                  <Td>{r.actorEmail ?? t("system")}</Td>
                  <Td>
                    {r.before || r.after ? (
                      <button type="button" className="link text-sm" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>{open === r.id ? t("hide") : t("beforeAfter")}</button>
                    ) : "—"}
                  </Td>
                </Tr>
                {open === r.id && <tr><td colSpan={5}><BeforeAfter row={r} /></td></tr>}
              </Fragment>
            ))}
          </TBody>
        </Table>
      )}
      {q.hasNextPage && <Button onClick={() => q.fetchNextPage()} busy={q.isFetchingNextPage}>{tc("loadMore")}</Button>}
    </div>
  );
}
