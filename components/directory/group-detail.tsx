"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, RefreshCw, Trash2, UserPlus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
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
    onSuccess: (r) => { toast.success(`Added ${r.added.length} member${r.added.length === 1 ? "" : "s"}`); setAdding(false); refresh(); },
    onError: (e) => toast.error(e.message),
  });
  const removeMember = useMutation({
    mutationFn: (userId: string) => api(`/api/v1/groups/${groupId}/members/${userId}`, { method: "DELETE" }),
    onSuccess: () => { toast.success("Member removed"); setRemoving(null); refresh(); },
    onError: (e) => { toast.error(e.message); setRemoving(null); },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/groups/${groupId}`, { method: "DELETE" }),
    onSuccess: () => { toast.success("Group deleted"); refresh(); router.push("/groups"); },
    onError: (e) => { toast.error(e.message); setDeleting(false); },
  });

  if (group.isPending) return <LoadingRows rows={8} label="Loading group" />;
  if (group.isError) {
    return group.error instanceof ApiError && group.error.status === 404
      ? <EmptyState title="Group not found" action={<Link className="text-[#0f6cbd] hover:underline" href="/groups">Back to Groups</Link>}>It may have been deleted.</EmptyState>
      : <ErrorState message={group.error.message} action={<Button className="mt-2" onClick={() => group.refetch()}>Try again</Button>} />;
  }
  const g = group.data;
  return (
    <div className="space-y-5">
      <div role="toolbar" aria-label="Group commands" className="flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" onClick={() => setAdding(true)}><UserPlus size={16} aria-hidden /> Add members</Button>}
        {canWrite && !editing && <Button variant="command" onClick={() => setEditing(true)}><Pencil size={16} aria-hidden /> Edit</Button>}
        {canWrite && <Button variant="command" onClick={() => setDeleting(true)}><Trash2 size={16} aria-hidden /> Delete</Button>}
        <Button variant="command" onClick={refresh}><RefreshCw size={16} aria-hidden /> Refresh</Button>
      </div>
      {editing ? <GroupForm group={g} onDone={() => setEditing(false)} /> : (
        <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-gray-600">Name</dt><dd>{g.displayName}</dd>
          <dt className="text-gray-600">Mail nickname</dt><dd>{g.mailNickname ?? "—"}</dd>
          <dt className="text-gray-600">Description</dt><dd>{g.description ?? "—"}</dd>
          <dt className="text-gray-600">Members</dt><dd data-testid="member-count">{(g.memberCount ?? 0).toLocaleString()}</dd>
          <dt className="text-gray-600">Object ID</dt><dd><code className="text-xs">{g.id}</code></dd>
        </dl>
      )}
      <section aria-labelledby="members-h">
        <h2 id="members-h" className="mb-2 text-base font-semibold">Members</h2>
        {members.isPending ? <LoadingRows rows={5} /> : members.isError ? <ErrorState message={members.error.message} /> : memberRows.length === 0 ? (
          <EmptyState title="No members" action={canWrite ? <Button onClick={() => setAdding(true)}>Add members</Button> : undefined}>Add users to assign them to apps through this group.</EmptyState>
        ) : (
          <>
            <Table aria-label="Members">
              <THead><Tr><Th>Name</Th><Th>User principal name</Th><Th>Mail</Th><Th>Account</Th>{canWrite && <Th><span className="sr-only">Actions</span></Th>}</Tr></THead>
              <TBody>
                {memberRows.map((m) => (
                  <Tr key={m.id}>
                    <Td><Link className="text-[#0f6cbd] hover:underline" href={`/users/${m.id}`}>{m.displayName ?? m.userPrincipalName}</Link></Td>
                    <Td>{m.userPrincipalName}</Td><Td>{m.mail}</Td>
                    <Td>{m.accountEnabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="bad">Disabled</Badge>}</Td>
                    {canWrite && <Td><Button variant="ghost" aria-label={`Remove ${m.userPrincipalName}`} onClick={() => setRemoving(m)}>Remove</Button></Td>}
                  </Tr>
                ))}
              </TBody>
            </Table>
            {members.hasNextPage && <Button className="mt-2" onClick={() => members.fetchNextPage()} busy={members.isFetchingNextPage}>Load more</Button>}
          </>
        )}
      </section>
      {adding && <UserPickerPanel title={`Add members to ${g.displayName}`} excludeIds={memberRows.map((m) => m.id)} busy={add.isPending} onClose={() => setAdding(false)} onSelect={(users) => add.mutate(users.map((u) => u.id))} />}
      <ConfirmDialog open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title="Remove member" confirmLabel="Remove" busy={removeMember.isPending} onConfirm={() => removing && removeMember.mutate(removing.id)}>
        Remove {removing?.userPrincipalName} from {g.displayName}?
      </ConfirmDialog>
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={`Delete ${g.displayName}?`} confirmLabel="Delete" busy={remove.isPending} onConfirm={() => remove.mutate()}>
        The group is deleted permanently; its {g.memberCount ?? 0} members stay in the directory. Apps assigned through this group lose those assignments.
      </ConfirmDialog>
    </div>
  );
}
