"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CheckCircle2, RefreshCw, Save, XCircle } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, Banner } from "@/components/ui/states";
import { DATE_TIME } from "@/components/ui/formats";
import { api, ApiError } from "@/lib/api/client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { provisioningRuleIssues, type CredentialsView, type MappingSummary, type ProvisioningSettings, type ProvisioningView, type TestConnectionView } from "@/lib/apps/schemas";
import type { TemplateSummary } from "@/lib/apps/templates";
import { useSyncStatus } from "@/components/sync/sync-details";
import { noteCycleQueued } from "@/components/sync/sync-keys";
import { SHOWN } from "@/components/sync/sync-state";
import { appKeys } from "./query-keys";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";

type CredentialField = TemplateSummary["credentialFields"][number];

export type ProvisioningBladeProps = {
  appId: string;
  appName: string;
  template: Pick<TemplateSummary, "id" | "name" | "credentialFields">;
  mappings: MappingSummary[];
  /** sent with the page (secrets only as {set}): the form renders without waiting for two API calls */
  initial: ProvisioningView;
  initialCredentials: CredentialsView;
};

/** Edit provisioning: the settings form, rendered from the values sent with the page. */
export function ProvisioningBlade(props: ProvisioningBladeProps) {
  return <ProvisioningForm {...props} />;
}

type FormValues = {
  mode: "manual" | "automatic";
  status: "on" | "off";
  scope: "assigned" | "all";
  notificationEmail: string;
  sendFailureEmails: boolean;
  preventAccidentalDeletion: boolean;
  // numbers as text: an emptied input must reach the API's message, not become NaN
  accidentalDeletionThreshold: string;
  intervalMinutes: string;
  credentials: Record<string, string>;
};

const SETTING_KEYS = ["mode", "scope", "notificationEmail", "sendFailureEmails", "preventAccidentalDeletion", "accidentalDeletionThreshold", "intervalMinutes", "status"] as const;

function toFormValues(p: ProvisioningView, c: CredentialsView, fields: CredentialField[]): FormValues {
  return {
    mode: p.mode,
    status: p.status,
    scope: p.scope,
    notificationEmail: p.notificationEmail ?? "",
    sendFailureEmails: p.sendFailureEmails,
    preventAccidentalDeletion: p.preventAccidentalDeletion,
    accidentalDeletionThreshold: String(p.accidentalDeletionThreshold),
    intervalMinutes: String(p.intervalMinutes),
    // Secrets always start empty: their values never reach the browser.
    credentials: Object.fromEntries(fields.map((f) => {
      const v = c[f.name];
      return [f.name, f.secret ? "" : typeof v === "string" ? v : f.type === "select" ? (f.options?.[0]?.value ?? "") : ""];
    })),
  };
}

function secretFlags(c: CredentialsView): Record<string, boolean> {
  return Object.fromEntries(Object.entries(c).flatMap(([k, v]) => (typeof v === "object" ? [[k, v.set]] : [])));
}

/** Only what the admin typed: empty secrets are left out so the stored ones are kept. */
function credentialsBody(fields: CredentialField[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name] ?? "";
    if (f.secret && v === "") continue;
    out[f.name] = v;
  }
  return out;
}

/** The generic SCIM template's auth method decides which of its fields apply (as in Entra). */
function fieldApplies(f: CredentialField, values: Record<string, string>): boolean {
  const method = values.authMethod;
  if (method === "bearer") return !["tokenUrl", "clientId", "clientSecret", "scope"].includes(f.name);
  if (method === "oauth2_client_credentials") return f.name !== "secretToken";
  return true;
}

function toSettings(v: FormValues): ProvisioningSettings {
  return {
    mode: v.mode, status: v.status, scope: v.scope, notificationEmail: v.notificationEmail.trim() || null, sendFailureEmails: v.sendFailureEmails,
    preventAccidentalDeletion: v.preventAccidentalDeletion, accidentalDeletionThreshold: Number(v.accidentalDeletionThreshold), intervalMinutes: Number(v.intervalMinutes),
  };
}

type TestResult = Pick<TestConnectionView, "ok" | "message"> & { at: Date };

/** The server refused changed credentials because Test Connection failed with them. */
class CredentialsTestFailed extends Error {
  constructor(message: string, readonly values: FormValues) {
    super(message);
  }
}

function ProvisioningForm({ appId, appName, template, mappings, initial, initialCredentials }: ProvisioningBladeProps) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("provisioning");
  const tc = useTranslations("credentials");
  const format = useFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), DATE_TIME);
  const qc = useQueryClient();
  const fields = template.credentialFields;
  // a template's field texts from the catalogue (credentials.fields.<template>.<field>), else the template's own
  const fieldText = (f: CredentialField, part: "label" | "help"): string | undefined => {
    const key = `fields.${template.id}.${f.name}.${part}` as Parameters<typeof tc>[0];
    return tc.has(key) ? tc(key) : part === "label" ? f.label : f.help;
  };
  const optionText = (f: CredentialField, o: { value: string; label: string }): string => {
    const key = `fields.${template.id}.${f.name}.options.${o.value}` as Parameters<typeof tc>[0];
    return tc.has(key) ? tc(key) : o.label;
  };
  const form = useForm<FormValues>({ defaultValues: toFormValues(initial, initialCredentials, fields) });
  const [secretsSet, setSecretsSet] = useState(() => secretFlags(initialCredentials));
  const [server, setServer] = useState(initial);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<TestResult | null>(null);
  // Changed credentials that failed the test made before saving: the diagnosis and the values, until the admin decides.
  const [failedTest, setFailedTest] = useState<{ message: string; values: FormValues } | null>(null);
  // useWatch re-renders on every change; its type is a deep partial, the current values fill it in.
  const watched = useWatch({ control: form.control });
  const values = { ...form.getValues(), ...watched } as FormValues;
  const dirty = form.formState.isDirty;
  useUnsavedChangesGuard(dirty);
  const ruleIssues = provisioningRuleIssues(toSettings(values));
  const ruleText = useTranslations("errors.rule");
  const issueFor = (path: string) => {
    const issue = ruleIssues.find((i) => i.path === path);
    return issue && ruleText(issue.code);
  };

  const reloadFromServer = async () => {
    const [p, c] = await Promise.all([
      api<ProvisioningView>(`/api/v1/apps/${appId}/provisioning`),
      api<CredentialsView>(`/api/v1/apps/${appId}/provisioning/credentials`),
    ]);
    qc.setQueryData(appKeys.provisioning(appId), p);
    qc.setQueryData(appKeys.credentials(appId), c);
    setServer(p);
    setSecretsSet(secretFlags(c));
    return { p, c };
  };

  const save = useMutation({
    mutationFn: async ({ v, force }: { v: FormValues; force?: boolean }) => {
      const d = form.formState.dirtyFields;
      if (d.credentials && Object.values(d.credentials).some(Boolean)) {
        try {
          await api(`/api/v1/apps/${appId}/provisioning/credentials${force ? "?force=true" : ""}`, { method: "PUT", body: credentialsBody(fields, v.credentials) });
        } catch (e) {
          // While provisioning is On the server tests changed credentials first; a failure needs the admin's say.
          const failed = e instanceof ApiError && e.status === 422 ? e.details?.find((x) => x.path === "credentials") : undefined;
          if (failed) throw new CredentialsTestFailed(failed.message, v);
          throw e;
        }
        // Saved: show them as saved even if the settings below fail.
        const c = await api<CredentialsView>(`/api/v1/apps/${appId}/provisioning/credentials`);
        setSecretsSet(secretFlags(c));
        form.resetField("credentials", { defaultValue: toFormValues(server, c, fields).credentials });
      }
      const s = toSettings(v);
      const patch = Object.fromEntries(SETTING_KEYS.filter((k) => d[k]).map((k) => [k, s[k]]));
      if (Object.keys(patch).length) await api<ProvisioningView>(`/api/v1/apps/${appId}/provisioning`, { method: "PATCH", body: patch });
    },
    onSuccess: async () => {
      const wasOn = server.status === "on";
      const { p, c } = await reloadFromServer();
      // Turned On: a cycle is queued now; say so at once (Sync details reads the note).
      if (p.status === "on" && !wasOn) noteCycleQueued(qc, appId);
      form.reset(toFormValues(p, c, fields));
      setSaveError(null);
      toast.success(t("edit.saved", { app: appName }));
      void qc.invalidateQueries({ queryKey: ["apps", "list"] });
      void qc.invalidateQueries({ queryKey: ["sync-status", appId] });
      void qc.invalidateQueries({ queryKey: appKeys.one(appId) });
    },
    onError: (e) => {
      if (e instanceof CredentialsTestFailed) {
        setFailedTest({ message: e.message, values: e.values });
        return;
      }
      setSaveError(e.message);
      toast.error(e.message);
    },
  });

  const test = useMutation({
    mutationFn: () => api<TestConnectionView>(`/api/v1/apps/${appId}/provisioning/test-connection`, { method: "POST", body: credentialsBody(fields, form.getValues().credentials) }),
    onSuccess: (r) => {
      setTestResult({ ok: r.ok, message: r.message, at: new Date() });
      // The saved credentials' last result (and with it the warning) may have changed.
      void reloadFromServer();
      if (r.ok) toast.success(tc("testOkToast", { app: appName }));
      else toast.error(tc("testFailedToast", { app: appName, message: r.message }));
    },
    onError: (e) => { setTestResult({ ok: false, message: e.message, at: new Date() }); toast.error(e.message); },
  });

  const submit = form.handleSubmit((v) => {
    setSaveError(null);
    if (ruleIssues.length) {
      setSaveError(ruleIssues.map((i) => ruleText(i.code)).join(" "));
      return;
    }
    save.mutate({ v });
  });

  const automatic = values.mode === "automatic";
  const visible = fields.filter((f) => fieldApplies(f, values.credentials));
  const basic = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);
  const busy = save.isPending;

  const renderField = (f: CredentialField) => (
    <Field
      key={f.name}
      label={fieldText(f, "label") ?? f.label}
      required={f.required}
      help={f.secret ? (
        <span data-testid={`secret-state-${f.name}`}>{secretsSet[f.name] ? tc("secretSet") : tc("secretNotSet")}{fieldText(f, "help") ? ` ${fieldText(f, "help")}` : ""}</span>
      ) : fieldText(f, "help")}
    >
      {(p) => f.type === "select" ? (
        <Select {...p} {...form.register(`credentials.${f.name}`)}>
          {f.options?.map((o) => <option key={o.value} value={o.value}>{optionText(f, o)}</option>)}
        </Select>
      ) : f.secret ? (
        <Input {...p} type="password" autoComplete="new-password" placeholder={secretsSet[f.name] ? tc("secretPlaceholderSet") : tc("secretPlaceholderNotSet")} {...form.register(`credentials.${f.name}`)} />
      ) : (
        <Input {...p} type={f.type === "url" ? "url" : "text"} placeholder={f.placeholder} autoComplete="off" {...form.register(`credentials.${f.name}`)} />
      )}
    </Field>
  );

  return (
    <>
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-6" aria-label={t("edit.form")}>
      <div role="toolbar" aria-label={t("edit.commands")} className="-mx-2 flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canEdit && <>
          <Button type="submit" variant="command" disabled={!dirty} busy={busy}><Save size={16} aria-hidden /> {t("edit.save")}</Button>
          <Button type="button" variant="command" disabled={!dirty || busy} onClick={() => { form.reset(); setSaveError(null); }}>{t("edit.discard")}</Button>
        </>}
        <Button type="button" variant="command" disabled={dirty} onClick={async () => { const { p, c } = await reloadFromServer(); form.reset(toFormValues(p, c, fields)); }}><RefreshCw size={16} aria-hidden /> {t("edit.refresh")}</Button>
        <Button asChild variant="command"><Link href={`/apps/${appId}/provisioning`}><ArrowLeft size={16} aria-hidden /> {t("edit.overview")}</Link></Button>
      </div>

      {server.status === "on" && server.lastTestOk === false && (
        <div data-testid="credentials-warning"><Banner tone="warning">{server.lastTestAt ? tc("warningAt", { at: when(server.lastTestAt), app: template.name }) : tc("warning", { app: template.name })}</Banner></div>
      )}
      {saveError && <div role="alert" data-testid="provisioning-save-error" className="rounded border border-[#f1bbbc] bg-[#fdf3f4] p-3 text-sm"><p className="font-semibold">{t("edit.notSaved")}</p><p>{saveError}</p></div>}
      {dirty && canEdit && <Banner>{t("edit.unsaved")}</Banner>}

      <fieldset disabled={!canEdit || busy} className="space-y-6">
        <section className="space-y-2">
          <h2 id="mode-h" className="text-base font-semibold">{t("edit.mode")}</h2>
          <Field label={t("edit.mode")} error={issueFor("mode")}>
            {(p) => (
              <Select {...p} className="w-64" {...form.register("mode", { onChange: (e: { target: { value: string } }) => { if (e.target.value === "manual" && form.getValues("status") === "on") form.setValue("status", "off", { shouldDirty: true }); } })}>
                <option value="manual">{t("mode.manual")}</option>
                <option value="automatic">{t("mode.automatic")}</option>
              </Select>
            )}
          </Field>
          {!automatic && <p className="text-sm text-gray-700">{t.rich("edit.manualHint", { app: template.name, strong: (c) => <strong>{c}</strong> })}</p>}
        </section>

        {automatic && <>
          <section id="credentials" className="scroll-mt-4 space-y-3">
            <h2 id="creds-h" className="text-base font-semibold">{tc("title")}</h2>
            <p className="text-sm text-gray-700">{tc("intro", { app: template.name })}</p>
            {basic.map(renderField)}
            {advanced.length > 0 && (
              <details open={advanced.some((f) => !f.secret && !!initialCredentials[f.name])} className="rounded border border-gray-200 p-3">
                <summary className="cursor-pointer text-sm font-semibold">{tc("advanced")}</summary>
                <div className="mt-3 space-y-3">{advanced.map(renderField)}</div>
              </details>
            )}
            {canEdit && (
              <div className="flex items-center gap-3">
                <Button type="button" onClick={() => test.mutate()} busy={test.isPending}>{tc("testConnection")}</Button>
                {test.isPending && <span className="text-sm text-gray-700" role="status">{tc("testing", { app: appName })}</span>}
              </div>
            )}
            <div aria-live="polite">
              {testResult && (
                <div data-testid="test-connection-result" className={`flex items-start gap-2 rounded border p-3 text-sm ${testResult.ok ? "border-[#9fd89f] bg-[#f1faf1]" : "border-[#f1bbbc] bg-[#fdf3f4]"}`}>
                  {testResult.ok ? <CheckCircle2 size={18} className="mt-0.5 shrink-0 text-[#0e700e]" aria-hidden /> : <XCircle size={18} className="mt-0.5 shrink-0 text-[#c50f1f]" aria-hidden />}
                  <div>
                    <p className="font-semibold">{testResult.ok ? tc("testOk") : tc("testFailed")}</p>
                    <p>{testResult.message}</p>
                    {!testResult.ok && template.id === "gotomeeting" && <p className="mt-1 text-gray-700">{tc("gotomeetingHint")}</p>}
                  </div>
                </div>
              )}
              {!testResult && server.lastTestAt && (
                <p className="text-xs text-gray-700">{tc("lastTest", { result: server.lastTestOk ? tc("lastTestSucceeded") : tc("lastTestFailed"), at: when(server.lastTestAt) })}</p>
              )}
            </div>
          </section>

          <section className="space-y-2">
            <h2 id="mappings-h" className="text-base font-semibold">{t("edit.mappings")}</h2>
            <p className="text-sm text-gray-700">{t("edit.mappingsHint", { app: template.name })}</p>
            <ul className="space-y-1 text-sm">
              {mappings.map((m) => (
                <li key={m.id}>
                  <Link href={`/apps/${appId}/provisioning/mappings/${m.id}`} className="text-[#0f6cbd] underline hover:no-underline">{m.name}</Link>
                  {!m.enabled && <> <Badge>{t("edit.disabled")}</Badge></>}
                </li>
              ))}
            </ul>
          </section>

          <section className="space-y-3">
            <h2 id="settings-h" className="text-base font-semibold">{t("edit.settings")}</h2>
            <Field label={t("edit.notificationEmail")} error={issueFor("notificationEmail")} help={t("edit.notificationEmailHelp")}>
              {(p) => <Input {...p} type="email" autoComplete="email" className="w-full max-w-96" {...form.register("notificationEmail")} />}
            </Field>
            <label className="flex items-center gap-2 text-sm"><input type="checkbox" {...form.register("sendFailureEmails")} /> {t("edit.sendFailureEmails")}</label>
            <label className="flex items-center gap-2 text-sm"><input type="checkbox" {...form.register("preventAccidentalDeletion")} /> {t("edit.preventDeletion")}</label>
            <Field label={t("edit.accidentalThreshold")} help={t("edit.accidentalThresholdHelp")}>
              {(p) => <Input {...p} type="number" min={1} step={1} className="w-40" disabled={!values.preventAccidentalDeletion} {...form.register("accidentalDeletionThreshold")} />}
            </Field>
            <Field label={t("edit.scope")}>
              {(p) => (
                <Select {...p} className="w-full max-w-96" {...form.register("scope")}>
                  <option value="assigned">{t("scope.assigned")}</option>
                  <option value="all">{t("scope.all")}</option>
                </Select>
              )}
            </Field>
            <Field label={t("edit.interval")} help={t("edit.intervalHelp")}>
              {(p) => <Input {...p} type="number" min={1} step={1} className="w-40" {...form.register("intervalMinutes")} />}
            </Field>
          </section>

          <section className="space-y-2">
            <h2 id="status-h" className="text-base font-semibold">{t("edit.status")}</h2>
            <div role="radiogroup" aria-labelledby="status-h" className="inline-flex overflow-hidden rounded border border-gray-400">
              {(["on", "off"] as const).map((s) => (
                <label key={s} className={`flex cursor-pointer items-center gap-1.5 px-4 py-1 text-sm ${values.status === s ? "bg-[#0f6cbd] text-white" : "bg-white"}`}>
                  <input type="radio" value={s} {...form.register("status")} />
                  {t(`status.${s}`)}
                </label>
              ))}
            </div>
            <p className="text-sm text-gray-700" data-testid="saved-provisioning-status">{server.status !== values.status ? t("edit.currentlyPending", { status: t(`status.${server.status}`), next: t(`status.${values.status}`) }) : t("edit.currently", { status: t(`status.${server.status}`) })}</p>
            <LiveState appId={appId} />
          </section>
        </>}
      </fieldset>
    </form>
    <ConfirmDialog
      open={!!failedTest}
      onOpenChange={(o) => { if (!o) setFailedTest(null); }}
      title={tc("failedConfirm.title")}
      confirmLabel={tc("failedConfirm.confirm")}
      busy={save.isPending}
      onConfirm={() => { const v = failedTest!.values; setFailedTest(null); save.mutate({ v, force: true }); }}
    >
      <span data-testid="credentials-test-failure">{failedTest?.message}</span>{tc("failedConfirm.body")}
    </ConfirmDialog>
    </>
  );
}

/** What the engine is doing now, live (queued within a second of Save with status On); the details are on the Overview. */
function LiveState({ appId }: { appId: string }) {
  const { shown } = useSyncStatus(appId);
  const ts = useTranslations("sync.state");
  const t = useTranslations("provisioning.edit");
  if (!shown) return null;
  const st = SHOWN[shown];
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm" role="status">
      <span>{t("liveState")}</span> <span data-testid="live-sync-state"><Badge tone={st.tone}>{ts(`${shown}.label`)}</Badge></span>
      <Link className="text-[#0f6cbd] underline" href={`/apps/${appId}/provisioning`}>{t("seeProgress")}</Link>
    </p>
  );
}
