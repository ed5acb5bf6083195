"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, CheckCircle2, Pencil, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
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
  const t = useTranslations("directory.userDetail");
  const tf = useTranslations("directory.userForm.field");
  const tc = useTranslations("common");
  const format = useFormatter();
  const qc = useQueryClient();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const user = useQuery({ queryKey: dirKeys.user(userId), queryFn: () => api<UserView>(`/api/v1/users/${userId}`) });
  const groups = useQuery({ queryKey: dirKeys.userGroups(userId), queryFn: () => api<{ items: { id: string; displayName: string }[] }>(`/api/v1/users/${userId}/groups`), enabled: user.isSuccess });
  const manager = useQuery({ queryKey: dirKeys.user(user.data?.managerId ?? "none"), enabled: !!user.data?.managerId, queryFn: () => api<UserView>(`/api/v1/users/${user.data!.managerId}`) });
  const toggle = useMutation({
    mutationFn: (accountEnabled: boolean) => api<UserView>(`/api/v1/users/${userId}`, { method: "PATCH", body: { accountEnabled } }),
    onSuccess: (u) => { toast.success(u.accountEnabled ? t("enabledToast") : t("disabledToast")); qc.invalidateQueries({ queryKey: dirKeys.all }); },
    onError: (e) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/users/${userId}`, { method: "DELETE" }),
    onSuccess: () => { toast.success(t("deletedToast")); qc.invalidateQueries({ queryKey: dirKeys.all }); router.push("/users"); },
    onError: (e) => { toast.error(e.message); setDeleting(false); },
  });

  if (user.isPending) return <LoadingRows rows={10} label={t("loading")} />;
  if (user.isError) {
    return user.error instanceof ApiError && user.error.status === 404
      ? <EmptyState title={t("notFound")} action={<Link className="text-[#0f6cbd] hover:underline" href="/users">{t("back")}</Link>}>{t("notFoundText")}</EmptyState>
      : <ErrorState message={user.error.message} action={<Button className="mt-2" onClick={() => user.refetch()}>{tc("tryAgain")}</Button>} />;
  }
  const u = user.data;
  const props: [string, React.ReactNode][] = [
    [tf("userPrincipalName"), u.userPrincipalName], [tf("displayName"), u.displayName], [tf("givenName"), u.givenName], [tf("surname"), u.surname],
    [tf("mail"), u.mail], [tf("mailNickname"), u.mailNickname], [tf("jobTitle"), u.jobTitle], [tf("department"), u.department], [tf("employeeId"), u.employeeId],
    [t("accountEnabled"), u.accountEnabled ? <Badge key="e" tone="good">{tc("enabled")}</Badge> : <Badge key="d" tone="bad">{tc("disabled")}</Badge>],
    [t("manager"), u.managerId ? <Link key="m" className="text-[#0f6cbd] hover:underline" href={`/users/${u.managerId}`}>{manager.data ? (manager.data.displayName ?? manager.data.userPrincipalName) : "…"}</Link> : null],
    [t("objectId"), <code key="id" className="text-xs">{u.id}</code>], [t("externalId"), u.externalId], [t("created"), format.dateTime(new Date(u.createdAt), { dateStyle: "medium", timeStyle: "medium" })], [t("updated"), format.dateTime(new Date(u.updatedAt), { dateStyle: "medium", timeStyle: "medium" })],
    ...Object.entries(u.extensionAttributes).map(([k, v]): [string, React.ReactNode] => [k, v]),
  ];
  return (
    <div className="space-y-5">
      <div role="toolbar" aria-label={t("commands")} className="flex flex-wrap gap-1 border-b border-gray-200 pb-1">
        {canWrite && !editing && <Button variant="command" onClick={() => setEditing(true)}><Pencil size={16} aria-hidden /> {t("edit")}</Button>}
        {canWrite && (u.accountEnabled
          ? <Button variant="command" busy={toggle.isPending} onClick={() => toggle.mutate(false)}><Ban size={16} aria-hidden /> {t("disable")}</Button>
          : <Button variant="command" busy={toggle.isPending} onClick={() => toggle.mutate(true)}><CheckCircle2 size={16} aria-hidden /> {t("enable")}</Button>)}
        {canWrite && <Button variant="command" onClick={() => setDeleting(true)}><Trash2 size={16} aria-hidden /> {tc("delete")}</Button>}
        <Button variant="command" onClick={() => { user.refetch(); groups.refetch(); }}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
      </div>
      {editing ? <UserForm user={u} onDone={() => setEditing(false)} /> : (
        <section aria-labelledby="props-h">
          <h2 id="props-h" className="mb-2 text-base font-semibold">{t("properties")}</h2>
          <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-x-4 gap-y-1.5 text-sm">
            {props.map(([k, v]) => <div key={k} className="contents"><dt className="text-gray-600">{k}</dt><dd>{v ?? <span className="text-gray-400">—</span>}</dd></div>)}
          </dl>
        </section>
      )}
      <section aria-labelledby="groups-h">
        <h2 id="groups-h" className="mb-2 text-base font-semibold">{tc("groups")}</h2>
        {groups.isPending ? <LoadingRows rows={3} /> : groups.isError ? <ErrorState message={groups.error.message} /> : groups.data.items.length === 0 ? <p className="text-sm text-gray-600">{t("noGroups")}</p> : (
          <ul className="list-inside list-disc text-sm">{groups.data.items.map((g) => <li key={g.id}><Link className="text-[#0f6cbd] hover:underline" href={`/groups/${g.id}`}>{g.displayName}</Link></li>)}</ul>
        )}
      </section>
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={t("deleteTitle", { name: u.userPrincipalName })} confirmLabel={tc("delete")} busy={remove.isPending} onConfirm={() => remove.mutate()}>
        {t("deleteText")}
      </ConfirmDialog>
    </div>
  );
}
