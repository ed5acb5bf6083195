"use client";
// Preview: what a full cycle would do for every in-scope or linked object, computed without
// writing (a background job); filter, search, open an item's diff, download, Apply this plan.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { Fragment, useDeferredValue, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, LoadingRows, ProgressBar } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";

const ACTIONS = ["create", "update", "enable", "disable", "delete", "adopt", "conflict", "skip"] as const;
const FINDINGS = ["required_missing", "wrong_type", "not_canonical", "read_only", "too_long", "unknown_attribute", "unique_clash"] as const;
type FindingCode = (typeof FINDINGS)[number];
const isFinding = (c: string): c is FindingCode => (FINDINGS as readonly string[]).includes(c);
const isAction = (a: string): a is (typeof ACTIONS)[number] => (ACTIONS as readonly string[]).includes(a);

type Preview = { id: string; status: "queued" | "running" | "completed" | "failed"; processed: number; total: number; counts: Record<string, number>; findings: Record<string, number>; error: string | null; appliedAt: string | null };
type Finding = { code: string; attribute: string; mapping: string | null; message: string };
type Item = { id: string; objectType: string; identity: string | null; sourceId: string; action: string; reason: string | null; targetId: string | null; changes: { name: string; oldValue?: unknown; newValue?: unknown }[]; findings: Finding[] };

const text = (v: unknown) => (v == null ? "" : typeof v === "string" ? v : JSON.stringify(v));
const tone = (a: string) => (a === "conflict" ? "bad" : a === "delete" || a === "disable" ? "warn" : a === "skip" ? "neutral" : "info");

/** changesOnly: "Preview the effect of this change" (after a mapping save) — starts at once and lists only what the cycle would act on. */
export function PreviewPanel({ appId, appName, onClose, changesOnly = false }: { appId: string; appName: string; onClose: () => void; changesOnly?: boolean }) {
  const qc = useQueryClient();
  const t = useTranslations("sync.preview");
  const actionWord = (a: string) => (isAction(a) ? t(`action.${a}`) : a);
  const findingWord = (c: string) => (isFinding(c) ? t(`findings.${c}`) : c);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [action, setAction] = useState("");
  const [finding, setFinding] = useState("");
  const [q, setQ] = useState("");
  const search = useDeferredValue(q.trim());
  const [open, setOpen] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const base = `/api/v1/apps/${appId}/provisioning/previews`;

  const start = useMutation({
    mutationFn: () => api<{ id: string }>(base, { method: "POST", body: changesOnly ? { changesOnly: true } : {} }),
    onSuccess: (r) => { setPreviewId(r.id); toast.success(t("started")); },
    onError: (e: Error) => toast.error(e.message),
  });
  const { mutate: startNow } = start;
  const autoStarted = useRef(false); // once, also under React's double-invoked effects in development
  useEffect(() => {
    if (!changesOnly || autoStarted.current) return;
    autoStarted.current = true;
    startNow();
  }, [changesOnly, startNow]);
  const preview = useQuery({
    queryKey: ["preview", appId, previewId],
    enabled: !!previewId,
    queryFn: ({ signal }) => api<Preview>(`${base}/${previewId}`, { signal }),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === "completed" || query.state.data.status === "failed") ? false : 1000),
  });
  const done = preview.data?.status === "completed";
  const filters = new URLSearchParams({ ...(action ? { action } : {}), ...(finding ? { finding } : {}), ...(search ? { q: search } : {}) });
  const items = useQuery({
    queryKey: ["preview-items", appId, previewId, filters.toString()],
    enabled: done,
    queryFn: ({ signal }) => api<{ items: Item[]; nextCursor: string | null }>(`${base}/${previewId}/items?limit=200&${filters}`, { signal }),
  });
  const apply = useMutation({
    mutationFn: () => api<{ turnedOn: boolean }>(`${base}/${previewId}/apply`, { method: "POST", body: {} }),
    onSuccess: (r) => {
      setConfirm(false);
      toast.success(r.turnedOn ? t("appliedOn", { app: appName }) : t("appliedRuns"));
      void qc.invalidateQueries({ queryKey: ["preview", appId, previewId] });
    },
    onError: (e: Error) => { setConfirm(false); toast.error(e.message); },
  });
  const p = preview.data;

  return (
    <Panel
      open
      onOpenChange={(o) => !o && onClose()}
      title={changesOnly ? t("titleChanges") : t("title")}
      footer={<>
        <Button variant="primary" busy={start.isPending} onClick={() => start.mutate()}>{previewId ? t("runFresh") : t("start")}</Button>
        {done && !p?.appliedAt && <Button onClick={() => setConfirm(true)}>{t("apply")}</Button>}
        <Button onClick={onClose}>{t("close")}</Button>
      </>}
    >
      <div className="space-y-4">
        <p className="text-sm text-gray-700">{t("intro", { app: appName })}</p>
        {changesOnly && <p className="text-sm text-gray-700" role="note">{t("changesOnly")}</p>}
        {!previewId && <EmptyState title={t("emptyTitle")}>{t("emptyHint")}</EmptyState>}
        {preview.isError && <ErrorState message={preview.error.message} />}
        {p && (p.status === "queued" || p.status === "running") && <ProgressBar label={t("progress")} value={p.processed} max={Math.max(p.total, p.processed)} />}
        {p?.status === "failed" && <ErrorState title={t("failed")} message={p.error ?? t("unknownError")} />}
        {p?.appliedAt && <p className="text-sm" role="status">{t("applied")}</p>}
        {done && p && (
          <>
            <div role="group" aria-label={t("counts")} className="flex flex-wrap gap-2">
              {ACTIONS.map((a) => (
                <Button key={a} variant="command" aria-pressed={action === a} onClick={() => setAction(action === a ? "" : a)}>
                  <span className="capitalize">{actionWord(a)}</span> <Badge tone={tone(a)}>{p.counts[a] ?? 0}</Badge>
                </Button>
              ))}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <div className="relative">
                <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
                <Input aria-label={t("search")} placeholder={t("searchPlaceholder")} className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
              </div>
              <Select aria-label={t("filterFinding")} value={finding} onChange={(e) => setFinding(e.target.value)}>
                <option value="">{t("allFindings")}</option>
                <option value="any">{t("anyFinding")}</option>
                {FINDINGS.map((k) => <option key={k} value={k}>{t("findingCount", { label: findingWord(k), count: p.findings[k] ?? 0 })}</option>)}
              </Select>
              <a className="inline-flex items-center gap-1 text-sm text-[#0f6cbd] underline" href={`${base}/${previewId}/items?format=csv&${filters}`} download><Download size={14} aria-hidden /> {t("downloadCsv")}</a>
              <a className="inline-flex items-center gap-1 text-sm text-[#0f6cbd] underline" href={`${base}/${previewId}/items?format=json&${filters}`} download><Download size={14} aria-hidden /> {t("downloadJson")}</a>
            </div>
            {items.isPending ? <LoadingRows rows={4} label={t("loading")} /> : items.isError ? <ErrorState message={items.error.message} /> : items.data.items.length === 0 ? <EmptyState title={t("nothingMatches")}>{t("nothingMatchesHint")}</EmptyState> : (
              <Table aria-label={t("planned")}>
                <THead><Tr><Th>{t("object")}</Th><Th>{t("actionHeader")}</Th><Th>{t("reason")}</Th><Th>{t("findingsHeader")}</Th><Th><span className="sr-only">{t("details")}</span></Th></Tr></THead>
                <TBody>
                  {items.data.items.map((i) => (
                    <Fragment key={i.id}>
                      <Tr>
                        <Td>{i.identity ?? i.sourceId}<span className="block text-xs text-gray-600">{i.objectType}</span></Td>
                        <Td><Badge tone={tone(i.action)}>{actionWord(i.action)}</Badge></Td>
                        <Td className="text-xs">{i.reason}</Td>
                        <Td className="text-xs">{i.findings.length ? i.findings.map((f) => findingWord(f.code)).join(", ") : "—"}</Td>
                        <Td><Button variant="command" aria-expanded={open === i.id} onClick={() => setOpen(open === i.id ? null : i.id)}>{open === i.id ? t("hide") : t("details")}</Button></Td>
                      </Tr>
                      {open === i.id && (
                        <Tr><Td colSpan={5}>
                          {i.changes.length > 0 ? (
                            <Table aria-label={t("changesOf", { name: i.identity ?? i.sourceId })}>
                              <THead><Tr><Th>{t("attribute")}</Th><Th>{t("valueInApp")}</Th><Th>{t("newValue")}</Th></Tr></THead>
                              <TBody>{i.changes.map((c) => <Tr key={c.name}><Td>{c.name}</Td><Td>{text(c.oldValue)}</Td><Td>{text(c.newValue)}</Td></Tr>)}</TBody>
                            </Table>
                          ) : <p className="text-sm text-gray-700">{t("noAttributeChanges")}</p>}
                          {i.findings.map((f, n) => <p key={n} className="mt-1 text-sm"><strong>{f.attribute}</strong>: {f.message}{f.mapping ? t("findingMapping", { mapping: f.mapping }) : ""}</p>)}
                        </Td></Tr>
                      )}
                    </Fragment>
                  ))}
                </TBody>
              </Table>
            )}
          </>
        )}
      </div>
      <ConfirmDialog open={confirm} onOpenChange={setConfirm} title={t("applyTitle")} confirmLabel={t("applyConfirm")} busy={apply.isPending} onConfirm={() => apply.mutate()} danger={false}>
        {t("applyBody", { summary: p?.counts ? t("applySummary", { list: ACTIONS.filter((a) => a !== "skip" && (p.counts[a] ?? 0) > 0).map((a) => t("actionCount", { count: p.counts[a] ?? 0, action: actionWord(a) })).join(", ") || t("noChanges") }) : "" })}
      </ConfirmDialog>
    </Panel>
  );
}
