"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Banner, ErrorState, LoadingRows } from "@/components/ui/states";
import { api } from "@/lib/api/client";
import { notificationSettingsPatch, type NotificationSettingsView } from "@/lib/logs/settings-schemas";

const KEY = ["settings", "notifications"];
const formSchema = notificationSettingsPatch.required();
type FormValues = z.infer<typeof formSchema>;

/** Settings → Notifications and retention: SMTP status (honest about emails not being sent), sender, log retention. */
export function NotificationSettingsForm() {
  const canEdit = useCan("global_admin");
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api<NotificationSettingsView>("/api/v1/settings/notifications") });
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { fromAddress: "", retentionDays: 30 } });
  const { reset } = form;
  useEffect(() => {
    if (q.data) reset({ fromAddress: q.data.fromAddress ?? "", retentionDays: q.data.retentionDays });
  }, [q.data, reset]);
  const save = useMutation({
    mutationFn: (v: FormValues) => api<NotificationSettingsView>("/api/v1/settings/notifications", { method: "PATCH", body: v }),
    onSuccess: (v) => { qc.setQueryData(KEY, v); toast.success("Notification settings saved"); },
    onError: (e) => toast.error(e.message),
  });

  if (q.isPending) return <LoadingRows />;
  if (q.isError) return <ErrorState message={q.error.message} />;
  const s = q.data;
  const errors = form.formState.errors;
  return (
    <div className="max-w-2xl space-y-5">
      <section aria-labelledby="smtp-h" className="space-y-2">
        <h2 id="smtp-h" className="text-lg font-semibold">Email delivery</h2>
        {!s.smtpConfigured ? (
          <Banner tone="warning">
            <p className="font-semibold">Emails are not being sent.</p>
            <p>SMTP_URL is not set, so notification emails (quarantine, paused for deletions, credential failures, failed cycles) wait in the outbox. Set SMTP_URL (e.g. smtp://user:password@mail.example.com:587) and restart Provisio; waiting emails are then sent.</p>
            {s.outbox.pending > 0 && <p className="mt-1">{s.outbox.pending.toLocaleString()} email{s.outbox.pending === 1 ? " is" : "s are"} waiting.</p>}
          </Banner>
        ) : s.outbox.failing > 0 ? (
          <Banner tone="error">
            <p className="font-semibold">Emails are failing to send.</p>
            <p>{s.outbox.failing.toLocaleString()} email{s.outbox.failing === 1 ? "" : "s"} could not be delivered and will be retried. Last error: {s.outbox.lastError ?? "unknown"}</p>
          </Banner>
        ) : (
          <Banner tone="success">
            <p>SMTP is configured. {s.outbox.lastSentAt ? `Last email sent ${new Date(s.outbox.lastSentAt).toLocaleString()}.` : "No email has been sent yet."}{s.outbox.pending ? ` ${s.outbox.pending} waiting.` : ""}</p>
          </Banner>
        )}
        <p className="text-sm text-gray-700">Each application sends to the Notification Email of its provisioning settings, once per state change.</p>
      </section>

      <form className="space-y-4" onSubmit={form.handleSubmit((v) => save.mutate(v))} noValidate>
        <Field label="From address" help={`Sender of notification emails. Empty uses ${s.fromAddress ? "SMTP_FROM or the default" : s.effectiveFromAddress}.`} error={errors.fromAddress?.message}>
          {(p) => <Input {...p} type="email" placeholder={s.effectiveFromAddress} disabled={!canEdit} {...form.register("fromAddress")} />}
        </Field>
        <Field label="Keep provisioning logs for (days)" help="Older entries are deleted daily. Default 30 days." error={errors.retentionDays?.message}>
          {(p) => <Input {...p} type="number" min={1} max={3650} className="w-32" disabled={!canEdit} {...form.register("retentionDays", { valueAsNumber: true })} />}
        </Field>
        {canEdit ? <Button type="submit" variant="primary" busy={save.isPending}>Save</Button> : <p className="text-sm text-gray-600">Only a global administrator can change these settings.</p>}
      </form>
    </div>
  );
}
