"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus, RefreshCw, Search } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
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
  const t = useTranslations("directory.groups");
  const tc = useTranslations("common");
  const format = useFormatter();
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
      <div role="toolbar" aria-label={t("commands")} className="flex gap-1 border-b border-gray-200 pb-1">
        {canWrite && <Button variant="command" asChild><Link href="/groups/new"><Plus size={16} aria-hidden /> {t("new")}</Link></Button>}
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> {tc("refresh")}</Button>
      </div>
      <label className="relative block max-w-md">
        <span className="sr-only">{t("search")}</span>
        <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
        <Input className="pl-7" type="search" placeholder={t("searchPlaceholder")} value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {list.isPending ? <LoadingRows rows={8} label={t("loading")} /> : list.isError ? <ErrorState title={t("loadError")} message={list.error.message} action={<Button className="mt-2" onClick={() => list.refetch()}>{tc("tryAgain")}</Button>} /> : rows.length === 0 ? (
        dq ? <EmptyState title={t("noneFound")}>{t("noneFoundText", { q: dq })}</EmptyState>
          : <EmptyState title={t("empty")} action={canWrite ? <Button variant="primary" asChild><Link href="/groups/new">{t("new")}</Link></Button> : undefined}>{t("emptyText")}</EmptyState>
      ) : (
        <>
          <Table aria-label={tc("groups")}>
            <THead><Tr><Th>{t("col.name")}</Th><Th>{t("col.mailNickname")}</Th><Th>{t("col.description")}</Th><Th>{t("col.members")}</Th><Th>{t("col.created")}</Th></Tr></THead>
            <TBody>
              {rows.map((g) => (
                <Tr key={g.id}>
                  <Td><Link className="text-[#0f6cbd] hover:underline" href={`/groups/${g.id}`}>{g.displayName}</Link></Td>
                  <Td>{g.mailNickname}</Td>
                  <Td className="max-w-md truncate">{g.description}</Td>
                  <Td>{format.number(g.memberCount ?? 0)}</Td>
                  <Td className="whitespace-nowrap">{format.dateTime(new Date(g.createdAt), { dateStyle: "short" })}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>{tc("loadMore")}</Button>}
        </>
      )}
    </div>
  );
}
