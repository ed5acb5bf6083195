"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus, RefreshCw, Search } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { AppView } from "@/lib/apps/schemas";
import { appKeys } from "./query-keys";

type Page = { items: AppView[]; nextCursor: string | null };

/** Enterprise applications → All applications. */
export function AppsList() {
  const canEdit = useCan("app_admin");
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState("");
  const search = useDeferredValue(q.trim());
  const list = useInfiniteQuery({
    queryKey: appKeys.list(search, filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: "50" });
      if (search) p.set("q", search);
      if (filter) p.set("provisioning", filter);
      if (pageParam) p.set("cursor", pageParam);
      return api<Page>(`/api/v1/apps?${p}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-3">
      <div role="toolbar" aria-label="Application commands" className="flex gap-1 border-b border-gray-200 pb-1">
        {canEdit && <Button variant="command" asChild><Link href="/apps/new"><Plus size={16} aria-hidden /> New application</Link></Button>}
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> Refresh</Button>
      </div>
      <p className="text-sm text-gray-700">View, filter, and search applications in your organization that are set up to use Provisio for provisioning.</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="relative w-80">
          <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
          <Input aria-label="Search applications" placeholder="Search by application name or ID" className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <span>Provisioning</span>
          <Select aria-label="Filter by provisioning" className="w-44" value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="">All</option>
            <option value="on">Status: On</option>
            <option value="off">Status: Off</option>
            <option value="automatic">Mode: Automatic</option>
            <option value="manual">Mode: Manual</option>
          </Select>
        </label>
      </div>
      {list.isPending ? <LoadingRows label="Loading applications" /> : list.isError ? <ErrorState message={list.error.message} /> : items.length === 0 ? (
        <EmptyState
          title={search || filter ? "No applications match" : "No applications yet"}
          action={canEdit && !search && !filter ? <Button variant="primary" asChild><Link href="/apps/new">New application</Link></Button> : undefined}
        >
          {search || filter ? "Try another name or filter." : "Add an application from the gallery to start provisioning users to it."}
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Applications">
            <THead><Tr><Th>Name</Th><Th>Application ID</Th><Th>Template</Th><Th>Provisioning mode</Th><Th>Provisioning status</Th><Th>Created on</Th></Tr></THead>
            <TBody>
              {items.map((a) => (
                <Tr key={a.id}>
                  <Td>
                    <Link href={`/apps/${a.id}`} className="flex items-center gap-2 text-[#0f6cbd] hover:underline">
                      {/* eslint-disable-next-line @next/next/no-img-element -- inline SVG data URI, nothing to optimise */}
                      {a.logo && <img src={a.logo} alt="" width={24} height={24} className="rounded" />}
                      {a.displayName}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{a.id}</Td>
                  <Td>{a.templateName}</Td>
                  <Td>{a.mode === "automatic" ? "Automatic" : "Manual"}</Td>
                  <Td>{a.status === "on" ? <Badge tone="good">On</Badge> : <Badge>Off</Badge>}</Td>
                  <Td>{new Date(a.createdAt).toLocaleDateString()}</Td>
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
