"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Banner, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { api } from "@/lib/api/client";
import type { AppView } from "@/lib/apps/schemas";
import type { TemplateSummary } from "@/lib/apps/templates";
import { appKeys } from "./query-keys";
import { useTemplateName } from "@/components/apps/template-name";

/** Browse the gallery: search, cards, then name the app and create it. */
export function AppGallery() {
  const canEdit = useCan("app_admin");
  const t = useTranslations("gallery");
  const templateName = useTemplateName();
  const [q, setQ] = useState("");
  const [picked, setPicked] = useState<TemplateSummary | null>(null);
  const templates = useQuery({ queryKey: appKeys.templates(), queryFn: () => api<TemplateSummary[]>("/api/v1/templates"), staleTime: Infinity });
  // a template's description in the reader's language when the catalogue has it (gallery.templates.<id>)
  const describe = (tp: TemplateSummary) => {
    const key = `templates.${tp.id}.description` as Parameters<typeof t>[0];
    return t.has(key) ? t(key) : tp.description;
  };
  const needle = q.trim().toLowerCase();
  const shown = (templates.data ?? []).filter((tp) => !needle || [tp.name, templateName(tp.id, tp.name), tp.publisher, tp.description, describe(tp)].some((s) => s.toLowerCase().includes(needle)));

  return (
    <div className="space-y-4">
      <p className="max-w-3xl text-sm text-gray-700">{t("intro")}</p>
      {!canEdit && <Banner>{t("readOnly")}</Banner>}
      <div className="relative w-full max-w-96">
        <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
        <Input aria-label={t("search")} placeholder={t("search")} className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {templates.isPending ? <LoadingRows rows={3} label={t("loading")} /> : templates.isError ? <ErrorState message={templates.error.message} /> : shown.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ul aria-label={t("list")} className="grid grid-cols-[repeat(auto-fill,minmax(16rem,1fr))] gap-3">
          {shown.map((tp) => (
            <li key={tp.id} className="relative flex flex-col gap-2 rounded border border-gray-300 bg-white p-3 hover:border-[#0f6cbd] hover:shadow">
              {/* the button's name is what it shows (name by publisher); the description sits beside it */}
              <button
                type="button"
                onClick={() => setPicked(tp)}
                aria-describedby={`gallery-desc-${tp.id}`}
                className="flex items-center gap-3 text-left after:absolute after:inset-0 after:content-[''] focus-visible:outline-2 focus-visible:outline-[#0f6cbd]"
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- inline SVG data URI */}
                <img src={tp.logo} alt="" width={40} height={40} className="rounded" />
                <span>
                  <span className="block font-semibold">{templateName(tp.id, tp.name)}</span>
                  <span className="block text-xs text-gray-700">{t("byPublisher", { publisher: tp.publisher })}</span>
                </span>
              </button>
              <p id={`gallery-desc-${tp.id}`} className="text-xs text-gray-700">{describe(tp)}</p>
            </li>
          ))}
        </ul>
      )}
      {picked && <CreateAppPanel template={picked} description={describe(picked)} canEdit={canEdit} onClose={() => setPicked(null)} />}
    </div>
  );
}

function CreateAppPanel({ template, description, canEdit, onClose }: { template: TemplateSummary; description: string; canEdit: boolean; onClose: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const t = useTranslations("gallery");
  const templateName = useTemplateName();
  const tc = useTranslations("credentials");
  const fieldLabel = (f: TemplateSummary["credentialFields"][number]) => {
    const key = `fields.${template.id}.${f.name}.label` as Parameters<typeof tc>[0];
    return tc.has(key) ? tc(key) : f.label;
  };
  const [name, setName] = useState(() => templateName(template.id, template.name));
  const [error, setError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: () => api<AppView>("/api/v1/apps", { method: "POST", body: { templateId: template.id, displayName: name } }),
    onSuccess: (app) => {
      toast.success(t("added", { name: app.displayName }));
      void qc.invalidateQueries({ queryKey: ["apps", "list"] });
      router.push(`/apps/${app.id}`);
    },
    onError: (e) => setError(e.message),
  });
  return (
    <Panel
      open
      onOpenChange={(o) => !o && onClose()}
      title={templateName(template.id, template.name)}
      footer={canEdit ? <><Button variant="primary" busy={create.isPending} onClick={() => (name.trim() ? create.mutate() : setError(t("enterName")))}>{t("create")}</Button><Button onClick={onClose}>{t("cancel")}</Button></> : <Button onClick={onClose}>{t("close")}</Button>}
    >
      <div className="space-y-4">
        <div className="flex items-center gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- inline SVG data URI */}
          <img src={template.logo} alt="" width={56} height={56} className="rounded" />
          <div>
            <p className="font-semibold">{templateName(template.id, template.name)}</p>
            <p className="text-sm text-gray-600">{template.publisher}</p>
          </div>
        </div>
        <p className="text-sm text-gray-700">{description}</p>
        <p className="text-sm text-gray-700">{t.rich("credentialsNeeded", { strong: (c) => <strong>{c}</strong>, fields: template.credentialFields.filter((f) => f.required).map(fieldLabel).join(", ") })}</p>
        {canEdit && (
          <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate(); else setError(t("enterName")); }}>
            <Field label={t("name")} required error={error} help={t("nameHelp")}>
              {(p) => <Input {...p} value={name} maxLength={256} onChange={(e) => { setName(e.target.value); setError(undefined); }} />}
            </Field>
          </form>
        )}
      </div>
    </Panel>
  );
}
