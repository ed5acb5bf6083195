"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus, RefreshCw, Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { GroupView } from "@/lib/directory/schemas";
import { dirKeys, useDebounced } from "./keys";

export function GroupsTable() {
  const canWrite = useCan("app_admin");
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim());
  const list = useInfiniteQuery({
    queryKey: dirKeys.groups(dq),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api<{ items: GroupView[]; nextCursor: string | null }>(`/api/v1/groups?limit=50${dq ? `&q=${encodeURIComponent(dq)}` : ""}${pageParam ? `&cursor=${pageParam}` : ""}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label="Group commands" className="flex gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" asChild><Link href="/groups/new"><Plus size={16} aria-hidden /> New group</Link></Button>}
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> Refresh</Button>
      </div>
      <label className="relative block max-w-md">
        <span className="sr-only">Search groups</span>
        <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
        <Input className="pl-7" type="search" placeholder="Search groups by name" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {list.isPending ? <LoadingRows rows={8} label="Loading groups" /> : list.isError ? <ErrorState title="Groups could not be loaded" message={list.error.message} action={<Button className="mt-2" onClick={() => list.refetch()}>Try again</Button>} /> : rows.length === 0 ? (
        dq ? <EmptyState title="No groups found">No group name starts with “{dq}”.</EmptyState>
          : <EmptyState title="No groups yet" action={canWrite ? <Button variant="primary" asChild><Link href="/groups/new">New group</Link></Button> : undefined}>Groups let you assign many users to an app at once.</EmptyState>
      ) : (
        <>
          <Table aria-label="Groups">
            <THead><Tr><Th>Name</Th><Th>Mail nickname</Th><Th>Description</Th><Th>Members</Th><Th>Created</Th></Tr></THead>
            <TBody>
              {rows.map((g) => (
                <Tr key={g.id}>
                  <Td><Link className="text-[#0f6cbd] hover:underline" href={`/groups/${g.id}`}>{g.displayName}</Link></Td>
                  <Td>{g.mailNickname}</Td>
                  <Td className="max-w-md truncate">{g.description}</Td>
                  <Td>{(g.memberCount ?? 0).toLocaleString()}</Td>
                  <Td className="whitespace-nowrap">{new Date(g.createdAt).toLocaleDateString()}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>Load more</Button>}
        </>
      )}
    </div>
  );
}
