"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { Badge, ErrorState, LoadingRows } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";

type User = { id: string; userPrincipalName: string; displayName: string | null };
type Step = { name: string; status: string; details?: unknown };
type OnDemandResult = { status: string; action: string; reason?: string | null; steps: Step[]; modifiedProperties: Array<{ name?: string; target?: string; oldValue?: unknown; newValue?: unknown; old?: unknown; new?: unknown }> };

const text = (v: unknown) => (v == null ? "" : typeof v === "string" ? v : JSON.stringify(v));

const DONE: Record<string, string> = { create: "created in", update: "updated in", disable: "disabled in", enable: "enabled again in", delete: "deleted from", link: "matched to an existing account in", adopt: "matched to an existing account in" };

/** In words: "The user was created in GoToMeeting." rather than "success action create". */
function onDemandSentence(r: OnDemandResult, appName: string): string {
  if (r.status === "skipped") return `Nothing was changed in ${appName}.`;
  if (r.status === "failure") return `The ${r.action} in ${appName} failed; the steps below say why.`;
  const done = DONE[r.action];
  return done ? `The user was ${done} ${appName}.` : `Done: ${r.action}.`;
}

/** Provision on demand: pick one user, provision them now, and show the steps (the engine answers). */
export function ProvisionOnDemandPanel({ appId, appName, onClose }: { appId: string; appName: string; onClose: () => void }) {
  const [q, setQ] = useState("");
  const search = useDeferredValue(q.trim());
  const [selected, setSelected] = useState<User | null>(null);
  const users = useQuery({
    queryKey: ["apps", "picker", "user", search],
    queryFn: ({ signal }) => api<{ items: User[] }>(`/api/v1/users?limit=20${search ? `&q=${encodeURIComponent(search)}` : ""}`, { signal }),
  });
  const run = useMutation({ mutationFn: (userId: string) => api<OnDemandResult>(`/api/v1/apps/${appId}/provisioning/provision-on-demand`, { method: "POST", body: { userId } }) });
  const result = run.data;

  return (
    <Panel
      open
      onOpenChange={(o) => !o && onClose()}
      title="Provision on demand"
      footer={<><Button variant="primary" disabled={!selected} busy={run.isPending} onClick={() => selected && run.mutate(selected.id)}>Provision</Button><Button onClick={onClose}>Close</Button></>}
    >
      <div className="space-y-4">
        <p className="text-sm text-gray-700">Provision one user to {appName} now, without waiting for the next cycle, and see each step.</p>
        <div className="relative">
          <Search size={14} className="absolute left-2 top-2 text-gray-500" aria-hidden />
          <Input aria-label="Search users" placeholder="Search users" className="pl-7" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="max-h-56 overflow-auto rounded border border-gray-200">
          {users.isPending ? <LoadingRows rows={3} label="Searching" /> : users.isError ? <ErrorState message={users.error.message} /> : users.data.items.length === 0 ? <p className="p-3 text-sm text-gray-600">No users found.</p> : (
            <ul aria-label="Users">
              {users.data.items.map((u) => (
                <li key={u.id} className="border-b border-gray-100 last:border-0">
                  <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-gray-50">
                    <input type="radio" name="on-demand-user" checked={selected?.id === u.id} onChange={() => setSelected(u)} aria-label={u.userPrincipalName} />
                    <span><span className="block">{u.displayName || u.userPrincipalName}</span><span className="block text-xs text-gray-600">{u.userPrincipalName}</span></span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </div>
        {run.isError && <ErrorState title="Provision on demand failed" message={run.error.message} />}
        {result && (
          <div className="space-y-3" data-testid="on-demand-result">
            <p className="text-sm"><Badge tone={result.status === "success" ? "good" : result.status === "skipped" ? "neutral" : "bad"}>{result.status}</Badge> {onDemandSentence(result, appName)}</p>
            {result.reason && <p className="text-sm text-gray-700">{result.reason}</p>}
            <ol className="space-y-2">
              {result.steps.map((s, i) => (
                <li key={i} className="rounded border border-gray-200 p-2 text-sm">
                  <p className="font-semibold">{i + 1}. {s.name} <Badge tone={s.status === "success" ? "good" : s.status === "skipped" ? "neutral" : "bad"}>{s.status}</Badge></p>
                  {s.details != null && <pre className="mt-1 whitespace-pre-wrap break-words text-xs text-gray-700">{text(s.details)}</pre>}
                </li>
              ))}
            </ol>
            {result.modifiedProperties.length > 0 && (
              <Table aria-label="Modified properties">
                <THead><Tr><Th>Property</Th><Th>Old value</Th><Th>New value</Th></Tr></THead>
                <TBody>
                  {result.modifiedProperties.map((m, i) => (
                    <Tr key={i}><Td>{m.name ?? m.target}</Td><Td>{text(m.oldValue ?? m.old)}</Td><Td>{text(m.newValue ?? m.new)}</Td></Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </div>
        )}
      </div>
    </Panel>
  );
}
