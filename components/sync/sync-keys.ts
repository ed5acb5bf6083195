// Query keys of Sync details, and the note a command leaves so the Overview says
// "Queued" the moment the command returns, before the next status read.
import type { QueryClient } from "@tanstack/react-query";

export const syncKeys = {
  status: (appId: string) => ["sync-status", appId] as const,
  cycles: (appId: string) => ["sync-cycles", appId] as const,
  statistics: (appId: string) => ["sync-statistics", appId] as const,
  command: (appId: string) => ["sync-command", appId] as const,
};

export type CommandNote = { at: number; lastCycleId: string | null };

/** After Start / Restart / Save with status On: remember it, and read the status now. */
export function noteCycleQueued(qc: QueryClient, appId: string) {
  const status = qc.getQueryData<{ lastCycle: { id: string } | null }>(syncKeys.status(appId));
  qc.setQueryData<CommandNote>(syncKeys.command(appId), { at: Date.now(), lastCycleId: status?.lastCycle?.id ?? null });
  void qc.invalidateQueries({ queryKey: syncKeys.status(appId) });
  void qc.invalidateQueries({ queryKey: syncKeys.cycles(appId) });
}

export function refreshSync(qc: QueryClient, appId: string) {
  for (const k of [syncKeys.status(appId), syncKeys.cycles(appId), syncKeys.statistics(appId)]) void qc.invalidateQueries({ queryKey: k });
}
