"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";

type AuditRow = { id: string; at: string; actorEmail: string | null; action: string; targetType: string; targetId: string | null; targetName: string | null; before: unknown; after: unknown };

export function AuditLogTable({ targetType, targetId }: { targetType?: string; targetId?: string }) {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: ["audit-logs", { actor, action, targetType, targetId }],
    queryFn: ({ pageParam }) => {
      const sp = new URLSearchParams({ limit: "50" });
      if (pageParam) sp.set("cursor", pageParam);
      if (actor) sp.set("actor", actor);
      if (action) sp.set("action", action);
      if (targetType) sp.set("targetType", targetType);
      if (targetId) sp.set("targetId", targetId);
      return api<{ items: AuditRow[]; nextCursor: string | null }>(`/api/v1/audit-logs?${sp}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <label className="text-sm">Initiated by <Input aria-label="Initiated by" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="email" className="ml-1 inline-block w-56" /></label>
        <label className="text-sm">Activity <Input aria-label="Activity" value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. app." className="ml-1 inline-block w-48" /></label>
      </div>
      {q.isPending ? <LoadingRows /> : q.isError ? <ErrorState message={q.error.message} /> : rows.length === 0 ? <EmptyState title="No audit entries match" /> : (
        <Table>
          <THead><Tr><Th>Date</Th><Th>Activity</Th><Th>Target</Th><Th>Initiated by</Th><Th>Changes</Th></Tr></THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.id}>
                <Td className="whitespace-nowrap">{new Date(r.at).toLocaleString()}</Td>
                <Td>{r.action}</Td>
                <Td>{r.targetName ?? r.targetId ?? "—"} <span className="text-xs text-gray-500">({r.targetType})</span></Td>
                <Td>{r.actorEmail ?? "system"}</Td>
                <Td>
                  {r.before || r.after ? (
                    <button type="button" className="link text-sm" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>{open === r.id ? "Hide" : "Show"}</button>
                  ) : "—"}
                  {open === r.id && (
                    <div className="mt-1 grid grid-cols-2 gap-2 text-xs">
                      <pre className="overflow-auto rounded bg-gray-50 p-2"><b>Before</b>{"\n"}{JSON.stringify(r.before, null, 2)}</pre>
                      <pre className="overflow-auto rounded bg-gray-50 p-2"><b>After</b>{"\n"}{JSON.stringify(r.after, null, 2)}</pre>
                    </div>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {q.hasNextPage && <Button onClick={() => q.fetchNextPage()} busy={q.isFetchingNextPage}>Load more</Button>}
    </div>
  );
}
