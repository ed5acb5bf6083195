"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, CheckCircle2, Pencil, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Badge, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { api, ApiError } from "@/lib/api/client";
import type { UserView } from "@/lib/directory/schemas";
import { dirKeys } from "./keys";
import { UserForm } from "./user-form";

export function UserDetail({ userId }: { userId: string }) {
  const canWrite = useCan("app_admin");
  const qc = useQueryClient();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const user = useQuery({ queryKey: dirKeys.user(userId), queryFn: () => api<UserView>(`/api/v1/users/${userId}`) });
  const groups = useQuery({ queryKey: dirKeys.userGroups(userId), queryFn: () => api<{ items: { id: string; displayName: string }[] }>(`/api/v1/users/${userId}/groups`), enabled: user.isSuccess });
  const manager = useQuery({ queryKey: dirKeys.user(user.data?.managerId ?? "none"), enabled: !!user.data?.managerId, queryFn: () => api<UserView>(`/api/v1/users/${user.data!.managerId}`) });
  const toggle = useMutation({
    mutationFn: (accountEnabled: boolean) => api<UserView>(`/api/v1/users/${userId}`, { method: "PATCH", body: { accountEnabled } }),
    onSuccess: (u) => { toast.success(u.accountEnabled ? "Account enabled" : "Account disabled"); qc.invalidateQueries({ queryKey: dirKeys.all }); },
    onError: (e) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/users/${userId}`, { method: "DELETE" }),
    onSuccess: () => { toast.success("User deleted"); qc.invalidateQueries({ queryKey: dirKeys.all }); router.push("/users"); },
    onError: (e) => { toast.error(e.message); setDeleting(false); },
  });

  if (user.isPending) return <LoadingRows rows={10} label="Loading user" />;
  if (user.isError) {
    return user.error instanceof ApiError && user.error.status === 404
      ? <EmptyState title="User not found" action={<Link className="text-[#0f6cbd] hover:underline" href="/users">Back to Users</Link>}>It may have been deleted.</EmptyState>
      : <ErrorState message={user.error.message} action={<Button className="mt-2" onClick={() => user.refetch()}>Try again</Button>} />;
  }
  const u = user.data;
  const props: [string, React.ReactNode][] = [
    ["User principal name", u.userPrincipalName], ["Display name", u.displayName], ["First name", u.givenName], ["Last name", u.surname],
    ["Mail", u.mail], ["Mail nickname", u.mailNickname], ["Job title", u.jobTitle], ["Department", u.department], ["Employee ID", u.employeeId],
    ["Account enabled", u.accountEnabled ? <Badge key="e" tone="good">Enabled</Badge> : <Badge key="d" tone="bad">Disabled</Badge>],
    ["Manager", u.managerId ? <Link key="m" className="text-[#0f6cbd] hover:underline" href={`/users/${u.managerId}`}>{manager.data ? (manager.data.displayName ?? manager.data.userPrincipalName) : "…"}</Link> : null],
    ["Object ID", <code key="id" className="text-xs">{u.id}</code>], ["External ID", u.externalId], ["Created", new Date(u.createdAt).toLocaleString()], ["Updated", new Date(u.updatedAt).toLocaleString()],
    ...Object.entries(u.extensionAttributes).map(([k, v]): [string, React.ReactNode] => [k, v]),
  ];
  return (
    <div className="space-y-5">
      <div role="toolbar" aria-label="User commands" className="flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canWrite && !editing && <Button variant="command" onClick={() => setEditing(true)}><Pencil size={16} aria-hidden /> Edit properties</Button>}
        {canWrite && (u.accountEnabled
          ? <Button variant="command" busy={toggle.isPending} onClick={() => toggle.mutate(false)}><Ban size={16} aria-hidden /> Disable account</Button>
          : <Button variant="command" busy={toggle.isPending} onClick={() => toggle.mutate(true)}><CheckCircle2 size={16} aria-hidden /> Enable account</Button>)}
        {canWrite && <Button variant="command" onClick={() => setDeleting(true)}><Trash2 size={16} aria-hidden /> Delete</Button>}
        <Button variant="command" onClick={() => { user.refetch(); groups.refetch(); }}><RefreshCw size={16} aria-hidden /> Refresh</Button>
      </div>
      {editing ? <UserForm user={u} onDone={() => setEditing(false)} /> : (
        <section aria-labelledby="props-h">
          <h2 id="props-h" className="mb-2 text-base font-semibold">Properties</h2>
          <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-x-4 gap-y-1.5 text-sm">
            {props.map(([k, v]) => <div key={k} className="contents"><dt className="text-gray-600">{k}</dt><dd>{v ?? <span className="text-gray-400">—</span>}</dd></div>)}
          </dl>
        </section>
      )}
      <section aria-labelledby="groups-h">
        <h2 id="groups-h" className="mb-2 text-base font-semibold">Groups</h2>
        {groups.isPending ? <LoadingRows rows={3} /> : groups.isError ? <ErrorState message={groups.error.message} /> : groups.data.items.length === 0 ? <p className="text-sm text-gray-600">Not a member of any group.</p> : (
          <ul className="list-inside list-disc text-sm">{groups.data.items.map((g) => <li key={g.id}><Link className="text-[#0f6cbd] hover:underline" href={`/groups/${g.id}`}>{g.displayName}</Link></li>)}</ul>
        )}
      </section>
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={`Delete ${u.userPrincipalName}?`} confirmLabel="Delete" busy={remove.isPending} onConfirm={() => remove.mutate()}>
        The user is deleted permanently and removed from all groups. Apps that provision this user will delete or disable the account in the next cycle.
      </ConfirmDialog>
    </div>
  );
}
