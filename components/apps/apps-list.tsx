"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus, RefreshCw, Search } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { useCan } from "@/components/shell/actor-context";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { DATE } from "@/components/ui/formats";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import type { AppView } from "@/lib/apps/schemas";
import { appKeys } from "./query-keys";
import { useTemplateName } from "@/components/apps/template-name";

type Page = { items: AppView[]; nextCursor: string | null };

/** Enterprise applications → All applications. */
export function AppsList() {
  const canEdit = useCan("app_admin");
  const t = useTranslations("apps");
  const templateName = useTemplateName();
  const format = useFormatter();
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
      <div role="toolbar" aria-label={t("list.commands")} className="flex gap-1 border-b border-gray-200 pb-1">
        {canEdit && <Button variant="command" asChild><Link href="/apps/new"><Plus size={16} aria-hidden /> {t("list.new")}</Link></Button>}
        <Button variant="command" onClick={() => list.refetch()}><RefreshCw size={16} aria-hidden /> {t("list.refresh")}</Button>
      </div>
      <p className="text-sm text-gray-700">{t("list.intro")}</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="relative w-80">
          <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
          <Input aria-label={t("list.search")} placeholder={t("list.searchPlaceholder")} className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <span>{t("list.provisioning")}</span>
          <Select aria-label={t("list.filter")} className="w-44" value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="">{t("list.all")}</option>
            <option value="on">{t("list.statusOn")}</option>
            <option value="off">{t("list.statusOff")}</option>
            <option value="automatic">{t("list.modeAutomatic")}</option>
            <option value="manual">{t("list.modeManual")}</option>
          </Select>
        </label>
      </div>
      {list.isPending ? <LoadingRows label={t("list.loading")} /> : list.isError ? <ErrorState message={list.error.message} /> : items.length === 0 ? (
        <EmptyState
          title={search || filter ? t("list.emptyFilteredTitle") : t("list.emptyTitle")}
          action={canEdit && !search && !filter ? <Button variant="primary" asChild><Link href="/apps/new">{t("list.new")}</Link></Button> : undefined}
        >
          {search || filter ? t("list.emptyFiltered") : t("list.emptyHint")}
        </EmptyState>
      ) : (
        <>
          <Table aria-label={t("list.table")}>
            <THead><Tr><Th>{t("list.name")}</Th><Th>{t("list.appId")}</Th><Th>{t("list.template")}</Th><Th>{t("list.provisioningMode")}</Th><Th>{t("list.provisioningStatus")}</Th><Th>{t("list.createdOn")}</Th></Tr></THead>
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
                  <Td>{templateName(a.templateId, a.templateName)}</Td>
                  <Td>{t(`mode.${a.mode === "automatic" ? "automatic" : "manual"}`)}</Td>
                  <Td>{a.status === "on" ? <Badge tone="good">{t("status.on")}</Badge> : <Badge>{t("status.off")}</Badge>}</Td>
                  <Td>{format.dateTime(new Date(a.createdAt), DATE)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {list.hasNextPage && <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>{t("list.loadMore")}</Button>}
        </>
      )}
    </div>
  );
}
