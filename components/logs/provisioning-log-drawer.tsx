"use client";
import * as Tabs from "@radix-ui/react-tabs";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, CircleSlash, XCircle } from "lucide-react";
import type { ReactNode } from "react";
import { Panel } from "@/components/ui/dialog";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { ActionBadge, StatusBadge } from "./log-badges";
import type { LogDetail } from "./types";

const show = (v: unknown) => (v === undefined || v === null || v === "" ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function StepIcon({ status }: { status: string }) {
  if (status === "success") return <CheckCircle2 size={16} className="shrink-0 text-[#0e700e]" aria-label="Success" />;
  if (status === "failure") return <XCircle size={16} className="shrink-0 text-[#c50f1f]" aria-label="Failure" />;
  return <CircleSlash size={16} className="shrink-0 text-gray-600" aria-label="Skipped" />;
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
  return (
    <Panel open={id !== null} onOpenChange={(o) => !o && onClose()} title="Provisioning log details">
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : e && (
        <div className="space-y-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">{e.sourceIdentity ?? e.sourceId ?? "Unknown object"}</span>
            <ActionBadge action={e.action} /> <StatusBadge status={e.status} />
            <span className="text-gray-600">{new Date(e.at).toLocaleString()}</span>
          </div>
          <Tabs.Root defaultValue="steps">
            <Tabs.List aria-label="Log entry details" className="mb-3 flex flex-wrap gap-1 border-b border-gray-200">
              <Tabs.Trigger className={tab} value="steps">Steps</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="troubleshooting">Troubleshooting &amp; recommendations</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="modified">Modified properties</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="summary">Summary</Tabs.Trigger>
              <Tabs.Trigger className={tab} value="exchange">SCIM request/response</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="steps">
              {e.steps.length === 0 ? <p className="text-sm text-gray-700">No steps were recorded for this entry.</p> : (
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
                  <Row label="Error code">{show(e.errorCode)}</Row>
                  <Row label="Reason">{show(e.reason)}</Row>
                  <Row label="Recommendation">{show(e.recommendation)}</Row>
                </dl>
              ) : <p className="text-sm text-gray-700">Nothing to troubleshoot: this action {e.status === "skipped" ? "was skipped" : "succeeded"}.{e.recommendation ? ` ${e.recommendation}` : ""}</p>}
            </Tabs.Content>
            <Tabs.Content value="modified">
              {e.modifiedProperties.length === 0 ? <p className="text-sm text-gray-700">No properties were changed.</p> : (
                <Table aria-label="Modified properties">
                  <THead><Tr><Th>Property</Th><Th>Old value</Th><Th>New value</Th></Tr></THead>
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
                <Row label="Log entry ID">{e.id}</Row>
                <Row label="Date">{new Date(e.at).toISOString()}</Row>
                <Row label="Cycle ID">{show(e.cycleId)}</Row>
                <Row label="Application">{e.appName ?? e.appId} <span className="text-xs text-gray-500">({e.appId})</span></Row>
                <Row label="Object type">{e.objectType}</Row>
                <Row label="Duration">{e.durationMs == null ? "—" : `${e.durationMs} ms`}</Row>
              </dl>
              <h3 className="mt-3 text-sm font-semibold">Source (Provisio directory)</h3>
              <dl><Row label="Identity">{show(e.sourceIdentity)}</Row><Row label="Source ID">{show(e.sourceId)}</Row></dl>
              <h3 className="mt-3 text-sm font-semibold">Target ({e.appName ?? "application"})</h3>
              <dl><Row label="Target ID">{show(e.targetId)}</Row></dl>
            </Tabs.Content>
            <Tabs.Content value="exchange">
              {e.exchange == null ? <p className="text-sm text-gray-700">No SCIM request was recorded for this entry.</p> : (
                <>
                  <p className="mb-2 text-xs text-gray-600">Secrets (tokens, passwords, authorization headers) are replaced by [redacted].</p>
                  <pre aria-label="SCIM exchange" className="max-h-[60vh] overflow-auto rounded bg-gray-50 p-2 text-xs">{JSON.stringify(e.exchange, null, 2)}</pre>
                </>
              )}
            </Tabs.Content>
          </Tabs.Root>
        </div>
      )}
    </Panel>
  );
}
