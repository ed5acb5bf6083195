"use client";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { DATE_TIME } from "@/components/ui/formats";
import { SyncDetails } from "@/components/sync/sync-details";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Badge } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { OverviewApp } from "@/lib/logs/summary";

function StateBadge({ app }: { app: OverviewApp }) {
  const t = useTranslations("apps.home.state");
  if (app.state === "quarantined") return <Badge tone="bad">{t("quarantined")}</Badge>;
  if (app.state === "paused") return <Badge tone="warn">{t("paused")}</Badge>;
  if (app.status !== "on") return <Badge>{t("off")}</Badge>;
  if (app.state === "running") return <Badge tone="info">{t("running")}</Badge>;
  return <Badge tone="good">{t("on")}</Badge>;
}

const CYCLE_STATUSES = ["completed", "completed_with_failures", "failed", "paused", "cancelled", "running", "quarantined"] as const;

/** Apps with provisioning on, those needing attention first; each opens its Sync details in the side pane. */
export function OverviewApps({ apps }: { apps: OverviewApp[] }) {
  const [open, setOpen] = useState<OverviewApp | null>(null);
  const t = useTranslations("apps.home.table");
  const ts = useTranslations("sync.cycleStatus");
  const format = useFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), DATE_TIME);
  const cycleStatus = (s: string) => ((CYCLE_STATUSES as readonly string[]).includes(s) ? ts(s as (typeof CYCLE_STATUSES)[number]) : s.replaceAll("_", " "));
  return (
    <>
      <Table aria-label={t("label")}>
        <THead><Tr><Th>{t("application")}</Th><Th>{t("state")}</Th><Th>{t("why")}</Th><Th>{t("lastCycle")}</Th><Th className="text-right">{t("failures")}</Th><Th>{t("nextRun")}</Th><Th /></Tr></THead>
        <TBody>
          {apps.map((a) => (
            <Tr key={a.id} data-testid={`overview-app-${a.id}`}>
              <Td><Link className="link font-semibold" href={`/apps/${a.id}`}>{a.displayName}</Link></Td>
              <Td><StateBadge app={a} /></Td>
              <Td className="max-w-md text-gray-700">{a.state === "quarantined" || a.state === "paused" ? (a.reason ?? "—") : "—"}</Td>
              <Td className="whitespace-nowrap">{a.lastCycle ? (a.lastCycle.finishedAt ? t("lastCycleAt", { status: cycleStatus(a.lastCycle.status), at: when(a.lastCycle.finishedAt) }) : cycleStatus(a.lastCycle.status)) : "—"}</Td>
              <Td className="text-right tabular-nums">
                {a.failures24h > 0 ? <Link className="link font-semibold text-[#c50f1f]" href={`/provisioning-logs?appId=${encodeURIComponent(a.id)}&status=failure&range=24h`}>{format.number(a.failures24h)}</Link> : "0"}
              </Td>
              <Td className="whitespace-nowrap">{a.nextRunAt ? when(a.nextRunAt) : "—"}</Td>
              <Td><Button variant="ghost" onClick={() => setOpen(a)} aria-label={t("syncDetailsOf", { app: a.displayName })}>{t("syncDetails")}</Button></Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <Panel open={open !== null} onOpenChange={(o) => !o && setOpen(null)} title={open ? t("syncDetailsTitle", { app: open.displayName }) : t("syncDetails")}>
        {open && <SyncDetails appId={open.id} />}
      </Panel>
    </>
  );
}
