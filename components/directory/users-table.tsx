"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Ban, CheckCircle2, Download, Plus, RefreshCw, Search, Trash2, Upload, UserPlus } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { UserSort, UserView } from "@/lib/directory/schemas";
import { GroupPickerDialog } from "./group-picker-dialog";
import { dirKeys, useDebounced } from "./keys";
import { UserImportDialog } from "./user-import-dialog";

type Page = { items: UserView[]; nextCursor: string | null };
type BulkAction = "disable" | "enable" | "delete" | "addToGroup";

export function UsersTable() {
  const canWrite = useCan("app_admin");
  const t = useTranslations("directory.users");
  const tc = useTranslations("common");
  const format = useFormatter();
  const qc = useQueryClient();
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim());
  const [sort, setSort] = useState<UserSort>("displayName");
  const [dir, setDir] = useState<"asc" | "desc">("asc");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [pickGroup, setPickGroup] = useState(false);
  const [importing, setImporting] = useState(false);

  const list = useInfiniteQuery({
    queryKey: dirKeys.users(dq, sort, dir),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api<Page>(`/api/v1/users?limit=50&sort=${sort}&dir=${dir}${dq ? `&q=${encodeURIComponent(dq)}` : ""}${pageParam ? `&cursor=${pageParam}` : ""}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const bulk = useMutation({
    mutationFn: (b: { action: BulkAction; groupId?: string }) => api<{ affected: number }>("/api/v1/users/bulk", { method: "POST", body: { ...b, userIds: [...selected] } }),
    onSuccess: (r, b) => {
      toast.success(t(`bulkDone.${b.action}`, { count: r.affected }));
      setSelected(new Set());
      setConfirmDelete(false);
      setPickGroup(false);
      qc.invalidateQueries({ queryKey: dirKeys.all });
    },
    onError: (e) => { toast.error(e.message); setConfirmDelete(false); },
  });

  const toggleSort = (s: UserSort) => {
    if (s === sort) setDir(dir === "asc" ? "desc" : "asc");
    else { setSort(s); setDir("asc"); }
  };
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggleAll = () => setSelected(allOnPage ? new Set() : new Set(rows.slice(0, 1000).map((r) => r.id)));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label={t("commands")} className="flex flex-wrap items-center gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" asChild><Link href="/users/new"><Plus size={16} aria-hidden /> {t("new")}</Link></Button>}
        {canWrite && <Button variant="command" onClick={() => setImporting(true)}><Upload size={16} aria-hidden /> {t("bulkImport")}</Button>}
        <Button variant="command" asChild><a href="/api/v1/users/export" download><Download size={16} aria-hidden /> {t("download")}</a></Button>
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
        {canWrite && selected.size > 0 && (
          <>
            <span className="mx-2 h-5 w-px bg-gray-300" aria-hidden />
            <span className="text-sm text-gray-700" aria-live="polite">{t("selected", { count: selected.size })}</span>
            <Button variant="command" busy={bulk.isPending} onClick={() => bulk.mutate({ action: "disable" })}><Ban size={16} aria-hidden /> {t("disable")}</Button>
            <Button variant="command" busy={bulk.isPending} onClick={() => bulk.mutate({ action: "enable" })}><CheckCircle2 size={16} aria-hidden /> {t("enable")}</Button>
            <Button variant="command" onClick={() => setPickGroup(true)}><UserPlus size={16} aria-hidden /> {t("addToGroup")}</Button>
            <Button variant="command" onClick={() => setConfirmDelete(true)}><Trash2 size={16} aria-hidden /> {tc("delete")}</Button>
          </>
        )}
      </div>
      <label className="relative block max-w-md">
        <span className="sr-only">{t("search")}</span>
        <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
        <Input className="pl-7" type="search" placeholder={t("searchPlaceholder")} value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {list.isPending ? <LoadingRows rows={10} label={t("loading")} /> : list.isError ? <ErrorState title={t("loadError")} message={list.error.message} action={<Button className="mt-2" onClick={() => list.refetch()}>{tc("tryAgain")}</Button>} /> : rows.length === 0 ? (
        dq ? <EmptyState title={t("noneFound")}>{t("noneFoundText", { q: dq })}</EmptyState>
          : <EmptyState title={t("empty")} action={canWrite ? <div className="flex gap-2"><Button variant="primary" asChild><Link href="/users/new">{t("new")}</Link></Button><Button onClick={() => setImporting(true)}>{t("bulkImport")}</Button></div> : undefined}>{t("emptyText")}</EmptyState>
      ) : (
        <>
          <Table aria-label={tc("users")}>
            <THead>
              <Tr>
                {canWrite && <Th className="w-8"><input type="checkbox" aria-label={t("selectAll")} checked={allOnPage} onChange={toggleAll} /></Th>}
                <SortHead s="displayName" label={t("col.displayName")} sort={sort} dir={dir} onSort={toggleSort} />
                <SortHead s="userPrincipalName" label={t("col.userPrincipalName")} sort={sort} dir={dir} onSort={toggleSort} />
                <Th>{t("col.mail")}</Th><Th>{t("col.jobTitle")}</Th><Th>{t("col.department")}</Th><Th>{t("col.account")}</Th>
                <SortHead s="createdAt" label={t("col.created")} sort={sort} dir={dir} onSort={toggleSort} />
              </Tr>
            </THead>
            <TBody>
              {rows.map((u) => (
                <Tr key={u.id}>
                  {canWrite && <Td><input type="checkbox" aria-label={t("select", { name: u.userPrincipalName })} checked={selected.has(u.id)} onChange={() => toggle(u.id)} /></Td>}
                  <Td><Link className="text-[#0f6cbd] hover:underline" href={`/users/${u.id}`}>{u.displayName || t("noDisplayName")}</Link></Td>
                  <Td>{u.userPrincipalName}</Td>
                  <Td>{u.mail}</Td>
                  <Td>{u.jobTitle}</Td>
                  <Td>{u.department}</Td>
                  <Td>{u.accountEnabled ? <Badge tone="good">{tc("enabled")}</Badge> : <Badge tone="bad">{tc("disabled")}</Badge>}</Td>
                  <Td className="whitespace-nowrap">{format.dateTime(new Date(u.createdAt), { dateStyle: "short" })}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="flex items-center gap-3 text-sm text-gray-700">
            <span>{t("shown", { count: rows.length })}</span>
            {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>{tc("loadMore")}</Button>}
          </div>
        </>
      )}
      <ConfirmDialog open={confirmDelete} onOpenChange={setConfirmDelete} title={t("deleteTitle", { count: selected.size })} confirmLabel={tc("delete")} busy={bulk.isPending} onConfirm={() => bulk.mutate({ action: "delete" })}>
        {t("deleteText")}
      </ConfirmDialog>
      {pickGroup && <GroupPickerDialog title={t("addToGroupTitle", { count: selected.size })} busy={bulk.isPending} onClose={() => setPickGroup(false)} onSelect={(g) => bulk.mutate({ action: "addToGroup", groupId: g.id })} />}
      {importing && <UserImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}

function SortHead({ s, label, sort, dir, onSort }: { s: UserSort; label: string; sort: UserSort; dir: "asc" | "desc"; onSort: (s: UserSort) => void }) {
  return (
    <Th aria-sort={sort === s ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <button type="button" className="inline-flex items-center gap-1 hover:underline" onClick={() => onSort(s)}>
        {label}{sort === s && (dir === "asc" ? <ArrowUp size={12} aria-hidden /> : <ArrowDown size={12} aria-hidden />)}
      </button>
    </Th>
  );
}
