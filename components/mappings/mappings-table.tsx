"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { MappingDocument } from "@/lib/mapping";
import { mappingKeys } from "./query-keys";

/** Provisioning → Mappings: "Provision Directory Users" and "Provision Directory Groups" with Enabled. */
export function MappingsTable({ appId }: { appId: string }) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("mappings.list");
  const qc = useQueryClient();
  const q = useQuery({ queryKey: mappingKeys.list(appId), queryFn: () => api<{ items: MappingDocument[] }>(`/api/v1/apps/${appId}/provisioning/mappings`) });
  const toggle = useMutation({
    mutationFn: (m: MappingDocument) => api<MappingDocument>(`/api/v1/apps/${appId}/provisioning/mappings/${m.id}`, { method: "PUT", body: { ...m, enabled: !m.enabled } }),
    onSuccess: (m) => {
      toast.success(t("toggled", { name: m.name, state: m.enabled ? t("enabledWord") : t("disabled") }));
      qc.setQueryData(mappingKeys.one(appId, m.id), m);
      void qc.invalidateQueries({ queryKey: mappingKeys.list(appId) });
    },
    onError: (e) => toast.error(e.message),
  });

  return (
    <div className="space-y-3">
      <p className="max-w-3xl text-sm text-gray-700">{t("intro")}</p>
      <div role="toolbar" aria-label={t("commands")} className="flex gap-1 border-b border-gray-200 pb-1">
        <Button variant="command" onClick={() => q.refetch()}><RefreshCw size={16} aria-hidden /> {t("refresh")}</Button>
      </div>
      {q.isPending ? <LoadingRows rows={2} label={t("loading")} /> : q.isError ? <ErrorState message={q.error.message} /> : q.data.items.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyHint")}</EmptyState>
      ) : (
        <Table aria-label={t("title")}>
          <THead><Tr><Th>{t("name")}</Th><Th>{t("enabled")}</Th></Tr></THead>
          <TBody>
            {q.data.items.map((m) => (
              <Tr key={m.id}>
                <Td><Link className="text-[#0f6cbd] hover:underline" href={`/apps/${appId}/provisioning/mappings/${m.id}`}>{m.name}</Link></Td>
                <Td>
                  {canEdit ? (
                    <button
                      type="button" role="switch" aria-checked={m.enabled} aria-label={t("enableNamed", { name: m.name })} disabled={toggle.isPending}
                      onClick={() => toggle.mutate(m)}
                      className={`inline-flex h-5 w-9 items-center rounded-full border transition-colors focus-visible:outline-2 focus-visible:outline-[#0f6cbd] disabled:opacity-50 ${m.enabled ? "border-[#0f6cbd] bg-[#0f6cbd]" : "border-gray-500 bg-white"}`}
                    >
                      <span className={`h-3 w-3 rounded-full transition-transform ${m.enabled ? "translate-x-5 bg-white" : "translate-x-1 bg-gray-600"}`} />
                    </button>
                  ) : null}
                  <span className={canEdit ? "ml-2" : ""}>{m.enabled ? t("yes") : t("no")}</span>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <AdvancedOptions appId={appId} />
    </div>
  );
}

/** Entra's "Show advanced options" under the mappings: the whole configuration as a JSON document. */
function AdvancedOptions({ appId }: { appId: string }) {
  const [show, setShow] = useState(false);
  const t = useTranslations("mappings.list");
  return (
    <div className="space-y-2 pt-2">
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> {t("showAdvanced")}</label>
      {show && (
        <p className="text-sm">
          <Link className="text-[#0f6cbd] hover:underline" href={`/apps/${appId}/provisioning/schema`}>{t("reviewSchema")}</Link>
          <span className="text-gray-700">{t("advancedHint")}</span>
        </p>
      )}
    </div>
  );
}
