"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, RefreshCw } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { useActor } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { createAdminSchema, passwordSchema, type AdminView } from "@/lib/admins/schemas";
import { useFieldMessage } from "@/components/ui/use-field-message";
import { api } from "@/lib/api/client";
import { ROLE_LABEL, type Role } from "@/lib/auth/roles";

const ROLES = Object.keys(ROLE_LABEL) as Role[];

const KEY = ["admins"];

export function AdminsTable() {
  const me = useActor();
  const t = useTranslations("admins");
  const tc = useTranslations("common");
  const format = useFormatter();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api<{ items: AdminView[] }>("/api/v1/admins") });
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<AdminView | null>(null);
  const [removing, setRemoving] = useState<AdminView | null>(null);
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Record<string, unknown> }) => api<AdminView>(`/api/v1/admins/${id}`, { method: "PATCH", body: patch }),
    onSuccess: (a) => { toast.success(t("updated", { email: a.email })); qc.invalidateQueries({ queryKey: KEY }); },
    onError: (e) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/admins/${id}`, { method: "DELETE" }),
    onSuccess: () => { toast.success(t("removed")); setRemoving(null); qc.invalidateQueries({ queryKey: KEY }); },
    onError: (e) => { toast.error(e.message); setRemoving(null); },
  });

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label={t("commands")} className="flex gap-1 border-b border-gray-200 pb-1">
        <Button variant="command" onClick={() => setAdding(true)}><Plus size={16} aria-hidden /> {t("add")}</Button>
        <Button variant="command" onClick={() => q.refetch()}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
      </div>
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : (
        <Table>
          <THead><Tr><Th>{t("col.name")}</Th><Th>{t("col.email")}</Th><Th>{t("col.role")}</Th><Th>{t("col.status")}</Th><Th>{t("col.lastSignIn")}</Th><Th><span className="sr-only">{tc("actions")}</span></Th></Tr></THead>
          <TBody>
            {q.data.items.map((a) => (
              <Tr key={a.id}>
                <Td>{a.name}{a.id === me.id && <span className="ml-1 text-xs text-gray-500">{t("you")}</span>}</Td>
                <Td>{a.email}</Td>
                <Td>
                  <Select aria-label={t("roleOf", { email: a.email })} value={a.role} className="w-56" onChange={(e) => update.mutate({ id: a.id, patch: { role: e.target.value as Role } })}>
                    {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                  </Select>
                </Td>
                <Td>{a.disabled ? <Badge tone="bad">{tc("disabled")}</Badge> : <Badge tone="good">{tc("enabled")}</Badge>}</Td>
                <Td>{a.lastSignInAt ? format.dateTime(new Date(a.lastSignInAt), { dateStyle: "medium", timeStyle: "medium" }) : tc("never")}</Td>
                <Td className="whitespace-nowrap">
                  <Button variant="ghost" onClick={() => setResetting(a)}>{t("resetPassword")}</Button>
                  <Button variant="ghost" onClick={() => update.mutate({ id: a.id, patch: { disabled: !a.disabled } })}>{a.disabled ? t("enable") : t("disable")}</Button>
                  <Button variant="ghost" onClick={() => setRemoving(a)}>{tc("remove")}</Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {adding && <AddAdminDialog onClose={() => setAdding(false)} />}
      {resetting && <ResetPasswordDialog admin={resetting} onClose={() => setResetting(null)} />}
      <ConfirmDialog open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title={t("removeTitle")} confirmLabel={tc("remove")} busy={remove.isPending} onConfirm={() => removing && remove.mutate(removing.id)}>
        {t("removeText", { email: removing?.email ?? "" })}
      </ConfirmDialog>
    </div>
  );
}

function AddAdminDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations("admins");
  const tc = useTranslations("common");
  const fieldMessage = useFieldMessage();
  const qc = useQueryClient();
  const form = useForm<z.input<typeof createAdminSchema>>({ resolver: zodResolver(createAdminSchema), defaultValues: { email: "", name: "", role: "reader", password: "" } });
  const create = useMutation({
    mutationFn: (v: z.input<typeof createAdminSchema>) => api<AdminView>("/api/v1/admins", { method: "POST", body: v }),
    onSuccess: (a) => { toast.success(t("added", { email: a.email })); qc.invalidateQueries({ queryKey: KEY }); onClose(); },
    onError: (e) => toast.error(e.message),
  });
  const err = form.formState.errors;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("add")}>
      <form className="space-y-3" onSubmit={form.handleSubmit((v) => create.mutate(v))} noValidate>
        <Field label={t("col.name")} required error={fieldMessage(err.name?.message)}>{(p) => <Input {...p} {...form.register("name")} />}</Field>
        <Field label={t("col.email")} required error={fieldMessage(err.email?.message)}>{(p) => <Input {...p} type="email" {...form.register("email")} />}</Field>
        <Field label={t("col.role")} required>{(p) => <Select {...p} {...form.register("role")}>{ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}</Select>}</Field>
        <Field label={t("tempPassword")} required error={fieldMessage(err.password?.message)} help={t("tempPasswordHelp")}>{(p) => <Input {...p} type="password" autoComplete="new-password" {...form.register("password")} />}</Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button type="submit" variant="primary" busy={create.isPending}>{tc("add")}</Button>
          <Button type="button" onClick={onClose}>{tc("cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ admin, onClose }: { admin: AdminView; onClose: () => void }) {
  const t = useTranslations("admins");
  const tc = useTranslations("common");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: () => api(`/api/v1/admins/${admin.id}`, { method: "PATCH", body: { password } }),
    onSuccess: () => { toast.success(t("passwordReset", { email: admin.email })); onClose(); },
    onError: (e) => setError(e.message),
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("resetTitle", { email: admin.email })} description={t("resetDescription")}>
      <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); const r = passwordSchema.safeParse(password); if (!r.success) { setError(r.error.issues[0]?.message); return; } mutation.mutate(); }}>
        <Field label={t("newPassword")} required error={error}>{(p) => <Input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
        <div className="flex justify-end gap-2"><Button type="submit" variant="primary" busy={mutation.isPending}>{t("resetPassword")}</Button><Button type="button" onClick={onClose}>{tc("cancel")}</Button></div>
      </form>
    </Dialog>
  );
}
