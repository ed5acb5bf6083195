"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Save, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input } from "@/components/ui/field";
import { api } from "@/lib/api/client";
import type { AppView } from "@/lib/apps/schemas";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";
import { useTemplateName } from "@/components/apps/template-name";

/** Properties: rename, and delete with confirmation. */
export function AppPropertiesForm({ app }: { app: AppView }) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("apps");
  const templateName = useTemplateName();
  const router = useRouter();
  const qc = useQueryClient();
  const [saved, setSaved] = useState(app.displayName);
  const [name, setName] = useState(app.displayName);
  const [error, setError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const dirty = name !== saved;
  useUnsavedChangesGuard(dirty);

  const rename = useMutation({
    mutationFn: () => api<AppView>(`/api/v1/apps/${app.id}`, { method: "PATCH", body: { displayName: name } }),
    onSuccess: (a) => {
      setSaved(a.displayName);
      setName(a.displayName);
      toast.success(t("properties.saved"));
      void qc.invalidateQueries({ queryKey: ["apps"] });
      router.refresh();
    },
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/apps/${app.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("properties.deleted", { name: app.displayName }));
      void qc.invalidateQueries({ queryKey: ["apps"] });
      router.push("/apps");
    },
    onError: (e) => { toast.error(e.message); setConfirming(false); },
  });

  return (
    <form className="max-w-2xl space-y-4" onSubmit={(e) => { e.preventDefault(); if (!name.trim()) setError(t("properties.enterName")); else rename.mutate(); }} noValidate>
      {canEdit && (
        <div role="toolbar" aria-label={t("properties.commands")} className="flex gap-1 border-b border-gray-200 pb-1">
          <Button type="submit" variant="command" disabled={!dirty} busy={rename.isPending}><Save size={16} aria-hidden /> {t("properties.save")}</Button>
          <Button type="button" variant="command" disabled={!dirty} onClick={() => { setName(saved); setError(undefined); }}>{t("properties.discard")}</Button>
          <Button type="button" variant="command" onClick={() => setConfirming(true)}><Trash2 size={16} aria-hidden /> {t("properties.delete")}</Button>
        </div>
      )}
      <Field label={t("overview.name")} required error={error}>
        {(p) => <Input {...p} value={name} maxLength={256} readOnly={!canEdit} onChange={(e) => { setName(e.target.value); setError(undefined); }} />}
      </Field>
      <Field label={t("overview.appId")}>{(p) => <Input {...p} value={app.id} readOnly className="font-mono" />}</Field>
      <Field label={t("overview.galleryApp")}>{(p) => <Input {...p} value={t("overview.galleryAppValue", { template: templateName(app.templateId, app.templateName), publisher: app.publisher })} readOnly />}</Field>
      <ConfirmDialog open={confirming} onOpenChange={setConfirming} title={t("properties.deleteTitle", { name: saved })} confirmLabel={t("properties.delete")} busy={remove.isPending} onConfirm={() => remove.mutate()}>
        {t("properties.deleteBody")}
      </ConfirmDialog>
    </form>
  );
}
