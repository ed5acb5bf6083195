import type { ConnectorTemplate } from "../connectors";
import type { App } from "../db";
import type { StepInput } from "../logs/log-texts";
import type { ModifiedProperty, ProvisioningLogInput } from "../logs/provisioning-log";
import type { MappingDocument } from "../mapping";
import type { ScimClient } from "../scim";
import type { Decision } from "./decide";

export type ObjectKind = "user" | "group";
export type Outcome = "created" | "updated" | "disabled" | "deleted" | "skipped" | "failed" | "conflict";
export type KindCounts = Record<Outcome, number>;
export type CycleCounts = { users: KindCounts; groups: KindCounts };

export const emptyCounts = (): CycleCounts => ({
  users: { created: 0, updated: 0, disabled: 0, deleted: 0, skipped: 0, failed: 0, conflict: 0 },
  groups: { created: 0, updated: 0, disabled: 0, deleted: 0, skipped: 0, failed: 0, conflict: 0 },
});

/** Everything one app's writes need, loaded once per slice. */
export type AppContext = {
  app: App;
  template: ConnectorTemplate;
  client: ScimClient;
  users: MappingDocument;
  groups: MappingDocument;
  cycleId: string | null;
  /** Hold disables/deletes for the accidental-deletion check (full and incremental cycles). */
  stageDeletions: boolean;
};

export type WriteResult = {
  kind: ObjectKind;
  sourceId: string;
  outcome: Outcome;
  action: ProvisioningLogInput["action"];
  status: ProvisioningLogInput["status"];
  /** language-neutral (rendered for the log and the on-demand answer) */
  steps: StepInput[];
  modifiedProperties: ModifiedProperty[];
  targetId?: string | null;
  /** the user became provisioned (created / re-enabled): its groups may need it as a member */
  becameActive?: boolean;
  /** the object was staged for the accidental-deletion check instead of being disabled/deleted */
  staged?: boolean;
  /** a user written without its manager (not provisioned yet): write it again once the manager is */
  managerDeferred?: boolean;
  /** outcome "conflict": the target object matched is linked to another source object */
  conflict?: { targetId: string; otherSourceId: string; attribute: string | null };
  log: ProvisioningLogInput;
  /** WriteOptions.plan: the decision, not acted on */
  decision?: Decision;
  /** a write request was sent for this object: its intent, settled when the log entry is written */
  intentId?: bigint | null;
};

export { CredentialsRejected } from "./errors";
