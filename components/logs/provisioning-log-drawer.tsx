"use client";
import * as Tabs from "@radix-ui/react-tabs";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, CircleSlash, XCircle } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { DATE_TIME } from "@/components/ui/formats";
import { Panel } from "@/components/ui/dialog";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { ActionBadge, StatusBadge } from "./log-badges";
import type { LogDetail } from "./types";

const show = (v: unknown) => (v === undefined || v === null || v === "" ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function StepIcon({ status }: { status: string }) {
  const t = useTranslations("logs.status");
  if (status === "success") return <CheckCircle2 size={16} className="shrink-0 text-[#0e700e]" aria-label={t("success")} />;
  if (status === "failure") return <XCircle size={16} className="shrink-0 text-[#c50f1f]" aria-label={t("failure")} />;
  return <CircleSlash size={16} className="shrink-0 text-gray-600" aria-label={t("skipped")} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[minmax(6rem,10rem)_minmax(0,1fr)] gap-2 break-words py-1 text-sm">
      <dt className="text-gray-600">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

const tab = "border-b-2 border-transparent px-2 py-1.5 text-sm data-[state=active]:border-[#0f6cbd] data-[state=active]:font-semibold";

/** Azure's "Provisioning log details" pane: steps, troubleshooting, modified properties, summary, SCIM exchange. */
export function ProvisioningLogDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useQuery({ queryKey: ["provisioning-log", id], queryFn: () => api<LogDetail>(`/api/v1/provisioning-logs/${id}`), enabled: id !== null });
  const e = q.data;
  const t = useTranslations("logs.drawer");
  const format = useFormatter();
  return (
    <Panel open={id !== null} onOpenChange={(o) => !o && onClose()} title={t("title")}>
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : e && (
        <div className="space-y-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">{e.sourceIdentity ?? e.sourceId ?? t("unknownObject")}</span>
            <ActionBadge action={e.action} /> <StatusBadge status={e.status} />
            <span className="text-gray-600">{format.dateTime(new Date(e.at), DATE_TIME)}</span>
          </div>
          <Tabs.Root defaultValue="steps">
            <Tabs.List aria-label={t("details")} className="mb-3 flex flex-wrap gap-1 border-b border-gray-200">
              <Tabs.Trigger className={tab} value="steps">{t("steps")}</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="troubleshooting">{t("troubleshooting")}</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="modified">{t("modified")}</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="summary">{t("summary")}</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="exchange">{t("tabExchange")}</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="steps">
              {e.steps.length === 0 ? <p className="text-sm text-gray-700">{t("noSteps")}</p> : (
                <ol className="space-y-2">
                  {e.steps.map((s, i) => (
                    <li key={i} className="flex gap-2 text-sm">
                      <StepIcon status={s.status} />
                      <div><p className="font-semibold">{i + 1}. {s.name}</p>{s.details && <p className="text-gray-700">{s.details}</p>}</div>
                    </li>
                  ))}
                </ol>
              )}
            </Tabs.Content>
            <Tabs.Content value="troubleshooting">
              {e.status === "failure" || e.errorCode || e.reason ? (
                <dl>
                  <Row label={t("errorCode")}>{show(e.errorCode)}</Row>
                  <Row label={t("reason")}>{show(e.reason)}</Row>
                  <Row label={t("recommendation")}>{show(e.recommendation)}</Row>
                </dl>
              ) : <p className="text-sm text-gray-700">{e.status === "skipped" ? t("nothingSkipped") : t("nothingSucceeded")}{e.recommendation ? ` ${e.recommendation}` : ""}</p>}
            </Tabs.Content>
            <Tabs.Content value="modified">
              {e.modifiedProperties.length === 0 ? <p className="text-sm text-gray-700">{t("noModified")}</p> : (
                <Table aria-label={t("modified")}>
                  <THead><Tr><Th>{t("property")}</Th><Th>{t("oldValue")}</Th><Th>{t("newValue")}</Th></Tr></THead>
                  <TBody>
                    {e.modifiedProperties.map((p, i) => (
                      <Tr key={i}><Td className="font-mono text-xs">{p.name}</Td><Td className="break-all">{show(p.oldValue)}</Td><Td className="break-all">{show(p.newValue)}</Td></Tr>
                    ))}
                  </TBody>
                </Table>
              )}
            </Tabs.Content>
            <Tabs.Content value="summary">
              <dl>
                <Row label={t("logEntryId")}>{e.id}</Row>
                <Row label={t("date")}>{new Date(e.at).toISOString()}</Row>
                <Row label={t("cycleId")}>{show(e.cycleId)}</Row>
                <Row label={t("application")}>{e.appName ?? e.appId} <span className="text-xs text-gray-500">({e.appId})</span></Row>
                <Row label={t("objectType")}>{e.objectType}</Row>
                <Row label={t("duration")}>{e.durationMs == null ? "—" : t("durationMs", { ms: e.durationMs })}</Row>
              </dl>
              <h3 className="mt-3 text-sm font-semibold">{t("source")}</h3>
              <dl><Row label={t("identity")}>{show(e.sourceIdentity)}</Row><Row label={t("sourceId")}>{show(e.sourceId)}</Row></dl>
              <h3 className="mt-3 text-sm font-semibold">{t("target", { app: e.appName ?? t("targetApplication") })}</h3>
              <dl><Row label={t("targetId")}>{show(e.targetId)}</Row></dl>
            </Tabs.Content>
            <Tabs.Content value="exchange">
              {e.exchange == null ? <p className="text-sm text-gray-700">{t("noExchange")}</p> : (
                <>
                  <p className="mb-2 text-xs text-gray-600">{t("redacted")}</p>
                  <pre aria-label={t("exchange")} className="max-h-[60vh] overflow-auto rounded bg-gray-50 p-2 text-xs">{JSON.stringify(e.exchange, null, 2)}</pre>
                </>
              )}
            </Tabs.Content>
          </Tabs.Root>
        </div>
      )}
    </Panel>
  );
}
