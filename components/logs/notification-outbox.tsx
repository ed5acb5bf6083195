"use client";
// Settings → Notifications: the outbox of notification emails (queued, sent, failed) with Retry.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";

type Email = { id: string; to: string; subject: string; status: "queued" | "sent" | "failed"; attempts: number; lastError: string | null; nextAttemptAt: string | null; sentAt: string | null; createdAt: string };
const TONE = { queued: "info", sent: "good", failed: "bad" } as const;

export function NotificationOutbox() {
  const canRetry = useCan("global_admin");
  const t = useTranslations("settings.outbox");
  const tc = useTranslations("common");
  const format = useFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" });
  const qc = useQueryClient();
  const [status, setStatus] = useState("");
  const list = useQuery({
    queryKey: ["settings", "outbox", status],
    queryFn: () => api<{ items: Email[] }>(`/api/v1/settings/notifications/outbox?limit=100${status ? `&status=${status}` : ""}`),
    refetchInterval: 15_000,
  });
  const retry = useMutation({
    mutationFn: (id: string) => api<Email>(`/api/v1/settings/notifications/outbox/${encodeURIComponent(id)}/retry`, { method: "POST", body: {} }),
    onSuccess: (e) => { toast.success(t("retried", { subject: e.subject })); void qc.invalidateQueries({ queryKey: ["settings", "outbox"] }); },
    onError: (e: Error) => toast.error(e.message),
  });
  return (
    <section aria-labelledby="outbox-h" className="max-w-5xl space-y-3 border-t border-gray-200 pt-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="outbox-h" className="text-base font-semibold">{t("title")}</h2>
        <label className="text-sm">{t("show")}
          <Select aria-label={t("show")} value={status} onChange={(e) => setStatus(e.target.value)} className="mt-0.5 w-36">
            <option value="">{t("all")}</option><option value="queued">{t("status.queued")}</option><option value="sent">{t("status.sent")}</option><option value="failed">{t("status.failed")}</option>
          </Select>
        </label>
      </div>
      {list.isPending ? <LoadingRows rows={3} label={t("loading")} /> : list.isError ? <ErrorState message={list.error.message} /> : list.data.items.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyText")}</EmptyState>
      ) : (
        <Table aria-label={t("tableLabel")}>
          <THead><Tr><Th>{t("col.created")}</Th><Th>{t("col.to")}</Th><Th>{t("col.subject")}</Th><Th>{t("col.status")}</Th><Th>{t("col.attempts")}</Th><Th>{t("col.lastError")}</Th>{canRetry && <Td />}</Tr></THead>
          <TBody>
            {list.data.items.map((e) => (
              <Tr key={e.id}>
                <Td className="whitespace-nowrap">{when(e.createdAt)}</Td>
                <Td className="break-all">{e.to}</Td>
                <Td>{e.subject}</Td>
                <Td><Badge tone={TONE[e.status]}>{t(`status.${e.status}`)}</Badge>{e.sentAt && <span className="block text-xs text-gray-600">{when(e.sentAt)}</span>}{!e.sentAt && e.nextAttemptAt && <span className="block text-xs text-gray-600">{t("nextTry", { at: when(e.nextAttemptAt) })}</span>}</Td>
                <Td className="tabular-nums">{e.attempts}</Td>
                <Td className="max-w-xs break-words text-xs">{e.lastError ?? "—"}</Td>
                {canRetry && <Td>{e.status === "failed" && <Button variant="ghost" aria-label={t("retryOne", { subject: e.subject, to: e.to })} busy={retry.isPending && retry.variables === e.id} onClick={() => retry.mutate(e.id)}>{tc("retry")}</Button>}</Td>}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
