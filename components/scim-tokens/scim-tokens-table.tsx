"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Copy, Plus, RefreshCw } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Badge, Banner, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { useFieldMessage } from "@/components/ui/use-field-message";
import { api } from "@/lib/api/client";
import { createScimTokenSchema, type ScimTokenView } from "@/lib/scim-server/token-schemas";

const KEY = ["scim-tokens"];
type Created = ScimTokenView & { token: string };


export function ScimTokensTable({ tenantUrl }: { tenantUrl: string }) {
  const canWrite = useCan("app_admin");
  const t = useTranslations("scimTokens");
  const tc = useTranslations("common");
  const format = useFormatter();
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" }) : tc("never"));
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api<{ items: ScimTokenView[] }>("/api/v1/scim-tokens") });
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<ScimTokenView | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/scim-tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => { toast.success(t("revoked")); setRevoking(null); qc.invalidateQueries({ queryKey: KEY }); },
    onError: (e) => { toast.error(e.message); setRevoking(null); },
  });

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label={t("commands")} className="flex gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" onClick={() => setAdding(true)}><Plus size={16} aria-hidden /> {t("new")}</Button>}
        <Button variant="command" onClick={() => q.refetch()}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
      </div>
      <Banner>
        {t.rich("banner", { url: tenantUrl, header: "Authorization: Bearer <token>", code: (chunks) => <code className="font-mono" data-testid="scim-tenant-url">{chunks}</code>, code2: (chunks) => <code className="font-mono">{chunks}</code> })}
      </Banner>
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : q.data.items.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyText")}</EmptyState>
      ) : (
        <Table aria-label={t("title")}>
          <THead><Tr><Th>{t("col.name")}</Th><Th>{t("col.token")}</Th><Th>{t("col.created")}</Th><Th>{t("col.lastUsed")}</Th><Th>{t("col.status")}</Th>{canWrite && <Th><span className="sr-only">{tc("actions")}</span></Th>}</Tr></THead>
          <TBody>
            {q.data.items.map((k) => (
              <Tr key={k.id}>
                <Td>{k.name}</Td>
                <Td><code className="font-mono text-xs">{k.prefix}…</code></Td>
                <Td>{when(k.createdAt)}{k.createdBy && <span className="block text-xs text-gray-600">{t("by", { name: k.createdBy })}</span>}</Td>
                <Td>{when(k.lastUsedAt)}</Td>
                <Td>{k.status === "active" ? <Badge tone="good">{t("active")}</Badge> : <Badge tone="bad">{t("revokedBadge")}</Badge>}</Td>
                {canWrite && <Td>{k.status === "active" && <Button variant="ghost" aria-label={t("revokeOne", { name: k.name })} onClick={() => setRevoking(k)}>{t("revoke")}</Button>}</Td>}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {adding && <NewTokenDialog tenantUrl={tenantUrl} onClose={() => setAdding(false)} />}
      <ConfirmDialog open={!!revoking} onOpenChange={(o) => !o && setRevoking(null)} title={t("revokeTitle")} confirmLabel={t("revoke")} busy={revoke.isPending} onConfirm={() => revoking && revoke.mutate(revoking.id)}>
        {t("revokeText", { name: revoking?.name ?? "", prefix: revoking?.prefix ?? "" })}
      </ConfirmDialog>
    </div>
  );
}

function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useTranslations("scimTokens");
  const tc = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <Button type="button" aria-label={label} onClick={async () => {
      try {
        await navigator.clipboard.writeText(value);
        setCopied(true);
        toast.success(t("copiedToast"));
      } catch {
        toast.error(t("copyRefused"));
      }
    }}>
      {copied ? <Check size={16} aria-hidden /> : <Copy size={16} aria-hidden />} {copied ? tc("copied") : tc("copy")}
    </Button>
  );
}

function NewTokenDialog({ tenantUrl, onClose }: { tenantUrl: string; onClose: () => void }) {
  const t = useTranslations("scimTokens");
  const tc = useTranslations("common");
  const fieldMessage = useFieldMessage();
  const qc = useQueryClient();
  const [created, setCreated] = useState<Created | null>(null);
  const form = useForm<z.input<typeof createScimTokenSchema>>({ resolver: zodResolver(createScimTokenSchema), defaultValues: { name: "" } });
  const create = useMutation({
    mutationFn: (v: z.input<typeof createScimTokenSchema>) => api<Created>("/api/v1/scim-tokens", { method: "POST", body: v }),
    onSuccess: (c) => { setCreated(c); qc.invalidateQueries({ queryKey: KEY }); },
    onError: (e) => toast.error(e.message),
  });

  if (created) {
    return (
      <Dialog open onOpenChange={(o) => !o && onClose()} title={t("createdTitle")} wide description={t("createdDescription")}>
        <div className="space-y-3">
          <Field label={t("tenantUrl")}>{(p) => <div className="flex gap-2"><Input {...p} readOnly value={tenantUrl} className="font-mono" /><CopyButton value={tenantUrl} label={t("copyTenantUrl")} /></div>}</Field>
          <Field label={t("secretToken")}>{(p) => <div className="flex gap-2"><Input {...p} readOnly value={created.token} className="font-mono" data-testid="scim-token-value" onFocus={(e) => e.currentTarget.select()} /><CopyButton value={created.token} label={t("copyToken")} /></div>}</Field>
          <div className="flex justify-end pt-2"><Button variant="primary" onClick={onClose}>{t("done")}</Button></div>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("newTitle")}>
      <form className="space-y-3" onSubmit={form.handleSubmit((v) => create.mutate(v))} noValidate>
        <Field label={t("col.name")} required error={fieldMessage(form.formState.errors.name?.message)} help={t("nameHelp")}>{(p) => <Input {...p} {...form.register("name")} autoFocus />}</Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button type="submit" variant="primary" busy={create.isPending}>{tc("create")}</Button>
          <Button type="button" onClick={onClose}>{tc("cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
