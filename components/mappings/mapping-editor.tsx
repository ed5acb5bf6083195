"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
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
import { errorsUnder, errorText, sameDoc, scopeSummary, sourceLabel, toErrorMap, validateLocally, type ErrorMap, type SourceAttributeOption } from "./mapping-utils";
import { mappingKeys } from "./query-keys";
import { ScopingFilterPanel } from "./scoping-filter-panel";
import { TargetAttributesDialog } from "./target-attributes-dialog";
import { useUnsavedChangesGuard } from "@/components/apps/use-unsaved-changes-guard";

/** "Provision Directory Users" / "Provision Directory Groups": the Attribute Mapping blade. */
export function MappingEditor({ appId, mappingId, appName }: { appId: string; mappingId: string; appName: string }) {
  const canEdit = useCan("app_admin");
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
    onSuccess: (m) => saved(m, "Mapping saved. The next provisioning cycle will be an initial cycle."),
    onError: (e, sent) => {
      if (e instanceof ApiError && e.details?.length) setServerErrors({ doc: sent, errors: toErrorMap(e.details) });
      toast.error(e.message);
    },
  });
  const restore = useMutation({
    mutationFn: () => api<MappingDocument>(`${url}/restore-defaults`, { method: "POST" }),
    onSuccess: (m) => { setConfirmRestore(false); saved(m, "Default mappings restored. The next provisioning cycle will be an initial cycle."); },
    onError: (e) => { setConfirmRestore(false); toast.error(e.message); },
  });

  const onSave = () => {
    if (!draft) return;
    setValidated(true);
    if (Object.keys(validateLocally(draft, known)).length) {
      toast.error("Fix the highlighted problems before saving.");
      return;
    }
    save.mutate(draft);
  };

  if (q.isPending) return <LoadingRows rows={8} label="Loading mapping" />;
  if (q.isError || !doc) return <ErrorState message={q.error?.message ?? "The mapping could not be loaded."} action={<Button className="mt-2" onClick={() => q.refetch()}>Retry</Button>} />;

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
        <div role="toolbar" aria-label="Mapping commands" className="-mx-4 -mt-4 flex flex-wrap gap-1 border-b border-gray-200 px-3 py-1 sm:-mx-6 sm:px-5">
          <Button variant="command" onClick={onSave} disabled={!dirty} busy={save.isPending}><Save size={16} aria-hidden /> Save</Button>
          <Button variant="command" onClick={() => { setDraft(null); setValidated(false); setServerErrors(null); }} disabled={!dirty}><Undo2 size={16} aria-hidden /> Discard</Button>
        </div>
      )}
      {dirty && <Banner tone="warning">You have unsaved changes. Saving makes the next provisioning cycle an initial cycle.</Banner>}
      {!dirty && changed && (
        <Banner tone="info">
          Saved. See what this change will do before the next cycle runs:{" "}
          <Link className="font-semibold text-[#0f6cbd] underline" href={`/apps/${appId}/provisioning?preview=changes`}>Preview the effect of this change</Link>
        </Banner>
      )}
      {docErrors.length > 0 && <ErrorState title="This mapping cannot be saved yet" message={errorText(docErrors) ?? ""} />}

      <section aria-label="Mapping settings" className="max-w-2xl space-y-3">
        <div className="grid grid-cols-[8rem_1fr] items-center gap-x-2 gap-y-3 text-sm sm:grid-cols-[14rem_1fr]">
          <span className="font-semibold">Name</span><span>{doc.name}</span>
          <span className="font-semibold" id="enabled-label">Enabled</span>
          <div role="radiogroup" aria-labelledby="enabled-label" className="inline-flex w-fit overflow-hidden rounded-sm border border-gray-400">
            {[true, false].map((v) => (
              <button key={String(v)} type="button" role="radio" aria-checked={doc.enabled === v} disabled={!canEdit}
                onClick={() => update({ enabled: v })}
                className={`px-4 py-1 text-sm disabled:cursor-not-allowed ${doc.enabled === v ? "bg-[#0f6cbd] text-white" : "bg-white"}`}>{v ? "Yes" : "No"}</button>
            ))}
          </div>
          <span className="font-semibold">Source Object</span><span>{doc.sourceObject === "group" ? "Group" : "User"}</span>
          <span className="font-semibold">Source Object Scope</span>
          <span>
            <Button variant="ghost" className="px-0" onClick={() => setScopeOpen(true)}>{scopeSummary(doc)}</Button>
            {scopeErrors.length > 0 && <span className="ml-2 text-xs text-[#c50f1f]">{scopeErrors.length} problem{scopeErrors.length === 1 ? "" : "s"} in the scoping filters</span>}
          </span>
          <span className="font-semibold">Target Object</span><span>{doc.targetObject}</span>
        </div>
        <fieldset className="text-sm" disabled={!canEdit}>
          <legend className="mb-1 font-semibold">Target Object Actions</legend>
          <div className="flex gap-5">
            {(["create", "update", "delete"] as const).map((a) => (
              <label key={a} className="flex items-center gap-1.5">
                <input type="checkbox" checked={doc.actions[a]} onChange={(e) => update({ actions: { ...doc.actions, [a]: e.target.checked } })} />
                {a[0]!.toUpperCase() + a.slice(1)}
              </label>
            ))}
          </div>
        </fieldset>
      </section>

      <section aria-labelledby="attr-mappings-h" className="space-y-2">
        <h2 id="attr-mappings-h" className="text-base font-semibold">Attribute Mappings</h2>
        <p className="text-sm text-gray-700">Attribute mappings define how attributes are synchronized between the directory and {appName}. Select a row to edit it.</p>
        <Table aria-label="Attribute mappings">
          <THead><Tr><Th>Source attribute</Th><Th>Target attribute</Th><Th>Matching precedence</Th><Th>Apply</Th><Th><span className="sr-only">Delete</span></Th></Tr></THead>
          <TBody>
            {doc.attributeMappings.map((m, i) => {
              const rowErr = errorText(errorsUnder(errors, `attributeMappings.${i}`));
              return (
                <Tr key={i} className={`cursor-pointer ${rowErr ? "bg-[#fdf3f4]" : ""}`} onClick={() => setEditing(i)}>
                  <Td className="max-w-md break-all font-mono text-xs">
                    <button type="button" className="text-left text-[#0f6cbd] hover:underline" aria-label={`${sourceLabel(m)}: edit mapping for ${m.target}`} onClick={(e) => { e.stopPropagation(); setEditing(i); }}>
                      {sourceLabel(m)}
                    </button>
                    {rowErr && <p role="alert" className="mt-1 font-sans text-xs text-[#c50f1f]">{rowErr}</p>}
                  </Td>
                  <Td className="break-all">{m.target}</Td>
                  <Td>{m.matchingPrecedence || ""}</Td>
                  <Td>{m.applyOn === "create" ? "Only during creation" : "Always"}</Td>
                  <Td>
                    {canEdit && (
                      <Button variant="ghost" aria-label={`Delete mapping for ${m.target}`} onClick={(e) => { e.stopPropagation(); deleteRow(i); }}>
                        <Trash2 size={14} aria-hidden /> Delete
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
        {doc.attributeMappings.length === 0 && <p className="text-sm text-gray-700">No attribute mappings. Add one, or restore the default mappings.</p>}
        {canEdit && <Button variant="ghost" className="px-0" onClick={() => setEditing("new")}><Plus size={14} aria-hidden /> Add New Mapping</Button>}
      </section>

      <section aria-label="Advanced options" className="space-y-2 text-sm">
        <label className="flex items-center gap-1.5"><input type="checkbox" checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} /> Show advanced options</label>
        {advanced && (
          <div className="space-y-2 pl-6">
            <Button variant="ghost" className="px-0" onClick={() => setAttrListOpen(true)}>Edit attribute list for {appName}</Button>
            {errorText(errorsUnder(errors, "targetAttributes")) && <p className="text-xs text-[#c50f1f]">{errorText(errorsUnder(errors, "targetAttributes"))}</p>}
          </div>
        )}
        {canEdit && (
          <Button variant="ghost" className="px-0" onClick={() => setConfirmRestore(true)}><RotateCcw size={14} aria-hidden /> Restore default mappings</Button>
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
          title={`Edit attribute list for ${appName}`} attributes={doc.targetAttributes} readOnly={!canEdit}
          mappedTargets={new Set(doc.attributeMappings.map((m) => m.target.toLowerCase()))}
          onClose={() => setAttrListOpen(false)} onApply={(list) => { update({ targetAttributes: list }); setAttrListOpen(false); }}
        />
      )}
      <ConfirmDialog open={confirmRestore} onOpenChange={setConfirmRestore} title="Restore default mappings" confirmLabel="Restore" busy={restore.isPending} onConfirm={() => restore.mutate()}>
        The {objects} mapping, its scoping filters and its attribute list are replaced with the template&apos;s defaults{dirty ? ", and your unsaved changes are discarded" : ""}. The next provisioning cycle will be an initial cycle.
      </ConfirmDialog>
    </div>
  );
}
