// Shapes of the provisioning log API as the browser sees them (see lib/logs/specs.ts).
export type LogStep = { name: string; status: string; details?: string };
export type ModifiedProperty = { name: string; oldValue?: unknown; newValue?: unknown };
export type LogEntry = {
  id: string; at: string; appId: string; appName: string | null; cycleId: string | null; objectType: string;
  action: string; status: string; sourceId: string | null; sourceIdentity: string | null; targetId: string | null;
  steps: LogStep[]; modifiedProperties: ModifiedProperty[]; errorCode: string | null; reason: string | null;
  recommendation: string | null; durationMs: number | null;
};
export type LogDetail = LogEntry & { exchange: unknown };
