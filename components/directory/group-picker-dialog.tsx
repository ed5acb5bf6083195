"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { api } from "@/lib/api/client";
import type { GroupView } from "@/lib/directory/schemas";
import { useDebounced } from "./keys";

/** Choose one group (bulk "Add to group"). */
export function GroupPickerDialog({ title, busy, onSelect, onClose }: { title: string; busy?: boolean; onSelect: (g: GroupView) => void; onClose: () => void }) {
  const t = useTranslations("directory.picker");
  const tc = useTranslations("common");
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim());
  const [picked, setPicked] = useState<GroupView | null>(null);
  const res = useQuery({ queryKey: ["directory", "group-picker", dq], queryFn: () => api<{ items: GroupView[] }>(`/api/v1/groups?limit=25&q=${encodeURIComponent(dq)}`) });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={title}
      footer={<><Button variant="primary" disabled={!picked} busy={busy} onClick={() => picked && onSelect(picked)}>{tc("add")}</Button><Button onClick={onClose}>{tc("cancel")}</Button></>}>
      <Input aria-label={t("searchGroups")} placeholder={t("searchGroups")} value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
      <div className="mt-2 max-h-72 overflow-auto">
        {res.isPending ? <LoadingRows rows={4} /> : res.isError ? <ErrorState message={res.error.message} /> : res.data.items.length === 0 ? <p className="py-4 text-center text-sm text-gray-600">{t("noGroups")}</p> : (
          <ul className="divide-y">
            {res.data.items.map((g) => (
              <li key={g.id}>
                <label className="flex cursor-pointer items-center gap-2 px-1 py-2 text-sm hover:bg-gray-50">
                  <input type="radio" name="group" checked={picked?.id === g.id} onChange={() => setPicked(g)} aria-label={g.displayName} />
                  {g.displayName}<span className="text-xs text-gray-500">{t("members", { count: g.memberCount ?? 0 })}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
