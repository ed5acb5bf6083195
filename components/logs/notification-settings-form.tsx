"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Banner, ErrorState, LoadingRows } from "@/components/ui/states";
import { useFieldMessage } from "@/components/ui/use-field-message";
import { api } from "@/lib/api/client";
import { notificationSettingsPatch, type NotificationSettingsView } from "@/lib/logs/settings-schemas";

const KEY = ["settings", "notifications"];
const formSchema = notificationSettingsPatch.required();
type FormValues = z.infer<typeof formSchema>;

/** Settings → Notifications and retention: SMTP status (honest about emails not being sent), sender, log retention. */
export function NotificationSettingsForm() {
  const canEdit = useCan("global_admin");
  const t = useTranslations("settings.notificationsForm");
  const tc = useTranslations("common");
  const format = useFormatter();
  const fieldMessage = useFieldMessage();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api<NotificationSettingsView>("/api/v1/settings/notifications") });
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { fromAddress: "", retentionDays: 30 } });
  const { reset } = form;
  useEffect(() => {
    if (q.data) reset({ fromAddress: q.data.fromAddress ?? "", retentionDays: q.data.retentionDays });
  }, [q.data, reset]);
  const save = useMutation({
    mutationFn: (v: FormValues) => api<NotificationSettingsView>("/api/v1/settings/notifications", { method: "PATCH", body: v }),
    onSuccess: (v) => { qc.setQueryData(KEY, v); toast.success(t("saved")); },
    onError: (e) => toast.error(e.message),
  });

  if (q.isPending) return <LoadingRows />;
  if (q.isError) return <ErrorState message={q.error.message} />;
  const s = q.data;
  const errors = form.formState.errors;
  return (
    <div className="max-w-2xl space-y-5">
      <section aria-labelledby="smtp-h" className="space-y-2">
        <h2 id="smtp-h" className="text-lg font-semibold">{t("delivery")}</h2>
        {!s.smtpConfigured ? (
          <Banner tone="warning">
            <p className="font-semibold">{t("notSent")}</p>
            <p>{t("noSmtp")}</p>
            {s.outbox.pending > 0 && <p className="mt-1">{t("waiting", { count: s.outbox.pending })}</p>}
          </Banner>
        ) : s.outbox.failing > 0 ? (
          <Banner tone="error">
            <p className="font-semibold">{t("failing")}</p>
            <p>{t("failingText", { count: s.outbox.failing, error: s.outbox.lastError ?? tc("unknown") })}</p>
          </Banner>
        ) : (
          <Banner tone="success">
            <p>{t("configured")} {s.outbox.lastSentAt ? t("lastSent", { at: format.dateTime(new Date(s.outbox.lastSentAt), { dateStyle: "medium", timeStyle: "medium" }) }) : t("noneSent")}{s.outbox.pending ? ` ${t("pending", { count: s.outbox.pending })}` : ""}</p>
          </Banner>
        )}
        <p className="text-sm text-gray-700">{t("perApp")}</p>
      </section>

      <form className="space-y-4" onSubmit={form.handleSubmit((v) => save.mutate(v))} noValidate>
        <Field label={t("from")} help={s.fromAddress ? t("fromHelpDefault") : t("fromHelp", { address: s.effectiveFromAddress })} error={fieldMessage(errors.fromAddress?.message)}>
          {(p) => <Input {...p} type="email" placeholder={s.effectiveFromAddress} disabled={!canEdit} {...form.register("fromAddress")} />}
        </Field>
        <Field label={t("retention")} help={t("retentionHelp")} error={fieldMessage(errors.retentionDays?.message)}>
          {(p) => <Input {...p} type="number" min={1} max={3650} className="w-32" disabled={!canEdit} {...form.register("retentionDays", { valueAsNumber: true })} />}
        </Field>
        {canEdit ? <Button type="submit" variant="primary" busy={save.isPending}>{tc("save")}</Button> : <p className="text-sm text-gray-600">{t("onlyGlobal")}</p>}
      </form>
    </div>
  );
}
