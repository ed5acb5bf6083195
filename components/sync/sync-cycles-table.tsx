import Link from "next/link";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { duration, total, type Cycle } from "./sync-shared";

const TYPE: Record<string, string> = { initial: "Initial", incremental: "Incremental", on_demand: "On-demand" };

export function SyncCyclesTable({ cycles, appId }: { cycles: Cycle[]; appId: string }) {
  return (
    <Table aria-label="Cycle history">
      <THead>
        <Tr><Th>Started</Th><Th>Type</Th><Th>Outcome</Th><Th className="text-right">Duration</Th><Th className="text-right">Processed</Th><Th className="text-right">Created</Th><Th className="text-right">Updated</Th><Th className="text-right">Disabled</Th><Th className="text-right">Deleted</Th><Th className="text-right">Failed</Th><Th>Logs</Th></Tr>
      </THead>
      <TBody>
        {cycles.map((c) => (
          <Tr key={c.id}>
            <Td className="whitespace-nowrap">{new Date(c.startedAt).toLocaleString()}</Td>
            <Td>{TYPE[c.type] ?? c.type}</Td>
            <Td className="whitespace-nowrap">{c.status.replaceAll("_", " ")}</Td>
            <Td className="text-right tabular-nums">{duration(c.durationMs)}</Td>
            <Td className="text-right tabular-nums">{c.processed.toLocaleString()}</Td>
            {(["created", "updated", "disabled", "deleted", "failed"] as const).map((k) => <Td key={k} className="text-right tabular-nums">{total(c.counts, k).toLocaleString()}</Td>)}
            <Td><Link className="link whitespace-nowrap" href={`/provisioning-logs?appId=${encodeURIComponent(appId)}&cycleId=${encodeURIComponent(c.id)}&range=30d`} aria-label={`View logs of the cycle started ${new Date(c.startedAt).toLocaleString()}`}>View logs</Link></Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
