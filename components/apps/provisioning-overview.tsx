"use client";
// Provisioning → Overview (Entra's layout): the commands, then banners, the current cycle with
// its progress, statistics to date and cycle history. The settings live in Edit provisioning.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListChecks, Pencil, Play, RefreshCw, RotateCcw, Square, UserCheck } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { PreviewPanel } from "@/components/sync/preview-panel";
import { SyncDetails } from "@/components/sync/sync-details";
import { noteCycleQueued, refreshSync, syncKeys } from "@/components/sync/sync-keys";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Banner } from "@/components/ui/states";
import { api } from "@/lib/api/client";
import type { MappingSummary, ProvisioningView } from "@/lib/apps/schemas";
import { ProvisionOnDemandPanel } from "./provision-on-demand-panel";
import { appKeys } from "./query-keys";

type Command = "start" | "stop" | "restart";

export function ProvisioningOverview({ appId, appName, initial, mappings }: { appId: string; appName: string; initial: ProvisioningView; mappings: MappingSummary[] }) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("provisioning.overview");
  const qc = useQueryClient();
  const base = `/apps/${appId}/provisioning`;
  const prov = useQuery({ queryKey: appKeys.provisioning(appId), queryFn: () => api<ProvisioningView>(`/api/v1/apps/${appId}/provisioning`), initialData: initial });
  const p = prov.data;
  const [confirm, setConfirm] = useState<null | "stop" | "restart">(null);
  const [onDemand, setOnDemand] = useState(false);
  // ?preview=changes: the mapping editor's "Preview the effect of this change" opens the panel.
  const [previewing, setPreviewing] = useState<false | "all" | "changes">(useSearchParams().get("preview") === "changes" ? "changes" : false);

  const command = useMutation({
    mutationFn: (what: Command) => api(`/api/v1/apps/${appId}/provisioning/${what}`, { method: "POST" }).then(() => what),
    onSuccess: (what) => {
      setConfirm(null);
      toast.success(what === "start" ? t("queued") : what === "stop" ? t("stopped") : t("restarted"));
      if (what !== "stop" && (what === "start" || p.status === "on")) noteCycleQueued(qc, appId);
      else {
        // Stop: an earlier command's "Queued" no longer holds
        qc.setQueryData(syncKeys.command(appId), null);
        refreshSync(qc, appId);
      }
      void qc.invalidateQueries({ queryKey: appKeys.one(appId) });
    },
    onError: (e) => { setConfirm(null); toast.error(e.message); },
  });
  const automatic = p.mode === "automatic";
  const users = mappings.find((m) => m.sourceObject === "user");

  return (
    <div className="max-w-5xl space-y-5">
      <div role="toolbar" aria-label={t("commands")} className="-mx-2 flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canEdit && <>
          <Button type="button" variant="command" disabled={command.isPending || !automatic} onClick={() => command.mutate("start")}><Play size={16} aria-hidden /> {t("start")}</Button>
          <Button type="button" variant="command" disabled={command.isPending || p.status !== "on"} onClick={() => setConfirm("stop")}><Square size={16} aria-hidden /> {t("stop")}</Button>
          <Button type="button" variant="command" disabled={command.isPending || !automatic} onClick={() => setConfirm("restart")}><RotateCcw size={16} aria-hidden /> {t("restart")}</Button>
        </>}
        <Button asChild variant="command"><Link href={`${base}/edit`}><Pencil size={16} aria-hidden /> {t("edit")}</Link></Button>
        {canEdit && <>
          <Button type="button" variant="command" onClick={() => setOnDemand(true)}><UserCheck size={16} aria-hidden /> {t("onDemand")}</Button>
          <Button type="button" variant="command" onClick={() => setPreviewing("all")}><ListChecks size={16} aria-hidden /> {t("preview")}</Button>
        </>}
        <Button type="button" variant="command" onClick={() => { void prov.refetch(); refreshSync(qc, appId); }}><RefreshCw size={16} aria-hidden /> {t("refresh")}</Button>
      </div>

      {!automatic && (
        <Banner>
          <p className="font-semibold">{t("notConfigured")}</p>
          <p>{t.rich("notConfiguredHint", { app: appName, link: (c) => <Link className="font-semibold text-[#0f6cbd] underline" href={`${base}/edit`}>{c}</Link> })}</p>
        </Banner>
      )}

      <SyncDetails appId={appId} editHref={`${base}/edit`} />

      <section aria-labelledby="manage-h" className="space-y-2 border-t border-gray-200 pt-4">
        <h2 id="manage-h" className="text-base font-semibold">{t("manage")}</h2>
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          <li><Link className="text-[#0f6cbd] underline" href={`${base}/edit#credentials`}>{t("updateCredentials")}</Link></li>
          <li><Link className="text-[#0f6cbd] underline" href={users ? `${base}/mappings/${users.id}` : `${base}/mappings`}>{t("editMappings")}</Link></li>
          <li><Link className="text-[#0f6cbd] underline" href={`${base}/mappings`}>{t("scopingFilters")}</Link></li>
          <li><Link className="text-[#0f6cbd] underline" href={`/provisioning-logs?appId=${encodeURIComponent(appId)}`}>{t("logsOf", { app: appName })}</Link></li>
        </ul>
      </section>

      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={confirm === "stop" ? t("stopTitle") : t("restartTitle")}
        confirmLabel={confirm === "stop" ? t("stopShort") : t("restartShort")}
        danger={confirm === "stop"}
        busy={command.isPending}
        onConfirm={() => confirm && command.mutate(confirm)}
      >
        {confirm === "stop"
          ? t("confirmStop", { app: appName })
          : t("confirmRestart")}
      </ConfirmDialog>
      {onDemand && <ProvisionOnDemandPanel appId={appId} appName={appName} onClose={() => setOnDemand(false)} />}
      {previewing && <PreviewPanel appId={appId} appName={appName} changesOnly={previewing === "changes"} onClose={() => setPreviewing(false)} />}
    </div>
  );
}
