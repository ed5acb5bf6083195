import { useFormatter, useTranslations } from "next-intl";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { durationParts } from "./sync-state";

export type KindCounts = { created: number; updated: number; disabled: number; deleted: number; skipped: number; failed: number; conflict: number };
export type Cycle = {
  id: string; type: string; status: string; phase?: string | null; startedAt: string; finishedAt: string | null;
  durationMs: number | null; processed: number; total: number; counts: { users?: Partial<KindCounts>; groups?: Partial<KindCounts> } | null;
  outcome?: string | null; error?: string | null;
};

export const KINDS: (keyof KindCounts)[] = ["created", "updated", "disabled", "deleted", "skipped", "failed", "conflict"];
export const n = (c: Partial<KindCounts> | undefined, k: keyof KindCounts) => c?.[k] ?? 0;
export const total = (c: Cycle["counts"], k: keyof KindCounts) => n(c?.users, k) + n(c?.groups, k);

/** Durations in the reader's language: "1 min 5 s" / "1 分钟 5 秒"; "—" when unknown. `unit: "s"` takes seconds. */
export function useDuration() {
  const t = useTranslations("sync.duration");
  return (value: number | null | undefined, unit: "ms" | "s" = "ms"): string => {
    if (value == null) return "—";
    const { key, values } = durationParts(unit === "s" ? value * 1000 : value, unit);
    return t(key, values);
  };
}

/** Created/updated/disabled/deleted/skipped/failed for users and groups. */
export function CountsTable({ counts, label }: { counts: Cycle["counts"]; label?: string }) {
  const t = useTranslations("sync.counts");
  const format = useFormatter();
  return (
    <Table aria-label={label ?? t("counts")}>
      <THead><Tr><Td />{KINDS.map((k) => <Th key={k} className="text-right capitalize">{t(k)}</Th>)}</Tr></THead>
      <TBody>
        {(["users", "groups"] as const).map((kind) => (
          <Tr key={kind}>
            <Td className="capitalize">{t(kind)}</Td>
            {KINDS.map((k) => <Td key={k} className={`text-right tabular-nums ${k === "failed" && n(counts?.[kind], k) > 0 ? "font-semibold text-[#c50f1f]" : ""}`}>{format.number(n(counts?.[kind], k))}</Td>)}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
