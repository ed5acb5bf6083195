"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, RefreshCw, Search } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, Banner, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { AppRoleView, AppView, AssignmentView } from "@/lib/apps/schemas";
import { appKeys } from "./query-keys";

type Page<T> = { items: T[]; nextCursor: string | null };

/** Users and groups: who is assigned to the app, with which role. */
export function AppAssignments({ app, removal = "disable" }: { app: AppView; removal?: "disable" | "delete" }) {
  const canEdit = useCan("app_admin");
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<AssignmentView | null>(null);
  const roles = useQuery({ queryKey: appKeys.roles(app.id), queryFn: () => api<{ items: AppRoleView[] }>(`/api/v1/apps/${app.id}/roles`), staleTime: Infinity });
  const list = useInfiniteQuery({
    queryKey: appKeys.assignments(app.id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page<AssignmentView>>(`/api/v1/apps/${app.id}/assignments?limit=100${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const remove = useMutation({
    mutationFn: (a: AssignmentView) => api(`/api/v1/apps/${app.id}/assignments/${a.id}`, { method: "DELETE" }),
    onSuccess: (_v, a) => { toast.success(`Removed ${a.principalDisplayName}`); setRemoving(null); void qc.invalidateQueries({ queryKey: appKeys.assignments(app.id) }); },
    onError: (e) => { toast.error(e.message); setRemoving(null); },
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const invalidRoles = (roles.data?.items ?? []).filter((r) => !r.validForProvisioning);

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label="Users and groups commands" className="flex gap-1 border-b border-gray-200 pb-1">
        {canEdit && <Button variant="command" onClick={() => setAdding(true)}><Plus size={16} aria-hidden /> Add user/group</Button>}
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> Refresh</Button>
      </div>
      <p className="text-sm text-gray-700">Only the users and groups assigned here are provisioned to {app.displayName} (unless its provisioning scope is &quot;Sync all users and groups&quot;).</p>
      {invalidRoles.length > 0 && (
        <Banner>
          When you assign users to {app.templateName}, you must select a valid role. The {invalidRoles.map((r) => `"${r.displayName}"`).join(", ")} role is not valid for provisioning.
        </Banner>
      )}
      {list.isPending ? <LoadingRows label="Loading assignments" /> : list.isError ? <ErrorState message={list.error.message} /> : items.length === 0 ? (
        <EmptyState title="No users or groups assigned" action={canEdit ? <Button variant="primary" onClick={() => setAdding(true)}>Add user/group</Button> : undefined}>
          Assign a single user first to test the provisioning configuration; add more users and groups later.
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Assigned users and groups">
            <THead><Tr><Th>Display Name</Th><Th>Object Type</Th><Th>Role assigned</Th><Th>Assigned on</Th>{canEdit && <Th><span className="sr-only">Actions</span></Th>}</Tr></THead>
            <TBody>
              {items.map((a) => (
                <Tr key={a.id}>
                  <Td>{a.principalDisplayName}{a.principalDetail && <span className="block text-xs text-gray-600">{a.principalDetail}</span>}</Td>
                  <Td>{a.principalType === "user" ? "User" : "Group"}</Td>
                  <Td>{a.roleDisplayName}{!a.roleValidForProvisioning && <> <Badge tone="warn">Not valid for provisioning</Badge></>}</Td>
                  <Td>{new Date(a.createdAt).toLocaleString()}</Td>
                  {canEdit && <Td><Button variant="ghost" aria-label={`Remove ${a.principalDisplayName}`} onClick={() => setRemoving(a)}>Remove</Button></Td>}
                </Tr>
              ))}
            </TBody>
          </Table>
          {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>Load more</Button>}
        </>
      )}
      {adding && <AddAssignmentPanel app={app} roles={roles.data?.items ?? []} onClose={() => setAdding(false)} />}
      <ConfirmDialog open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title="Remove assignment" confirmLabel="Remove" busy={remove.isPending} onConfirm={() => removing && remove.mutate(removing)}>
        {removing?.principalDisplayName} will no longer be provisioned to {app.displayName}. {removal === "delete"
          ? `While provisioning is On, the next cycle deletes their account in ${app.displayName} (${app.templateName} has no disabled state).`
          : `While provisioning is On, the next cycle disables their account in ${app.displayName}; it is not deleted.`}
      </ConfirmDialog>
    </div>
  );
}

type Principal = { id: string; displayName: string | null; userPrincipalName?: string; mailNickname?: string | null };

function AddAssignmentPanel({ app, roles, onClose }: { app: AppView; roles: AppRoleView[]; onClose: () => void }) {
  const qc = useQueryClient();
  const [type, setType] = useState<"user" | "group">("user");
  const [q, setQ] = useState("");
  const search = useDeferredValue(q.trim());
  // several users and groups in one Assign (as Entra): kept across the Users/Groups switch
  const [selected, setSelected] = useState<Array<{ type: "user" | "group"; p: Principal }>>([]);
  // Entra pre-selects Default Access; keep that so the template's refusal is explained, not hidden.
  const [roleId, setRoleId] = useState(roles[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const principals = useQuery({
    queryKey: ["apps", "picker", type, search],
    queryFn: ({ signal }) => api<Page<Principal>>(`/api/v1/${type === "user" ? "users" : "groups"}?limit=20${search ? `&q=${encodeURIComponent(search)}` : ""}`, { signal }),
  });
  const nameOf = (p: Principal) => p.displayName || p.userPrincipalName || p.id;
  const isSelected = (t: "user" | "group", id: string) => selected.some((x) => x.type === t && x.p.id === id);
  const toggle = (t: "user" | "group", p: Principal) => setSelected((xs) => (isSelected(t, p.id) ? xs.filter((x) => !(x.type === t && x.p.id === p.id)) : [...xs, { type: t, p }]));
  const assign = useMutation({
    // one request per principal (the API assigns one at a time); those that fail stay selected with their reason
    mutationFn: async () => {
      const done: AssignmentView[] = [];
      const failed: Array<{ type: "user" | "group"; p: Principal; message: string }> = [];
      for (const x of selected) {
        try {
          done.push(await api<AssignmentView>(`/api/v1/apps/${app.id}/assignments`, { method: "POST", body: { principalType: x.type, principalId: x.p.id, roleId: roleId || undefined } }));
        } catch (e) {
          failed.push({ ...x, message: (e as Error).message });
        }
      }
      return { done, failed };
    },
    onSuccess: ({ done, failed }) => {
      if (done.length) {
        toast.success(done.length === 1 ? `Assigned ${done[0]!.principalDisplayName} as ${done[0]!.roleDisplayName}` : `Assigned ${done.length} users and groups as ${done[0]!.roleDisplayName}`);
        void qc.invalidateQueries({ queryKey: appKeys.assignments(app.id) });
      }
      if (!failed.length) return onClose();
      setSelected(failed.map(({ type: t, p }) => ({ type: t, p })));
      const unique = [...new Set(failed.map((f) => f.message))];
      setError(unique.length === 1 && failed.length === selected.length ? unique[0]! : failed.map((f) => `${nameOf(f.p)}: ${f.message}`).join(" "));
    },
    onError: (e) => setError(e.message),
  });
  const role = roles.find((r) => r.id === roleId);

  return (
    <Panel
      open
      onOpenChange={(o) => !o && onClose()}
      title="Add Assignment"
      footer={<><Button variant="primary" disabled={selected.length === 0} busy={assign.isPending} onClick={() => { setError(null); assign.mutate(); }}>Assign</Button><Button onClick={onClose}>Cancel</Button></>}
    >
      <div className="space-y-4">
        {error && (
          <div role="alert" data-testid="assignment-error" className="rounded border border-[#f1bbbc] bg-[#fdf3f4] p-3 text-sm">
            <p className="font-semibold">The assignment was not added</p>
            <p>{error}</p>
          </div>
        )}
        <fieldset>
          <legend className="mb-1 text-sm font-semibold">Users and groups</legend>
          <div className="mb-2 flex gap-4 text-sm">
            {(["user", "group"] as const).map((t) => (
              <label key={t} className="flex items-center gap-1.5">
                <input type="radio" name="principal-type" checked={type === t} onChange={() => setType(t)} /> {t === "user" ? "Users" : "Groups"}
              </label>
            ))}
          </div>
          <div className="relative">
            <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
            <Input aria-label={type === "user" ? "Search users" : "Search groups"} placeholder="Search" className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          <div className="mt-2 max-h-64 overflow-auto rounded border border-gray-200">
            {principals.isPending ? <LoadingRows rows={3} label="Searching" /> : principals.isError ? <ErrorState message={principals.error.message} /> : principals.data.items.length === 0 ? (
              <p className="p-3 text-sm text-gray-600">No {type === "user" ? "users" : "groups"} found.</p>
            ) : (
              <ul aria-label={type === "user" ? "Users" : "Groups"}>
                {principals.data.items.map((p) => (
                  <li key={p.id} className="border-b border-gray-100 last:border-0">
                    <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-gray-50">
                      <input type="checkbox" checked={isSelected(type, p.id)} onChange={() => { toggle(type, p); setError(null); }} aria-label={p.userPrincipalName ?? p.displayName ?? p.id} />
                      <span>
                        <span className="block">{p.displayName || p.userPrincipalName}</span>
                        <span className="block text-xs text-gray-600">{p.userPrincipalName ?? p.mailNickname ?? ""}</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <p className="mt-1 text-xs text-gray-700" aria-live="polite">{selected.length ? `Selected (${selected.length}): ${selected.map((x) => nameOf(x.p)).join(", ")}` : "None selected"}</p>
        </fieldset>
        <Field label="Select a role" help={role?.description}>
          {(p) => (
            <Select {...p} value={roleId} onChange={(e) => { setRoleId(e.target.value); setError(null); }}>
              {roles.map((r) => <option key={r.id} value={r.id}>{r.displayName}{r.validForProvisioning ? "" : " (not valid for provisioning)"}</option>)}
            </Select>
          )}
        </Field>
      </div>
    </Panel>
  );
}
