import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { DATE_TIME } from "@/components/ui/formats";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { total, useDuration, type Cycle } from "./sync-shared";

const TYPES = ["initial", "incremental", "on_demand"] as const;
const OUTCOMES = ["completed", "completed_with_failures", "failed", "paused", "cancelled", "running", "quarantined"] as const;

export function SyncCyclesTable({ cycles, appId }: { cycles: Cycle[]; appId: string }) {
  const t = useTranslations("sync");
  const format = useFormatter();
  const duration = useDuration();
  return (
    <Table aria-label={t("history.label")}>
      <THead>
        <Tr><Th>{t("history.started")}</Th><Th>{t("history.type")}</Th><Th>{t("history.outcome")}</Th><Th className="text-right">{t("history.duration")}</Th><Th className="text-right">{t("history.processed")}</Th><Th className="text-right">{t("history.created")}</Th><Th className="text-right">{t("history.updated")}</Th><Th className="text-right">{t("history.disabled")}</Th><Th className="text-right">{t("history.deleted")}</Th><Th className="text-right">{t("history.failed")}</Th><Th>{t("history.logs")}</Th></Tr>
      </THead>
      <TBody>
        {cycles.map((c) => {
          const started = format.dateTime(new Date(c.startedAt), DATE_TIME);
          return (
            <Tr key={c.id}>
              <Td className="whitespace-nowrap">{started}</Td>
              <Td>{(TYPES as readonly string[]).includes(c.type) ? t(`history.typeShort.${c.type as (typeof TYPES)[number]}`) : c.type}</Td>
              <Td className="whitespace-nowrap">{(OUTCOMES as readonly string[]).includes(c.status) ? t(`cycleStatus.${c.status as (typeof OUTCOMES)[number]}`) : c.status.replaceAll("_", " ")}</Td>
              <Td className="text-right tabular-nums">{duration(c.durationMs)}</Td>
              <Td className="text-right tabular-nums">{format.number(c.processed)}</Td>
              {(["created", "updated", "disabled", "deleted", "failed"] as const).map((k) => <Td key={k} className="text-right tabular-nums">{format.number(total(c.counts, k))}</Td>)}
              <Td><Link className="link whitespace-nowrap" href={`/provisioning-logs?appId=${encodeURIComponent(appId)}&cycleId=${encodeURIComponent(c.id)}&range=30d`} aria-label={t("history.viewLogsOf", { at: started })}>{t("history.viewLogs")}</Link></Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
