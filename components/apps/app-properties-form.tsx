"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Save, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input } from "@/components/ui/field";
import { api } from "@/lib/api/client";
import type { AppView } from "@/lib/apps/schemas";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";

/** Properties: rename, and delete with confirmation. */
export function AppPropertiesForm({ app }: { app: AppView }) {
  const canEdit = useCan("app_admin");
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
      toast.success("Saved the application's properties");
      void qc.invalidateQueries({ queryKey: ["apps"] });
      router.refresh();
    },
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/apps/${app.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`Deleted ${app.displayName}`);
      void qc.invalidateQueries({ queryKey: ["apps"] });
      router.push("/apps");
    },
    onError: (e) => { toast.error(e.message); setConfirming(false); },
  });

  return (
    <form className="max-w-2xl space-y-4" onSubmit={(e) => { e.preventDefault(); if (!name.trim()) setError("Enter a name"); else rename.mutate(); }} noValidate>
      {canEdit && (
        <div role="toolbar" aria-label="Properties commands" className="flex gap-1 border-b border-gray-200 pb-1">
          <Button type="submit" variant="command" disabled={!dirty} busy={rename.isPending}><Save size={16} aria-hidden /> Save</Button>
          <Button type="button" variant="command" disabled={!dirty} onClick={() => { setName(saved); setError(undefined); }}>Discard</Button>
          <Button type="button" variant="command" onClick={() => setConfirming(true)}><Trash2 size={16} aria-hidden /> Delete</Button>
        </div>
      )}
      <Field label="Name" required error={error}>
        {(p) => <Input {...p} value={name} maxLength={256} readOnly={!canEdit} onChange={(e) => { setName(e.target.value); setError(undefined); }} />}
      </Field>
      <Field label="Application ID">{(p) => <Input {...p} value={app.id} readOnly className="font-mono" />}</Field>
      <Field label="Gallery application">{(p) => <Input {...p} value={`${app.templateName} (${app.publisher})`} readOnly />}</Field>
      <ConfirmDialog open={confirming} onOpenChange={setConfirming} title={`Delete ${saved}?`} confirmLabel="Delete" busy={remove.isPending} onConfirm={() => remove.mutate()}>
        Its users and groups assignments, mappings and provisioning state are deleted, and provisioning stops. Accounts already created in the application are not touched. This cannot be undone.
      </ConfirmDialog>
    </form>
  );
}
