"use client";
import Link from "next/link";
import { useState } from "react";
import { SyncDetails } from "@/components/sync/sync-details";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Badge } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { OverviewApp } from "@/lib/logs/summary";

function StateBadge({ app }: { app: OverviewApp }) {
  if (app.state === "quarantined") return <Badge tone="bad">Quarantined</Badge>;
  if (app.state === "paused") return <Badge tone="warn">Paused</Badge>;
  if (app.status !== "on") return <Badge>Off</Badge>;
  if (app.state === "running") return <Badge tone="info">Running</Badge>;
  return <Badge tone="good">On</Badge>;
}

/** Apps with provisioning on, those needing attention first; each opens its Sync details in the side pane. */
export function OverviewApps({ apps }: { apps: OverviewApp[] }) {
  const [open, setOpen] = useState<OverviewApp | null>(null);
  return (
    <>
      <Table aria-label="Applications with provisioning">
        <THead><Tr><Th>Application</Th><Th>State</Th><Th>Why</Th><Th>Last cycle</Th><Th className="text-right">Failures (24 h)</Th><Th>Next run</Th><Th /></Tr></THead>
        <TBody>
          {apps.map((a) => (
            <Tr key={a.id} data-testid={`overview-app-${a.id}`}>
              <Td><Link className="link font-semibold" href={`/apps/${a.id}`}>{a.displayName}</Link></Td>
              <Td><StateBadge app={a} /></Td>
              <Td className="max-w-md text-gray-700">{a.state === "quarantined" || a.state === "paused" ? (a.reason ?? "—") : "—"}</Td>
              <Td className="whitespace-nowrap">{a.lastCycle ? `${a.lastCycle.status.replaceAll("_", " ")}${a.lastCycle.finishedAt ? `, ${new Date(a.lastCycle.finishedAt).toLocaleString()}` : ""}` : "—"}</Td>
              <Td className="text-right tabular-nums">
                {a.failures24h > 0 ? <Link className="link font-semibold text-[#c50f1f]" href={`/provisioning-logs?appId=${encodeURIComponent(a.id)}&status=failure&range=24h`}>{a.failures24h.toLocaleString()}</Link> : "0"}
              </Td>
              <Td className="whitespace-nowrap">{a.nextRunAt ? new Date(a.nextRunAt).toLocaleString() : "—"}</Td>
              <Td><Button variant="ghost" onClick={() => setOpen(a)} aria-label={`Sync details of ${a.displayName}`}>Sync details</Button></Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <Panel open={open !== null} onOpenChange={(o) => !o && setOpen(null)} title={open ? `${open.displayName} – Sync details` : "Sync details"}>
        {open && <SyncDetails appId={open.id} />}
      </Panel>
    </>
  );
}
