// Quarantine tells the truth: directory changes that concern the app but are not written
// because it is in quarantine are logged (one failure entry per object, code "quarantined"),
// so "View failures" and the Overview's failure count show them. Each change is logged once:
// sync_state.heldBackSeq remembers how far the change feed was looked at.
import { readChanges } from "../directory/change-feed";
import { db } from "../db";
import { writeProvisioningLogs, type ProvisioningLogInput } from "../logs/provisioning-log";
import { isMsg, lt, type Text } from "../logs/text";
import { loadAppContext } from "./context";
import { groupAssignments, userAssignments } from "./scope";
import type { ObjectKind } from "./types";

/** Changes looked at per call; the rest follow on the next slice attempt (every push or tick). */
const BATCH = 500;

export async function logHeldBack(appId: string): Promise<number> {
  const state = await db.syncState.findUnique({ where: { appId } });
  if (state?.state !== "quarantined") return 0;
  const from = state.heldBackSeq !== null && state.heldBackSeq > state.watermark ? state.heldBackSeq : state.watermark;
  const { changes } = await readChanges(from, BATCH);
  if (!changes.length) return 0;
  const ctx = await loadAppContext(appId, { cycleId: null });
  const latest = new Map<string, (typeof changes)[number]>();
  for (const c of changes) latest.set(`${c.objectType}:${c.id}`, c);
  const ids = (kind: ObjectKind) => [...latest.values()].filter((c) => c.objectType === kind).map((c) => c.id);
  const linked = new Set((await db.syncLink.findMany({ where: { appId, state: { not: "deleted" }, sourceId: { in: [...ids("user"), ...ids("group")] } }, select: { objectType: true, sourceId: true } })).map((l) => `${l.objectType}:${l.sourceId}`));
  const users = await userAssignments(ctx, ids("user"));
  const groups = await groupAssignments(ctx, ids("group"));
  const concerned = [...latest.values()].filter((c) => linked.has(`${c.objectType}:${c.id}`) || (c.objectType === "user" ? users.get(c.id)?.assigned : groups.has(c.id)));
  const credentials = state.reasonCode === "credentials";
  const why: Text | null = isMsg(state.reasonText) ? state.reasonText : state.reason;
  const entries: ProvisioningLogInput[] = concerned.map((c) => ({
    appId, appName: ctx.app.displayName, objectType: c.objectType as ObjectKind, action: "other", status: "failure",
    sourceId: c.id, sourceIdentity: c.identity ?? null,
    steps: [{ code: "perform_action", status: "failure", text: why ? lt("heldBack", { why }) : lt("heldBackBare"), at: new Date().toISOString() }],
    errorCode: "quarantined",
    reason: lt("notWrittenQuarantine", { why: why ?? state.reasonCode ?? lt("seeSyncDetails"), kind: c.objectType }),
    recommendation: credentials
      ? lt("recQuarantineCredentials")
      : lt("recQuarantineRetry", { hasWhen: state.nextRunAt ? "yes" : "no", when: state.nextRunAt?.toISOString() ?? "" }),
  }));
  const last = changes[changes.length - 1]!.seq;
  await db.$transaction(async (tx) => {
    await writeProvisioningLogs(entries, tx);
    await tx.syncState.update({ where: { appId }, data: { heldBackSeq: last } });
  });
  return entries.length;
}
