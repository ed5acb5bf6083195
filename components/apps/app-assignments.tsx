"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, RefreshCw, Search } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, Banner, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { DATE_TIME } from "@/components/ui/formats";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { AppRoleView, AppView, AssignmentView } from "@/lib/apps/schemas";
import { appKeys } from "./query-keys";
import { useTemplateName } from "@/components/apps/template-name";

type Page<T> = { items: T[]; nextCursor: string | null };

/** Users and groups: who is assigned to the app, with which role. */
export function AppAssignments({ app, removal = "disable" }: { app: AppView; removal?: "disable" | "delete" }) {
  const canEdit = useCan("app_admin");
  const t = useTranslations("apps.assignments");
  const templateName = useTemplateName();
  const format = useFormatter();
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
    onSuccess: (_v, a) => { toast.success(t("removed", { name: a.principalDisplayName })); setRemoving(null); void qc.invalidateQueries({ queryKey: appKeys.assignments(app.id) }); },
    onError: (e) => { toast.error(e.message); setRemoving(null); },
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const invalidRoles = (roles.data?.items ?? []).filter((r) => !r.validForProvisioning);

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label={t("commands")} className="flex gap-1 border-b border-gray-200 pb-1">
        {canEdit && <Button variant="command" onClick={() => setAdding(true)}><Plus size={16} aria-hidden /> {t("add")}</Button>}
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> {t("refresh")}</Button>
      </div>
      <p className="text-sm text-gray-700">{t("intro", { app: app.displayName })}</p>
      {invalidRoles.length > 0 && (
        <Banner>
          {t("invalidRole", { template: templateName(app.templateId, app.templateName), roles: invalidRoles.map((r) => `"${r.displayName}"`).join(", ") })}
        </Banner>
      )}
      {list.isPending ? <LoadingRows label={t("loading")} /> : list.isError ? <ErrorState message={list.error.message} /> : items.length === 0 ? (
        <EmptyState title={t("emptyTitle")} action={canEdit ? <Button variant="primary" onClick={() => setAdding(true)}>{t("add")}</Button> : undefined}>
          {t("emptyHint")}
        </EmptyState>
      ) : (
        <>
          <Table aria-label={t("table")}>
            <THead><Tr><Th>{t("displayName")}</Th><Th>{t("objectType")}</Th><Th>{t("role")}</Th><Th>{t("assignedOn")}</Th>{canEdit && <Th><span className="sr-only">{t("actions")}</span></Th>}</Tr></THead>
            <TBody>
              {items.map((a) => (
                <Tr key={a.id}>
                  <Td>{a.principalDisplayName}{a.principalDetail && <span className="block text-xs text-gray-600">{a.principalDetail}</span>}</Td>
                  <Td>{a.principalType === "user" ? t("user") : t("group")}</Td>
                  <Td>{a.roleDisplayName}{!a.roleValidForProvisioning && <> <Badge tone="warn">{t("notValid")}</Badge></>}</Td>
                  <Td>{format.dateTime(new Date(a.createdAt), DATE_TIME)}</Td>
                  {canEdit && <Td><Button variant="ghost" aria-label={t("removeNamed", { name: a.principalDisplayName })} onClick={() => setRemoving(a)}>{t("remove")}</Button></Td>}
                </Tr>
              ))}
            </TBody>
          </Table>
          {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>{t("loadMore")}</Button>}
        </>
      )}
      {adding && <AddAssignmentPanel app={app} roles={roles.data?.items ?? []} onClose={() => setAdding(false)} />}
      <ConfirmDialog open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title={t("removeTitle")} confirmLabel={t("remove")} busy={remove.isPending} onConfirm={() => removing && remove.mutate(removing)}>
        {t("removeConfirm", { name: removing?.principalDisplayName ?? "", app: app.displayName })} {removal === "delete"
          ? t("removeDelete", { app: app.displayName, template: templateName(app.templateId, app.templateName) })
          : t("removeDisable", { app: app.displayName })}
      </ConfirmDialog>
    </div>
  );
}

type Principal = { id: string; displayName: string | null; userPrincipalName?: string; mailNickname?: string | null };

function AddAssignmentPanel({ app, roles, onClose }: { app: AppView; roles: AppRoleView[]; onClose: () => void }) {
  const qc = useQueryClient();
  const t = useTranslations("apps.assignments");
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
  const isSelected = (k: "user" | "group", id: string) => selected.some((x) => x.type === k && x.p.id === id);
  const toggle = (k: "user" | "group", p: Principal) => setSelected((xs) => (isSelected(k, p.id) ? xs.filter((x) => !(x.type === k && x.p.id === p.id)) : [...xs, { type: k, p }]));
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
        toast.success(done.length === 1 ? t("assignedOne", { name: done[0]!.principalDisplayName, role: done[0]!.roleDisplayName }) : t("assignedMany", { count: done.length, role: done[0]!.roleDisplayName }));
        void qc.invalidateQueries({ queryKey: appKeys.assignments(app.id) });
      }
      if (!failed.length) return onClose();
      setSelected(failed.map(({ type: k, p }) => ({ type: k, p })));
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
      title={t("addTitle")}
      footer={<><Button variant="primary" disabled={selected.length === 0} busy={assign.isPending} onClick={() => { setError(null); assign.mutate(); }}>{t("assign")}</Button><Button onClick={onClose}>{t("cancel")}</Button></>}
    >
      <div className="space-y-4">
        {error && (
          <div role="alert" data-testid="assignment-error" className="rounded border border-[#f1bbbc] bg-[#fdf3f4] p-3 text-sm">
            <p className="font-semibold">{t("notAdded")}</p>
            <p>{error}</p>
          </div>
        )}
        <fieldset>
          <legend className="mb-1 text-sm font-semibold">{t("usersAndGroups")}</legend>
          <div className="mb-2 flex gap-4 text-sm">
            {(["user", "group"] as const).map((k) => (
              <label key={k} className="flex items-center gap-1.5">
                <input type="radio" name="principal-type" checked={type === k} onChange={() => setType(k)} /> {k === "user" ? t("users") : t("groups")}
              </label>
            ))}
          </div>
          <div className="relative">
            <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
            <Input aria-label={type === "user" ? t("searchUsers") : t("searchGroups")} placeholder={t("search")} className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          <div className="mt-2 max-h-64 overflow-auto rounded border border-gray-200">
            {principals.isPending ? <LoadingRows rows={3} label={t("searching")} /> : principals.isError ? <ErrorState message={principals.error.message} /> : principals.data.items.length === 0 ? (
              <p className="p-3 text-sm text-gray-600">{type === "user" ? t("noneFoundUsers") : t("noneFoundGroups")}</p>
            ) : (
              <ul aria-label={type === "user" ? t("users") : t("groups")}>
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
          <p className="mt-1 text-xs text-gray-700" aria-live="polite">{selected.length ? t("selected", { count: selected.length, names: selected.map((x) => nameOf(x.p)).join(", ") }) : t("noneSelected")}</p>
        </fieldset>
        <Field label={t("selectRole")} help={role?.description}>
          {(p) => (
            <Select {...p} value={roleId} onChange={(e) => { setRoleId(e.target.value); setError(null); }}>
              {roles.map((r) => <option key={r.id} value={r.id}>{r.displayName}{r.validForProvisioning ? "" : t("notValidSuffix")}</option>)}
            </Select>
          )}
        </Field>
      </div>
    </Panel>
  );
}
