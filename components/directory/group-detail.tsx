"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, RefreshCw, Trash2, UserPlus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Badge, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api, ApiError } from "@/lib/api/client";
import type { GroupView, MemberView } from "@/lib/directory/schemas";
import { GroupForm } from "./group-form";
import { dirKeys } from "./keys";
import { UserPickerPanel } from "./user-picker-panel";

export function GroupDetail({ groupId }: { groupId: string }) {
  const canWrite = useCan("app_admin");
  const t = useTranslations("directory.groupDetail");
  const tg = useTranslations("directory.groups.col");
  const tu = useTranslations("directory.users.col");
  const tc = useTranslations("common");
  const format = useFormatter();
  const qc = useQueryClient();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const group = useQuery({ queryKey: dirKeys.group(groupId), queryFn: () => api<GroupView>(`/api/v1/groups/${groupId}`) });
  const members = useInfiniteQuery({
    queryKey: dirKeys.members(groupId),
    enabled: group.isSuccess,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<{ items: MemberView[]; nextCursor: string | null }>(`/api/v1/groups/${groupId}/members?limit=100${pageParam ? `&cursor=${pageParam}` : ""}`),
    getNextPageParam: (l) => l.nextCursor,
  });
  const memberRows = members.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: dirKeys.all });
  const add = useMutation({
    mutationFn: (userIds: string[]) => api<{ added: string[] }>(`/api/v1/groups/${groupId}/members`, { method: "POST", body: { userIds } }),
    onSuccess: (r) => { toast.success(t("added", { count: r.added.length })); setAdding(false); refresh(); },
    onError: (e) => toast.error(e.message),
  });
  const removeMember = useMutation({
    mutationFn: (userId: string) => api(`/api/v1/groups/${groupId}/members/${userId}`, { method: "DELETE" }),
    onSuccess: () => { toast.success(t("removed")); setRemoving(null); refresh(); },
    onError: (e) => { toast.error(e.message); setRemoving(null); },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/groups/${groupId}`, { method: "DELETE" }),
    onSuccess: () => { toast.success(t("deleted")); refresh(); router.push("/groups"); },
    onError: (e) => { toast.error(e.message); setDeleting(false); },
  });

  if (group.isPending) return <LoadingRows rows={8} label={t("loading")} />;
  if (group.isError) {
    return group.error instanceof ApiError && group.error.status === 404
      ? <EmptyState title={t("notFound")} action={<Link className="text-[#0f6cbd] hover:underline" href="/groups">{t("back")}</Link>}>{t("notFoundText")}</EmptyState>
      : <ErrorState message={group.error.message} action={<Button className="mt-2" onClick={() => group.refetch()}>{tc("tryAgain")}</Button>} />;
  }
  const g = group.data;
  return (
    <div className="space-y-5">
      <div role="toolbar" aria-label={t("commands")} className="flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" onClick={() => setAdding(true)}><UserPlus size={16} aria-hidden /> {t("addMembers")}</Button>}
        {canWrite && !editing && <Button variant="command" onClick={() => setEditing(true)}><Pencil size={16} aria-hidden /> {tc("edit")}</Button>}
        {canWrite && <Button variant="command" onClick={() => setDeleting(true)}><Trash2 size={16} aria-hidden /> {tc("delete")}</Button>}
        <Button variant="command" onClick={refresh}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
      </div>
      {editing ? <GroupForm group={g} onDone={() => setEditing(false)} /> : (
        <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-gray-600">{tg("name")}</dt><dd>{g.displayName}</dd>
          <dt className="text-gray-600">{tg("mailNickname")}</dt><dd>{g.mailNickname ?? "—"}</dd>
          <dt className="text-gray-600">{tg("description")}</dt><dd>{g.description ?? "—"}</dd>
          <dt className="text-gray-600">{tg("members")}</dt><dd data-testid="member-count">{format.number(g.memberCount ?? 0)}</dd>
          <dt className="text-gray-600">{t("objectId")}</dt><dd><code className="text-xs">{g.id}</code></dd>
        </dl>
      )}
      <section aria-labelledby="members-h">
        <h2 id="members-h" className="mb-2 text-base font-semibold">{tg("members")}</h2>
        {members.isPending ? <LoadingRows rows={5} /> : members.isError ? <ErrorState message={members.error.message} /> : memberRows.length === 0 ? (
          <EmptyState title={t("noMembers")} action={canWrite ? <Button onClick={() => setAdding(true)}>{t("addMembers")}</Button> : undefined}>{t("noMembersText")}</EmptyState>
        ) : (
          <>
            <Table aria-label={tg("members")}>
              <THead><Tr><Th>{tg("name")}</Th><Th>{tu("userPrincipalName")}</Th><Th>{tu("mail")}</Th><Th>{tu("account")}</Th>{canWrite && <Th><span className="sr-only">{tc("actions")}</span></Th>}</Tr></THead>
              <TBody>
                {memberRows.map((m) => (
                  <Tr key={m.id}>
                    <Td><Link className="text-[#0f6cbd] hover:underline" href={`/users/${m.id}`}>{m.displayName ?? m.userPrincipalName}</Link></Td>
                    <Td>{m.userPrincipalName}</Td><Td>{m.mail}</Td>
                    <Td>{m.accountEnabled ? <Badge tone="good">{tc("enabled")}</Badge> : <Badge tone="bad">{tc("disabled")}</Badge>}</Td>
                    {canWrite && <Td><Button variant="ghost" aria-label={t("removeOne", { name: m.userPrincipalName })} onClick={() => setRemoving(m)}>{tc("remove")}</Button></Td>}
                  </Tr>
                ))}
              </TBody>
            </Table>
            {members.hasNextPage && <Button className="mt-2" onClick={() => members.fetchNextPage()} busy={members.isFetchingNextPage}>{tc("loadMore")}</Button>}
          </>
        )}
      </section>
      {adding && <UserPickerPanel title={t("addMembersTo", { name: g.displayName })} excludeIds={memberRows.map((m) => m.id)} busy={add.isPending} onClose={() => setAdding(false)} onSelect={(users) => add.mutate(users.map((u) => u.id))} />}
      <ConfirmDialog open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title={t("removeTitle")} confirmLabel={tc("remove")} busy={removeMember.isPending} onConfirm={() => removing && removeMember.mutate(removing.id)}>
        {t("removeText", { user: removing?.userPrincipalName ?? "", group: g.displayName })}
      </ConfirmDialog>
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={t("deleteTitle", { name: g.displayName })} confirmLabel={tc("delete")} busy={remove.isPending} onConfirm={() => remove.mutate()}>
        {t("deleteText", { count: g.memberCount ?? 0 })}
      </ConfirmDialog>
    </div>
  );
}
