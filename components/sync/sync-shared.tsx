import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

export type KindCounts = { created: number; updated: number; disabled: number; deleted: number; skipped: number; failed: number; conflict: number };
export type Cycle = {
  id: string; type: string; status: string; phase?: string | null; startedAt: string; finishedAt: string | null;
  durationMs: number | null; processed: number; total: number; counts: { users?: Partial<KindCounts>; groups?: Partial<KindCounts> } | null;
  outcome?: string | null; error?: string | null;
};

export const KINDS: (keyof KindCounts)[] = ["created", "updated", "disabled", "deleted", "skipped", "failed", "conflict"];
export const n = (c: Partial<KindCounts> | undefined, k: keyof KindCounts) => c?.[k] ?? 0;
export const total = (c: Cycle["counts"], k: keyof KindCounts) => n(c?.users, k) + n(c?.groups, k);

export function duration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Created/updated/disabled/deleted/skipped/failed for users and groups. */
export function CountsTable({ counts, label = "Counts" }: { counts: Cycle["counts"]; label?: string }) {
  return (
    <Table aria-label={label}>
      <THead><Tr><Td />{KINDS.map((k) => <Th key={k} className="text-right capitalize">{k}</Th>)}</Tr></THead>
      <TBody>
        {(["users", "groups"] as const).map((kind) => (
          <Tr key={kind}>
            <Td className="capitalize">{kind}</Td>
            {KINDS.map((k) => <Td key={k} className={`text-right tabular-nums ${k === "failed" && n(counts?.[kind], k) > 0 ? "font-semibold text-[#c50f1f]" : ""}`}>{n(counts?.[kind], k).toLocaleString()}</Td>)}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
