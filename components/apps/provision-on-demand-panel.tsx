"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { Badge, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";

type Kind = "user" | "group";
type Principal = { id: string; name: string; detail: string };
type Member = { id: string; userPrincipalName: string; displayName: string | null };
type Step = { name: string; status: string; details?: unknown };
type MemberResult = { userId: string; userPrincipalName: string | null; status: string; action: string; reason: string | null };
type OnDemandResult = {
  objectType?: Kind; status: string; action: string; reason?: string | null; steps: Step[];
  modifiedProperties: Array<{ name?: string; target?: string; oldValue?: unknown; newValue?: unknown; old?: unknown; new?: unknown }>;
  members?: MemberResult[]; membersInGroup?: number; memberLimit?: number;
};

/** Entra's limit, stated by the API (ON_DEMAND_MEMBER_LIMIT in lib/sync/specs.ts). */
const MEMBER_LIMIT = 5;
const MEMBERS_SHOWN = 20;

const text = (v: unknown) => (v == null ? "" : typeof v === "string" ? v : JSON.stringify(v));
const tone = (status: string) => (status === "success" ? "good" : status === "skipped" ? "neutral" : "bad");

const DONE = ["create", "update", "disable", "enable", "delete", "link", "adopt"] as const;
const STEP_STATUS = ["success", "skipped", "failure"] as const;
const ACTIONS = ["create", "update", "disable", "enable", "delete", "skip", "other", "adopt", "link"] as const;

/** In words: "The user was created in GoToMeeting." rather than "success action create"; statuses and actions in the reader's language. */
function useOnDemandWords() {
  const t = useTranslations("provisioning");
  const tl = useTranslations("logs.action");
  return {
    sentence: (r: OnDemandResult, appName: string): string => {
      const kind = r.objectType === "group" ? "group" : "user";
      if (r.status === "skipped") return t("onDemand.skipped", { app: appName, kind });
      if (r.status === "failure") return t("onDemand.failure", { action: r.action, app: appName });
      return (DONE as readonly string[]).includes(r.action) ? t(`onDemand.result.${r.action as (typeof DONE)[number]}`, { app: appName, kind }) : t("onDemand.done", { action: r.action });
    },
    status: (s: string) => ((STEP_STATUS as readonly string[]).includes(s) ? t(`stepStatus.${s as (typeof STEP_STATUS)[number]}`) : s),
    action: (a: string) => ((ACTIONS as readonly string[]).includes(a) ? tl(a as (typeof ACTIONS)[number]).toLowerCase() : a),
  };
}

function usePrincipals(kind: Kind, search: string) {
  const t = useTranslations("provisioning.onDemand");
  return useQuery({
    queryKey: ["apps", "picker", kind, search],
    queryFn: async ({ signal }): Promise<Principal[]> => {
      const q = `limit=20${search ? `&q=${encodeURIComponent(search)}` : ""}`;
      if (kind === "user") {
        const r = await api<{ items: Member[] }>(`/api/v1/users?${q}`, { signal });
        return r.items.map((u) => ({ id: u.id, name: u.userPrincipalName, detail: u.displayName || u.userPrincipalName }));
      }
      const r = await api<{ items: { id: string; displayName: string; memberCount?: number }[] }>(`/api/v1/groups?${q}`, { signal });
      return r.items.map((g) => ({ id: g.id, name: g.displayName, detail: t("memberCount", { count: g.memberCount ?? 0 }) }));
    },
  });
}

/** A group's first members, the first MEMBER_LIMIT ticked, as Entra lets the admin pick them. */
function MemberChoice({ groupId, chosen, onChange }: { groupId: string; chosen: string[] | null; onChange: (ids: string[]) => void }) {
  const t = useTranslations("provisioning.onDemand");
  const members = useQuery({
    queryKey: ["apps", "picker", "members", groupId],
    queryFn: ({ signal }) => api<{ items: Member[] }>(`/api/v1/groups/${groupId}/members?limit=${MEMBERS_SHOWN}`, { signal }),
  });
  if (members.isPending) return <LoadingRows rows={2} label={t("loadingMembers")} />;
  if (members.isError) return <ErrorState message={members.error.message} />;
  const items = members.data.items;
  const ticked = chosen ?? items.slice(0, MEMBER_LIMIT).map((m) => m.id);
  const toggle = (id: string, on: boolean) => onChange(on ? [...ticked, id] : ticked.filter((x) => x !== id));
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-semibold">{t("membersLegend", { limit: MEMBER_LIMIT })}</legend>
      {items.length === 0 ? <p className="text-sm text-gray-600">{t("noMembers")}</p> : (
        <>
          <p className="text-xs text-gray-600">{t("chosen", { count: ticked.length, limit: MEMBER_LIMIT })}</p>
          <ul aria-label={t("members")} className="max-h-48 overflow-auto rounded border border-gray-200">
            {items.map((m) => {
              const on = ticked.includes(m.id);
              return (
                <li key={m.id} className="border-b border-gray-100 last:border-0">
                  <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-gray-50">
                    <input type="checkbox" checked={on} disabled={!on && ticked.length >= MEMBER_LIMIT} onChange={(e) => toggle(m.id, e.target.checked)} aria-label={m.userPrincipalName} />
                    <span><span className="block">{m.displayName || m.userPrincipalName}</span><span className="block text-xs text-gray-600">{m.userPrincipalName}</span></span>
                  </label>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </fieldset>
  );
}

/** Provision on demand: one user, or one group with up to five members, now, with each step (the engine answers). */
export function ProvisionOnDemandPanel({ appId, appName, onClose }: { appId: string; appName: string; onClose: () => void }) {
  const t = useTranslations("provisioning.onDemand");
  const words = useOnDemandWords();
  const [kind, setKind] = useState<Kind>("user");
  const [q, setQ] = useState("");
  const search = useDeferredValue(q.trim());
  const [selected, setSelected] = useState<Principal | null>(null);
  const [memberIds, setMemberIds] = useState<string[] | null>(null);
  const principals = usePrincipals(kind, search);
  const run = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<OnDemandResult>(`/api/v1/apps/${appId}/provisioning/provision-on-demand`, { method: "POST", body }),
  });
  const result = run.data;
  const choose = (k: Kind) => {
    setKind(k);
    setSelected(null);
    setMemberIds(null);
    run.reset();
  };
  const provision = async () => {
    if (!selected) return;
    if (kind === "user") return run.mutate({ userId: selected.id });
    // Nothing un-ticked yet: the first members shown, as the list shows them ticked.
    const ids = memberIds ?? (await api<{ items: Member[] }>(`/api/v1/groups/${selected.id}/members?limit=${MEMBER_LIMIT}`)).items.map((m) => m.id);
    run.mutate({ groupId: selected.id, memberIds: ids });
  };

  return (
    <Panel
      open
      onOpenChange={(o) => !o && onClose()}
      title={t("title")}
      footer={<><Button variant="primary" disabled={!selected} busy={run.isPending} onClick={() => void provision()}>{t("provision")}</Button><Button onClick={onClose}>{t("close")}</Button></>}
    >
      <div className="space-y-4">
        <p className="text-sm text-gray-700">{t("intro", { limit: MEMBER_LIMIT, app: appName })}</p>
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">{t("kindLegend")}</legend>
          {(["user", "group"] as const).map((k) => (
            <label key={k} className="flex items-center gap-1.5">
              <input type="radio" name="on-demand-kind" checked={kind === k} onChange={() => choose(k)} />
              {k === "user" ? t("user") : t("group")}
            </label>
          ))}
        </fieldset>
        <div className="relative">
          <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
          <Input aria-label={kind === "user" ? t("searchUsers") : t("searchGroups")} placeholder={kind === "user" ? t("searchUsers") : t("searchGroups")} className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="max-h-56 overflow-auto rounded border border-gray-200">
          {principals.isPending ? <LoadingRows rows={3} label={t("searching")} /> : principals.isError ? <ErrorState message={principals.error.message} /> : principals.data.length === 0 ? <p className="p-3 text-sm text-gray-600">{kind === "user" ? t("noUsers") : t("noGroups")}</p> : (
            <ul aria-label={kind === "user" ? t("users") : t("groups")}>
              {principals.data.map((p) => (
                <li key={p.id} className="border-b border-gray-100 last:border-0">
                  <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-gray-50">
                    <input type="radio" name="on-demand-principal" checked={selected?.id === p.id} onChange={() => { setSelected(p); setMemberIds(null); run.reset(); }} aria-label={p.name} />
                    <span><span className="block">{kind === "user" ? p.detail : p.name}</span><span className="block text-xs text-gray-600">{kind === "user" ? p.name : p.detail}</span></span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </div>
        {kind === "group" && selected && <MemberChoice groupId={selected.id} chosen={memberIds} onChange={setMemberIds} />}
        {run.isError && <ErrorState title={t("failed")} message={run.error.message} />}
        {result && (
          <div className="space-y-3" data-testid="on-demand-result">
            <p className="text-sm"><Badge tone={tone(result.status)}>{words.status(result.status)}</Badge> {words.sentence(result, appName)}</p>
            {result.reason && <p className="text-sm text-gray-700">{result.reason}</p>}
            {result.members && (
              <div className="space-y-1">
                <p className="text-sm">{t((result.membersInGroup ?? 0) > result.members.length ? "membersProvisionedMore" : "membersProvisioned", { count: result.members.length, total: result.membersInGroup ?? result.members.length })}</p>
                {result.members.length > 0 && (
                  <div className="overflow-x-auto">
                    <Table aria-label={t("membersTable")}>
                      <THead><Tr><Th>{t("member")}</Th><Th>{t("resultHeader")}</Th><Th>{t("details")}</Th></Tr></THead>
                      <TBody>
                        {result.members.map((m) => (
                          <Tr key={m.userId}><Td>{m.userPrincipalName ?? m.userId}</Td><Td><Badge tone={tone(m.status)}>{words.status(m.status)}</Badge> {words.action(m.action)}</Td><Td>{m.reason ?? ""}</Td></Tr>
                        ))}
                      </TBody>
                    </Table>
                  </div>
                )}
              </div>
            )}
            <ol className="space-y-2" aria-label={t("steps")}>
              {result.steps.map((s, i) => (
                <li key={i} className="rounded border border-gray-200 p-2 text-sm">
                  <p className="font-semibold">{i + 1}. {s.name} <Badge tone={tone(s.status)}>{words.status(s.status)}</Badge></p>
                  {s.details != null && <pre className="mt-1 whitespace-pre-wrap break-words text-xs text-gray-700">{text(s.details)}</pre>}
                </li>
              ))}
            </ol>
            {result.modifiedProperties.length > 0 && (
              <div className="overflow-x-auto">
                <Table aria-label={t("modified")}>
                  <THead><Tr><Th>{t("property")}</Th><Th>{t("oldValue")}</Th><Th>{t("newValue")}</Th></Tr></THead>
                  <TBody>
                    {result.modifiedProperties.map((m, i) => (
                      <Tr key={i}><Td>{m.name ?? m.target}</Td><Td>{text(m.oldValue ?? m.old)}</Td><Td>{text(m.newValue ?? m.new)}</Td></Tr>
                    ))}
                  </TBody>
                </Table>
              </div>
            )}
          </div>
        )}
      </div>
    </Panel>
  );
}
