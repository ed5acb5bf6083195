"use client";
// "Review your schema here": the app's provisioning configuration as a JSON document.
// Download it, upload or edit it (checked as you type with the document's zod schema),
// review the differences from the current configuration (the server's checks too), apply.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, RefreshCw, Save, Upload, Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/field";
import { Banner, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { useFieldMessage } from "@/components/ui/use-field-message";
import { api, ApiError } from "@/lib/api/client";
import { configurationDocumentSchema, zodIssues, type ConfigurationChange, type ConfigurationDocument, type ConfigurationIssue } from "@/lib/configuration/schema";

const keyOf = (appId: string) => ["apps", appId, "configuration"] as const;
const pretty = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

type Checked = { doc: ConfigurationDocument | null; issues: ConfigurationIssue[] };

/** The editor text → the document, or every problem with its JSON path (nothing sent to the server). */
function check(text: string): Checked {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { doc: null, issues: [{ path: "", message: `Not valid JSON: ${(e as Error).message}` }] };
  }
  const r = configurationDocumentSchema.safeParse(json);
  return r.success ? { doc: r.data, issues: [] } : { doc: null, issues: zodIssues(r.error) };
}

function IssueList({ issues, title }: { issues: ConfigurationIssue[]; title: string }) {
  const t = useTranslations("configuration");
  const fieldMessage = useFieldMessage();
  const message = (m: string) => (m.startsWith("Not valid JSON: ") ? t("notJson", { detail: m.slice("Not valid JSON: ".length) }) : fieldMessage(m) ?? m);
  return (
    <div role="alert" data-testid="configuration-issues" className="rounded border border-[#f1bbbc] bg-[#fdf3f4] p-3 text-sm">
      <p className="font-semibold">{title}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {issues.map((i, k) => (
          <li key={k}><code className="font-mono text-xs">{i.path || t("document")}</code>: {message(i.message)}{i.position !== undefined ? ` ${t("atCharacter", { n: i.position + 1 })}` : ""}</li>
        ))}
      </ul>
    </div>
  );
}

export function ConfigurationEditor({ appId, appName }: { appId: string; appName: string }) {
  const t = useTranslations("configuration");
  const tc = useTranslations("common");
  const q = useQuery({ queryKey: keyOf(appId), queryFn: () => api<ConfigurationDocument>(`/api/v1/apps/${appId}/provisioning/configuration`) });
  if (q.isPending) return <LoadingRows rows={10} label={t("loading")} />;
  if (q.isError) return <ErrorState message={q.error.message} action={<Button className="mt-2" onClick={() => q.refetch()}>{tc("retry")}</Button>} />;
  return <Editor appId={appId} appName={appName} current={q.data} reload={() => q.refetch()} />;
}

function Editor({ appId, appName, current, reload }: { appId: string; appName: string; current: ConfigurationDocument; reload: () => Promise<unknown> }) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("configuration");
  const tc = useTranslations("common");
  const qc = useQueryClient();
  const [text, setText] = useState(() => pretty(current));
  const [review, setReview] = useState<{ changes: ConfigurationChange[]; doc: ConfigurationDocument } | null>(null);
  const [serverIssues, setServerIssues] = useState<ConfigurationIssue[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const checked = useMemo(() => check(text), [text]);
  const edited = text !== pretty(current);

  const edit = (next: string) => {
    setText(next);
    setServerIssues([]);
  };

  const issuesOf = (e: Error): ConfigurationIssue[] => {
    if (!(e instanceof ApiError) || !e.details?.length) return [{ path: "", message: e.message }];
    return e.details.map((d) => {
      const position = (d as { position?: unknown }).position;
      return { path: d.path ?? "", message: d.message, ...(typeof position === "number" ? { position } : {}) };
    });
  };

  const diff = useMutation({
    mutationFn: (doc: ConfigurationDocument) => api<{ changes: ConfigurationChange[] }>(`/api/v1/apps/${appId}/provisioning/configuration/diff`, { method: "POST", body: doc }).then((r) => ({ changes: r.changes, doc })),
    onSuccess: (r) => {
      if (r.changes.length === 0) toast.info(t("nothingToApply"));
      else setReview(r);
    },
    onError: (e) => {
      setServerIssues(issuesOf(e));
      toast.error(t("hasProblems"));
    },
  });

  const apply = useMutation({
    mutationFn: (doc: ConfigurationDocument) => api<{ changes: ConfigurationChange[]; configuration: ConfigurationDocument }>(`/api/v1/apps/${appId}/provisioning/configuration`, { method: "PUT", body: doc }),
    onSuccess: async (r) => {
      setReview(null);
      setText(pretty(r.configuration));
      qc.setQueryData(keyOf(appId), r.configuration);
      // Settings and both mappings changed: refresh everything of this app.
      await qc.invalidateQueries({ queryKey: ["apps", appId] });
      toast.success(t("applied", { count: r.changes.length, app: appName }));
    },
    onError: (e) => {
      setReview(null);
      setServerIssues(issuesOf(e));
      toast.error(e.message);
    },
  });

  const download = () => {
    const blob = new Blob([pretty(current)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${appName.replace(/[^\w.-]+/g, "-")}-provisioning-configuration.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    edit(await file.text());
    toast.info(t("loaded", { name: file.name }));
  };

  const issues = checked.issues.length ? checked.issues : serverIssues;

  return (
    <div className="space-y-3">
      <p className="max-w-3xl text-sm text-gray-700">
        {t("intro", { app: appName })}
      </p>
      <div role="toolbar" aria-label={t("commands")} className="flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canEdit && <>
          <Button variant="command" disabled={!edited || !checked.doc} busy={diff.isPending} onClick={() => checked.doc && diff.mutate(checked.doc)}><Save size={16} aria-hidden /> {t("reviewApply")}</Button>
          <Button variant="command" disabled={!edited} onClick={() => edit(pretty(current))}><Undo2 size={16} aria-hidden /> {tc("discard")}</Button>
          <Button variant="command" onClick={() => fileInput.current?.click()}><Upload size={16} aria-hidden /> {t("upload")}</Button>
          <input ref={fileInput} type="file" accept="application/json,.json" className="sr-only" aria-label={t("uploadLabel")} tabIndex={-1}
            onChange={(e) => { void upload(e.target.files?.[0]); e.target.value = ""; }} />
        </>}
        <Button variant="command" onClick={download}><Download size={16} aria-hidden /> {tc("download")}</Button>
        <Button variant="command" disabled={edited} onClick={() => void reload().then(() => toast.info(t("reloaded")))}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
      </div>

      {issues.length > 0 && <IssueList issues={issues} title={t("problems", { count: issues.length })} />}
      {edited && issues.length === 0 && canEdit && <Banner>{t("differs")}</Banner>}

      <label htmlFor="configuration-json" className="block text-sm font-semibold">{t("documentLabel")}</label>
      <Textarea
        id="configuration-json" spellCheck={false} readOnly={!canEdit} value={text} onChange={(e) => edit(e.target.value)}
        aria-invalid={issues.length > 0 || undefined} aria-describedby="configuration-json-help"
        className="h-[60vh] min-h-64 w-full whitespace-pre text-xs leading-5"
      />
      <p id="configuration-json-help" className="text-xs text-gray-600">{canEdit ? t("help") : t("readerHelp")}</p>

      <Dialog open={review !== null} onOpenChange={(o) => { if (!o) setReview(null); }} wide title={t("reviewTitle")}
        description={t("reviewDescription", { count: review?.changes.length ?? 0, app: appName })}
        footer={<>
          <Button variant="primary" busy={apply.isPending} onClick={() => review && apply.mutate(review.doc)}>{tc("apply")}</Button>
          <Button onClick={() => setReview(null)}>{tc("cancel")}</Button>
        </>}
      >
        <Table aria-label={t("changes")}>
          <THead><Tr><Th>{t("col.path")}</Th><Th>{t("col.current")}</Th><Th>{t("col.new")}</Th></Tr></THead>
          <TBody>
            {review?.changes.map((c) => (
              <Tr key={c.path}>
                <Td><code className="break-all font-mono text-xs">{c.path}</code></Td>
                <Td><span className="break-all font-mono text-xs">{show(c.before)}</span></Td>
                <Td><span className="break-all font-mono text-xs">{show(c.after)}</span></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Dialog>
    </div>
  );
}
