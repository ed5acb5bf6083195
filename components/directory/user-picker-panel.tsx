"use client";
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { api } from "@/lib/api/client";
import type { UserView } from "@/lib/directory/schemas";
import { useDebounced } from "./keys";

/** Azure-style right-hand picker: search users, tick one or many, Select. */
export function UserPickerPanel({ title, multiple = true, excludeIds = [], busy, onSelect, onClose }: { title: string; multiple?: boolean; excludeIds?: string[]; busy?: boolean; onSelect: (users: UserView[]) => void; onClose: () => void }) {
  const t = useTranslations("directory.picker");
  const tc = useTranslations("common");
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim());
  const [picked, setPicked] = useState<Map<string, UserView>>(new Map());
  const res = useQuery({ queryKey: ["directory", "picker", dq], queryFn: () => api<{ items: UserView[] }>(`/api/v1/users?limit=25&q=${encodeURIComponent(dq)}`) });
  const exclude = new Set(excludeIds);
  const toggle = (u: UserView) => setPicked((m) => {
    const n = new Map(multiple ? m : []);
    if (n.has(u.id)) n.delete(u.id); else n.set(u.id, u);
    return n;
  });
  return (
    <Panel open onOpenChange={(o) => !o && onClose()} title={title}
      footer={<><Button variant="primary" disabled={picked.size === 0} busy={busy} onClick={() => onSelect([...picked.values()])}>{t("select", { count: picked.size })}</Button><Button onClick={onClose}>{tc("cancel")}</Button></>}>
      <label className="relative block">
        <span className="sr-only">{t("searchUsers")}</span>
        <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
        <Input className="pl-7" placeholder={t("searchUsersPlaceholder")} value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
      </label>
      <div className="mt-3">
        {res.isPending ? <LoadingRows rows={6} /> : res.isError ? <ErrorState message={res.error.message} /> : res.data.items.length === 0 ? <p className="py-6 text-center text-sm text-gray-600">{t("noUsers", { q: dq })}</p> : (
          <ul className="divide-y" aria-label={t("results")}>
            {res.data.items.map((u) => {
              const already = exclude.has(u.id);
              return (
                <li key={u.id}>
                  <label className={`flex cursor-pointer items-center gap-3 px-1 py-2 text-sm hover:bg-gray-50 ${already ? "opacity-50" : ""}`}>
                    <input type={multiple ? "checkbox" : "radio"} name="picker" disabled={already} checked={picked.has(u.id)} onChange={() => toggle(u)} aria-label={t("selectOne", { name: u.displayName ?? u.userPrincipalName })} />
                    <span><span className="block font-semibold">{u.displayName ?? u.userPrincipalName}</span><span className="block text-xs text-gray-600">{u.userPrincipalName}{already ? ` · ${t("alreadyMember")}` : ""}</span></span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Panel>
  );
}
