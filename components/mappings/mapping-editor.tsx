"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Plus, RotateCcw, Save, Trash2, Undo2 } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Banner, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api, ApiError } from "@/lib/api/client";
import type { AttributeMapping, MappingDocument } from "@/lib/mapping";
import { AttributeMappingDialog } from "./attribute-mapping-dialog";
import { errorsUnder, errorText as errorTextIn, sameDoc, sourceLabel as sourceLabelIn, toErrorMap, validateLocally, type ErrorMap, type SourceAttributeOption } from "./mapping-utils";
import { mappingKeys } from "./query-keys";
import { ScopingFilterPanel } from "./scoping-filter-panel";
import { TargetAttributesDialog } from "./target-attributes-dialog";
import { useUnsavedChangesGuard } from "@/components/apps/use-unsaved-changes-guard";

/** "Provision Directory Users" / "Provision Directory Groups": the Attribute Mapping blade. */
export function MappingEditor({ appId, mappingId, appName }: { appId: string; mappingId: string; appName: string }) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("mappings");
  const errorText = (errs: Parameters<typeof errorTextIn>[0]) => errorTextIn(errs, (message, position) => t("errorAt", { message, position }));
  const sourceLabel = (m: AttributeMapping) => sourceLabelIn(m, t("editor.sourceNone"));
  const qc = useQueryClient();
  const url = `/api/v1/apps/${appId}/provisioning/mappings/${mappingId}`;
  const q = useQuery({ queryKey: mappingKeys.one(appId, mappingId), queryFn: () => api<MappingDocument>(url) });
  const attrs = useQuery({
    queryKey: mappingKeys.sourceAttributes(appId, mappingId),
    queryFn: () => api<{ items: SourceAttributeOption[] }>(`${url}/source-attributes`),
    staleTime: 60_000,
  });

  const [draft, setDraft] = useState<MappingDocument | null>(null);
  // Errors show after a save attempt: local checks stay live as the admin fixes things; the
  // server's answer applies to the exact draft it was about.
  const [validated, setValidated] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ doc: MappingDocument; errors: ErrorMap } | null>(null);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [scopeOpen, setScopeOpen] = useState(false);
  const [attrListOpen, setAttrListOpen] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const [confirmRestore, setConfirmRestore] = useState(false);
  // After a save: offer the preview of what the change will do (issue 16).
  const [changed, setChanged] = useState(false);

  const doc = draft ?? q.data ?? null;
  const dirty = !!draft && !!q.data && !sameDoc(draft, q.data);
  useUnsavedChangesGuard(dirty);
  const sourceAttributes = useMemo(() => attrs.data?.items ?? [], [attrs.data]);
  const known = useMemo(() => (attrs.data ? attrs.data.items.map((a) => a.name) : undefined), [attrs.data]);

  const errors = useMemo<ErrorMap>(() => {
    const local = validated && draft ? validateLocally(draft, known) : {};
    return serverErrors && serverErrors.doc === draft ? { ...serverErrors.errors, ...local } : local;
  }, [validated, draft, known, serverErrors]);

  const update = (patch: Partial<MappingDocument>) => doc && setDraft({ ...doc, ...patch });

  const saved = (m: MappingDocument, message: string) => {
    qc.setQueryData(mappingKeys.one(appId, mappingId), m);
    void qc.invalidateQueries({ queryKey: mappingKeys.list(appId) });
    setDraft(null);
    setValidated(false);
    setServerErrors(null);
    setChanged(true);
    toast.success(message);
  };
  const save = useMutation({
    mutationFn: (d: MappingDocument) => api<MappingDocument>(url, { method: "PUT", body: d }),
    onSuccess: (m) => saved(m, t("editor.saved")),
    onError: (e, sent) => {
      if (e instanceof ApiError && e.details?.length) setServerErrors({ doc: sent, errors: toErrorMap(e.details) });
      toast.error(e.message);
    },
  });
  const restore = useMutation({
    mutationFn: () => api<MappingDocument>(`${url}/restore-defaults`, { method: "POST" }),
    onSuccess: (m) => { setConfirmRestore(false); saved(m, t("editor.restored")); },
    onError: (e) => { setConfirmRestore(false); toast.error(e.message); },
  });

  const onSave = () => {
    if (!draft) return;
    setValidated(true);
    if (Object.keys(validateLocally(draft, known)).length) {
      toast.error(t("editor.fixFirst"));
      return;
    }
    save.mutate(draft);
  };

  if (q.isPending) return <LoadingRows rows={8} label={t("editor.loading")} />;
  if (q.isError || !doc) return <ErrorState message={q.error?.message ?? t("editor.loadFailed")} action={<Button className="mt-2" onClick={() => q.refetch()}>{t("editor.retry")}</Button>} />;

  const setRow = (i: number | "new", row: AttributeMapping) => {
    const list = [...doc.attributeMappings];
    if (i === "new") list.push(row);
    else list[i] = row;
    update({ attributeMappings: list });
    setEditing(null);
  };
  const deleteRow = (i: number) => update({ attributeMappings: doc.attributeMappings.filter((_, j) => j !== i) });
  const scopeErrors = errorsUnder(errors, "scopingFilters");
  const docErrors = [...(errors[""] ?? []), ...(errors["attributeMappings"] ?? []), ...(errors["targetAttributes"] ?? [])];
  const objects = doc.sourceObject === "group" ? "groups" : "users";

  return (
    <div className="space-y-5">
      {canEdit && (
        <div role="toolbar" aria-label={t("editor.commands")} className="-mx-4 -mt-4 flex flex-wrap gap-1 border-b border-gray-200 px-3 py-1 sm:-mx-6 sm:px-5">
          <Button variant="command" onClick={onSave} disabled={!dirty} busy={save.isPending}><Save size={16} aria-hidden /> {t("editor.save")}</Button>
          <Button variant="command" onClick={() => { setDraft(null); setValidated(false); setServerErrors(null); }} disabled={!dirty}><Undo2 size={16} aria-hidden /> {t("editor.discard")}</Button>
        </div>
      )}
      {dirty && <Banner tone="warning">{t("editor.unsaved")}</Banner>}
      {!dirty && changed && (
        <Banner tone="info">
          {t("editor.savedHint")}{" "}
          <Link className="font-semibold text-[#0f6cbd] underline" href={`/apps/${appId}/provisioning?preview=changes`}>{t("editor.previewChange")}</Link>
        </Banner>
      )}
      {docErrors.length > 0 && <ErrorState title={t("editor.cannotSave")} message={errorText(docErrors) ?? ""} />}

      <section aria-label={t("editor.settings")} className="max-w-2xl space-y-3">
        <div className="grid grid-cols-[8rem_1fr] items-center gap-x-2 gap-y-3 text-sm sm:grid-cols-[14rem_1fr]">
          <span className="font-semibold">{t("editor.name")}</span><span>{doc.name}</span>
          <span className="font-semibold" id="enabled-label">{t("editor.enabled")}</span>
          <div role="radiogroup" aria-labelledby="enabled-label" className="inline-flex w-fit overflow-hidden rounded-sm border border-gray-400">
            {[true, false].map((v) => (
              <button key={String(v)} type="button" role="radio" aria-checked={doc.enabled === v} disabled={!canEdit}
                onClick={() => update({ enabled: v })}
                className={`px-4 py-1 text-sm disabled:cursor-not-allowed ${doc.enabled === v ? "bg-[#0f6cbd] text-white" : "bg-white"}`}>{v ? t("editor.yes") : t("editor.no")}</button>
            ))}
          </div>
          <span className="font-semibold">{t("editor.sourceObject")}</span><span>{doc.sourceObject === "group" ? t("editor.group") : t("editor.user")}</span>
          <span className="font-semibold">{t("editor.sourceObjectScope")}</span>
          <span>
            <Button variant="ghost" className="px-0" onClick={() => setScopeOpen(true)}>{doc.scopingFilters.length === 0 ? t("editor.scopeAll") : t("editor.scopeFilters", { count: doc.scopingFilters.length })}</Button>
            {scopeErrors.length > 0 && <span className="ml-2 text-xs text-[#c50f1f]">{t("editor.scopeProblems", { count: scopeErrors.length })}</span>}
          </span>
          <span className="font-semibold">{t("editor.targetObject")}</span><span translate="no">{doc.targetObject}</span>
        </div>
        <fieldset className="text-sm" disabled={!canEdit}>
          <legend className="mb-1 font-semibold">{t("editor.targetObjectActions")}</legend>
          <div className="flex gap-5">
            {(["create", "update", "delete"] as const).map((a) => (
              <label key={a} className="flex items-center gap-1.5">
                <input type="checkbox" checked={doc.actions[a]} onChange={(e) => update({ actions: { ...doc.actions, [a]: e.target.checked } })} />
                {t(`editor.actions.${a}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </section>

      <section aria-labelledby="attr-mappings-h" className="space-y-2">
        <h2 id="attr-mappings-h" className="text-base font-semibold">{t("editor.attributeMappings")}</h2>
        <p className="text-sm text-gray-700">{t("editor.attributeMappingsHint", { app: appName })}</p>
        <Table aria-label={t("editor.attributeMappingsTable")}>
          <THead><Tr><Th>{t("editor.sourceAttribute")}</Th><Th>{t("editor.targetAttribute")}</Th><Th>{t("editor.matchingPrecedence")}</Th><Th>{t("editor.apply")}</Th><Th><span className="sr-only">{t("editor.delete")}</span></Th></Tr></THead>
          <TBody>
            {doc.attributeMappings.map((m, i) => {
              const rowErr = errorText(errorsUnder(errors, `attributeMappings.${i}`));
              return (
                <Tr key={i} className={`cursor-pointer ${rowErr ? "bg-[#fdf3f4]" : ""}`} onClick={() => setEditing(i)}>
                  <Td className="max-w-md break-all font-mono text-xs">
                    <button type="button" className="text-left text-[#0f6cbd] hover:underline" aria-label={t("editor.editFor", { source: sourceLabel(m), target: m.target })} onClick={(e) => { e.stopPropagation(); setEditing(i); }}>
                      {sourceLabel(m)}
                    </button>
                    {rowErr && <p role="alert" className="mt-1 font-sans text-xs text-[#c50f1f]">{rowErr}</p>}
                  </Td>
                  <Td className="break-all">{m.target}</Td>
                  <Td>{m.matchingPrecedence || ""}</Td>
                  <Td>{m.applyOn === "create" ? t("editor.onlyCreation") : t("editor.always")}</Td>
                  <Td>
                    {canEdit && (
                      <Button variant="ghost" aria-label={t("editor.deleteFor", { target: m.target })} onClick={(e) => { e.stopPropagation(); deleteRow(i); }}>
                        <Trash2 size={14} aria-hidden /> {t("editor.delete")}
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
        {doc.attributeMappings.length === 0 && <p className="text-sm text-gray-700">{t("editor.noMappings")}</p>}
        {canEdit && <Button variant="ghost" className="px-0" onClick={() => setEditing("new")}><Plus size={14} aria-hidden /> {t("editor.addNew")}</Button>}
      </section>

      <section aria-label={t("editor.advancedOptions")} className="space-y-2 text-sm">
        <label className="flex items-center gap-1.5"><input type="checkbox" checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} /> {t("editor.showAdvanced")}</label>
        {advanced && (
          <div className="space-y-2 pl-6">
            <Button variant="ghost" className="px-0" onClick={() => setAttrListOpen(true)}>{t("editor.editAttributeList", { app: appName })}</Button>
            {errorText(errorsUnder(errors, "targetAttributes")) && <p className="text-xs text-[#c50f1f]">{errorText(errorsUnder(errors, "targetAttributes"))}</p>}
          </div>
        )}
        {canEdit && (
          <Button variant="ghost" className="px-0" onClick={() => setConfirmRestore(true)}><RotateCcw size={14} aria-hidden /> {t("editor.restore")}</Button>
        )}
      </section>

      {editing !== null && (
        <AttributeMappingDialog
          appId={appId} doc={doc} index={editing === "new" ? null : editing} sourceAttributes={sourceAttributes}
          initialErrors={editing === "new" ? {} : Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(`attributeMappings.${editing}.`)))}
          readOnly={!canEdit} onClose={() => setEditing(null)} onApply={(row) => setRow(editing, row)}
        />
      )}
      {scopeOpen && (
        <ScopingFilterPanel filters={doc.scopingFilters} onChange={(f) => update({ scopingFilters: f })} sourceAttributes={sourceAttributes} errors={errors} readOnly={!canEdit} onClose={() => setScopeOpen(false)} />
      )}
      {attrListOpen && (
        <TargetAttributesDialog
          title={t("editor.editAttributeList", { app: appName })} attributes={doc.targetAttributes} readOnly={!canEdit}
          mappedTargets={new Set(doc.attributeMappings.map((m) => m.target.toLowerCase()))}
          onClose={() => setAttrListOpen(false)} onApply={(list) => { update({ targetAttributes: list }); setAttrListOpen(false); }}
        />
      )}
      <ConfirmDialog open={confirmRestore} onOpenChange={setConfirmRestore} title={t("editor.restore")} confirmLabel={t("editor.restoreConfirm")} busy={restore.isPending} onConfirm={() => restore.mutate()}>
        {t(dirty ? "editor.restoreBodyDirty" : "editor.restoreBody", { objects })}
      </ConfirmDialog>
    </div>
  );
}
