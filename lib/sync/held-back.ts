// Quarantine tells the truth: directory changes that concern the app but are not written
// because it is in quarantine are logged (one failure entry per object, code "quarantined"),
// so "View failures" and the Overview's failure count show them. Each change is logged once:
// sync_state.heldBackSeq remembers how far the change feed was looked at.
import { readChanges } from "../directory/change-feed";
import { db } from "../db";
import { writeProvisioningLogs, type ProvisioningLogInput } from "../logs/provisioning-log";
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
  const when = state.nextRunAt ? ` at ${state.nextRunAt.toISOString()}` : "";
  const entries: ProvisioningLogInput[] = concerned.map((c) => ({
    appId, appName: ctx.app.displayName, objectType: c.objectType as ObjectKind, action: "other", status: "failure",
    sourceId: c.id, sourceIdentity: c.identity ?? null,
    steps: [{ name: "Perform action", status: "failure", details: `Held back: the app is in quarantine. ${state.reason ?? ""}`.trim(), at: new Date().toISOString() }],
    errorCode: "quarantined",
    reason: `Not written to the target: the app is in quarantine (${state.reason ?? state.reasonCode ?? "see Sync details"}). This ${c.objectType}'s change is held back.`,
    recommendation: credentials
      ? "Fix the admin credentials on the Provisioning page and run Test Connection: the quarantine ends and the held-back changes are written."
      : `Provisio tries again${when}; fix the cause shown in Sync details and Restart provisioning to write the held-back changes now.`,
  }));
  const last = changes[changes.length - 1]!.seq;
  await db.$transaction(async (tx) => {
    await writeProvisioningLogs(entries, tx);
    await tx.syncState.update({ where: { appId }, data: { heldBackSeq: last } });
  });
  return entries.length;
}
