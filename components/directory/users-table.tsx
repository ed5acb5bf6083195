"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Ban, CheckCircle2, Download, Plus, RefreshCw, Search, Trash2, Upload, UserPlus } from "lucide-react";
import Link from "next/link";
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
      const verb = { disable: "Disabled", enable: "Enabled", delete: "Deleted", addToGroup: "Added to the group:" }[b.action];
      toast.success(`${verb} ${r.affected} user${r.affected === 1 ? "" : "s"}`);
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
      <div role="toolbar" aria-label="User commands" className="flex flex-wrap items-center gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" asChild><Link href="/users/new"><Plus size={16} aria-hidden /> New user</Link></Button>}
        {canWrite && <Button variant="command" onClick={() => setImporting(true)}><Upload size={16} aria-hidden /> Bulk import</Button>}
        <Button variant="command" asChild><a href="/api/v1/users/export" download><Download size={16} aria-hidden /> Download users</a></Button>
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> Refresh</Button>
        {canWrite && selected.size > 0 && (
          <>
            <span className="mx-2 h-5 w-px bg-gray-300" aria-hidden />
            <span className="text-sm text-gray-700" aria-live="polite">{selected.size} selected</span>
            <Button variant="command" busy={bulk.isPending} onClick={() => bulk.mutate({ action: "disable" })}><Ban size={16} aria-hidden /> Disable</Button>
            <Button variant="command" busy={bulk.isPending} onClick={() => bulk.mutate({ action: "enable" })}><CheckCircle2 size={16} aria-hidden /> Enable</Button>
            <Button variant="command" onClick={() => setPickGroup(true)}><UserPlus size={16} aria-hidden /> Add to group</Button>
            <Button variant="command" onClick={() => setConfirmDelete(true)}><Trash2 size={16} aria-hidden /> Delete</Button>
          </>
        )}
      </div>
      <label className="relative block max-w-md">
        <span className="sr-only">Search users</span>
        <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
        <Input className="pl-7" type="search" placeholder="Search by name, user principal name or mail" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {list.isPending ? <LoadingRows rows={10} label="Loading users" /> : list.isError ? <ErrorState title="Users could not be loaded" message={list.error.message} action={<Button className="mt-2" onClick={() => list.refetch()}>Try again</Button>} /> : rows.length === 0 ? (
        dq ? <EmptyState title="No users found">No user&apos;s name, user principal name or mail starts with “{dq}”.</EmptyState>
          : <EmptyState title="No users yet" action={canWrite ? <div className="flex gap-2"><Button variant="primary" asChild><Link href="/users/new">New user</Link></Button><Button onClick={() => setImporting(true)}>Bulk import</Button></div> : undefined}>The directory is empty. Create users here, import a CSV file, or let an HR system push them through SCIM.</EmptyState>
      ) : (
        <>
          <Table aria-label="Users">
            <THead>
              <Tr>
                {canWrite && <Th className="w-8"><input type="checkbox" aria-label="Select all users on this page" checked={allOnPage} onChange={toggleAll} /></Th>}
                <SortHead s="displayName" label="Display name" sort={sort} dir={dir} onSort={toggleSort} />
                <SortHead s="userPrincipalName" label="User principal name" sort={sort} dir={dir} onSort={toggleSort} />
                <Th>Mail</Th><Th>Job title</Th><Th>Department</Th><Th>Account</Th>
                <SortHead s="createdAt" label="Created" sort={sort} dir={dir} onSort={toggleSort} />
              </Tr>
            </THead>
            <TBody>
              {rows.map((u) => (
                <Tr key={u.id}>
                  {canWrite && <Td><input type="checkbox" aria-label={`Select ${u.userPrincipalName}`} checked={selected.has(u.id)} onChange={() => toggle(u.id)} /></Td>}
                  <Td><Link className="text-[#0f6cbd] hover:underline" href={`/users/${u.id}`}>{u.displayName || "(no display name)"}</Link></Td>
                  <Td>{u.userPrincipalName}</Td>
                  <Td>{u.mail}</Td>
                  <Td>{u.jobTitle}</Td>
                  <Td>{u.department}</Td>
                  <Td>{u.accountEnabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="bad">Disabled</Badge>}</Td>
                  <Td className="whitespace-nowrap">{new Date(u.createdAt).toLocaleDateString()}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="flex items-center gap-3 text-sm text-gray-700">
            <span>{rows.length.toLocaleString()} shown</span>
            {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>Load more</Button>}
          </div>
        </>
      )}
      <ConfirmDialog open={confirmDelete} onOpenChange={setConfirmDelete} title={`Delete ${selected.size} user${selected.size === 1 ? "" : "s"}?`} confirmLabel="Delete" busy={bulk.isPending} onConfirm={() => bulk.mutate({ action: "delete" })}>
        The selected users are deleted permanently. Apps that provision them will delete or disable their accounts in the next cycle.
      </ConfirmDialog>
      {pickGroup && <GroupPickerDialog title={`Add ${selected.size} user${selected.size === 1 ? "" : "s"} to a group`} busy={bulk.isPending} onClose={() => setPickGroup(false)} onSelect={(g) => bulk.mutate({ action: "addToGroup", groupId: g.id })} />}
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
