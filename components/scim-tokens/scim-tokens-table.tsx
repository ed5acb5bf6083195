"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Copy, Plus, RefreshCw } from "lucide-react";
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
import { api } from "@/lib/api/client";
import { createScimTokenSchema, type ScimTokenView } from "@/lib/scim-server/token-schemas";

const KEY = ["scim-tokens"];
type Created = ScimTokenView & { token: string };

const when = (iso: string | null, never = "Never") => (iso ? new Date(iso).toLocaleString() : never);

export function ScimTokensTable({ tenantUrl }: { tenantUrl: string }) {
  const canWrite = useCan("app_admin");
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api<{ items: ScimTokenView[] }>("/api/v1/scim-tokens") });
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<ScimTokenView | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/scim-tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => { toast.success("Token revoked"); setRevoking(null); qc.invalidateQueries({ queryKey: KEY }); },
    onError: (e) => { toast.error(e.message); setRevoking(null); },
  });

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label="SCIM token commands" className="flex gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" onClick={() => setAdding(true)}><Plus size={16} aria-hidden /> New token</Button>}
        <Button variant="command" onClick={() => q.refetch()}><RefreshCw size={16} aria-hidden /> Refresh</Button>
      </div>
      <Banner>
        Tenant URL for HR systems and identity providers: <code className="font-mono" data-testid="scim-tenant-url">{tenantUrl}</code>. They authenticate with one of these tokens as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
      </Banner>
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : q.data.items.length === 0 ? (
        <EmptyState title="No SCIM tokens yet">Create a token to let an HR system or identity provider push users and groups into the directory.</EmptyState>
      ) : (
        <Table aria-label="SCIM tokens">
          <THead><Tr><Th>Name</Th><Th>Token</Th><Th>Created</Th><Th>Last used</Th><Th>Status</Th>{canWrite && <Th><span className="sr-only">Actions</span></Th>}</Tr></THead>
          <TBody>
            {q.data.items.map((t) => (
              <Tr key={t.id}>
                <Td>{t.name}</Td>
                <Td><code className="font-mono text-xs">{t.prefix}…</code></Td>
                <Td>{when(t.createdAt)}{t.createdBy && <span className="block text-xs text-gray-600">by {t.createdBy}</span>}</Td>
                <Td>{when(t.lastUsedAt)}</Td>
                <Td>{t.status === "active" ? <Badge tone="good">Active</Badge> : <Badge tone="bad">Revoked</Badge>}</Td>
                {canWrite && <Td>{t.status === "active" && <Button variant="ghost" aria-label={`Revoke ${t.name}`} onClick={() => setRevoking(t)}>Revoke</Button>}</Td>}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {adding && <NewTokenDialog tenantUrl={tenantUrl} onClose={() => setAdding(false)} />}
      <ConfirmDialog open={!!revoking} onOpenChange={(o) => !o && setRevoking(null)} title="Revoke SCIM token" confirmLabel="Revoke" busy={revoke.isPending} onConfirm={() => revoking && revoke.mutate(revoking.id)}>
        Clients using “{revoking?.name}” ({revoking?.prefix}…) will get 401 from the next request on. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button type="button" aria-label={label} onClick={async () => {
      try {
        await navigator.clipboard.writeText(value);
        setCopied(true);
        toast.success("Copied to the clipboard");
      } catch {
        toast.error("The browser refused clipboard access; select the text and copy it.");
      }
    }}>
      {copied ? <Check size={16} aria-hidden /> : <Copy size={16} aria-hidden />} {copied ? "Copied" : "Copy"}
    </Button>
  );
}

function NewTokenDialog({ tenantUrl, onClose }: { tenantUrl: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<Created | null>(null);
  const form = useForm<z.input<typeof createScimTokenSchema>>({ resolver: zodResolver(createScimTokenSchema), defaultValues: { name: "" } });
  const create = useMutation({
    mutationFn: (v: z.input<typeof createScimTokenSchema>) => api<Created>("/api/v1/scim-tokens", { method: "POST", body: v }),
    onSuccess: (t) => { setCreated(t); qc.invalidateQueries({ queryKey: KEY }); },
    onError: (e) => toast.error(e.message),
  });

  if (created) {
    return (
      <Dialog open onOpenChange={(o) => !o && onClose()} title="Token created" wide description="Copy the token now: it is shown only this once. Provisio keeps only a hash of it.">
        <div className="space-y-3">
          <Field label="Tenant URL">{(p) => <div className="flex gap-2"><Input {...p} readOnly value={tenantUrl} className="font-mono" /><CopyButton value={tenantUrl} label="Copy tenant URL" /></div>}</Field>
          <Field label="Secret token">{(p) => <div className="flex gap-2"><Input {...p} readOnly value={created.token} className="font-mono" data-testid="scim-token-value" onFocus={(e) => e.currentTarget.select()} /><CopyButton value={created.token} label="Copy token" /></div>}</Field>
          <div className="flex justify-end pt-2"><Button variant="primary" onClick={onClose}>Done</Button></div>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="New SCIM token">
      <form className="space-y-3" onSubmit={form.handleSubmit((v) => create.mutate(v))} noValidate>
        <Field label="Name" required error={form.formState.errors.name?.message} help="Who will use it, e.g. “Workday production”.">{(p) => <Input {...p} {...form.register("name")} autoFocus />}</Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button type="submit" variant="primary" busy={create.isPending}>Create</Button>
          <Button type="button" onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Dialog>
  );
}
