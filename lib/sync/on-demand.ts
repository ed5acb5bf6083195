// Provision on demand: one user, or one group with up to ON_DEMAND_MEMBER_LIMIT of its members
// (as Entra does: the members first, so the group can hold them, then the group), now, through
// the same writeObject() path as a cycle, logged like any cycle under an "on_demand" cycle.
import type { Actor } from "../auth/roles";
import { db, Prisma } from "../db";
import { countMembers, getGroup, listMembers, memberIdsAmong } from "../directory/groups";
import { AppError, localized, notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { renderStep } from "../logs/log-texts";
import type { LogStep, ModifiedProperty } from "../logs/provisioning-log";
import { inLocale } from "../logs/text";
import { appOrThrow } from "./commands";
import { loadAppContext } from "./context";
import { ON_DEMAND_MEMBER_LIMIT } from "./specs";
import { writeLogsSettling } from "./intents";
import { CredentialsRejected, emptyCounts, type WriteResult } from "./types";
import { writeObject } from "./write-object";

export type OnDemandResult = {
  objectType: "user" | "group";
  status: "success" | "failure" | "skipped";
  action: string;
  steps: LogStep[];
  modifiedProperties: ModifiedProperty[];
  targetId: string | null;
  cycleId: string;
  reason: string | null;
  recommendation: string | null;
};

export type OnDemandMember = { userId: string; userPrincipalName: string | null; status: OnDemandResult["status"]; action: string; targetId: string | null; reason: string | null };
export type GroupOnDemandResult = OnDemandResult & { members: OnDemandMember[]; membersInGroup: number; memberLimit: number };

const rejected = (err: CredentialsRejected) =>
  localized(new AppError("unprocessable", `The target rejected the admin credentials: ${err.message} Check them on the Provisioning page and run Test Connection.`), "credentialsRejected", { error: err.message });

/** The result as the API shows it: steps, reason and recommendation in the request's language. */
function summary(cycleId: string, r: WriteResult, locale: Locale): OnDemandResult {
  return {
    objectType: r.kind, status: r.status, action: r.action, steps: r.steps.map((s) => renderStep(s, locale)), modifiedProperties: r.modifiedProperties, targetId: r.targetId ?? null,
    cycleId, reason: inLocale(locale, r.log.reason), recommendation: inLocale(locale, r.log.recommendation),
  };
}

/**
 * Writes the objects in order inside one on-demand cycle. Every result obtained is logged (and its
 * intent settled) even when a later object stops the run, so nothing written goes unlogged.
 */
async function runOnDemand(appId: string, objects: { kind: "user" | "group"; id: string }[]): Promise<{ cycleId: string; results: WriteResult[] }> {
  const cycle = await db.syncCycle.create({ data: { appId, type: "on_demand", status: "running", total: objects.length, counts: emptyCounts() as unknown as Prisma.InputJsonValue } });
  const ctx = await loadAppContext(appId, { cycleId: cycle.id, stageDeletions: false });
  const results: WriteResult[] = [];
  const counts = emptyCounts();
  let failure: unknown = null;
  try {
    for (const o of objects) {
      const r = await writeObject(ctx, o.kind, o.id, { onDemand: true });
      results.push(r);
      counts[o.kind === "user" ? "users" : "groups"][r.outcome] += 1;
    }
  } catch (err) {
    failure = err;
  }
  await writeLogsSettling(results.map((r) => r.log), results.map((r) => r.intentId));
  const failed = !!failure || results.some((r) => r.outcome === "failed");
  await db.syncCycle.update({
    where: { id: cycle.id },
    data: { status: failed ? "failed" : "completed", finishedAt: new Date(), processed: results.length, counts: counts as unknown as Prisma.InputJsonValue, error: failure ? (failure as Error).message : null },
  });
  if (failure instanceof CredentialsRejected) throw rejected(failure);
  if (failure) throw failure;
  return { cycleId: cycle.id, results };
}

/** Provision one user now, synchronously; logs like any cycle. */
export async function provisionOnDemand(actor: Actor, appId: string, userId: string, ip?: string, locale: Locale = DEFAULT_LOCALE): Promise<OnDemandResult> {
  const app = await appOrThrow(appId);
  const user = await db.directoryUser.findUnique({ where: { id: userId }, select: { id: true, userPrincipalName: true } });
  if (!user) throw notFound("The user");
  const { cycleId, results } = await runOnDemand(appId, [{ kind: "user", id: userId }]);
  const result = results[0]!;
  await writeAudit(actor, { action: "provisioning.provision_on_demand", targetType: "app", targetId: appId, targetName: app.displayName, after: { user: user.userPrincipalName, action: result.action, status: result.status } }, undefined, ip);
  return summary(cycleId, result, locale);
}

/**
 * Provision one group now with the chosen members (or its first ON_DEMAND_MEMBER_LIMIT by id):
 * the members first — a user must exist in the app before a group can hold it — then the group,
 * whose member list is written from the directory like in a cycle.
 */
export async function provisionGroupOnDemand(actor: Actor, appId: string, groupId: string, memberIds: string[] | undefined, ip?: string, locale: Locale = DEFAULT_LOCALE): Promise<GroupOnDemandResult> {
  const app = await appOrThrow(appId);
  const group = await getGroup(groupId);
  if (!group) throw notFound("The group");
  const chosen = memberIds ? [...new Set(memberIds)] : (await listMembers(groupId, { limit: ON_DEMAND_MEMBER_LIMIT })).items.map((m) => m.id);
  if (chosen.length > ON_DEMAND_MEMBER_LIMIT) {
    throw localized(new AppError("validation_failed", `memberIds: choose at most ${ON_DEMAND_MEMBER_LIMIT} members; provision on demand writes a group with up to ${ON_DEMAND_MEMBER_LIMIT} of its members.`, [{ path: "memberIds", message: `at most ${ON_DEMAND_MEMBER_LIMIT}` }]), "onDemandTooMany", { max: ON_DEMAND_MEMBER_LIMIT });
  }
  const members = await memberIdsAmong(groupId, chosen);
  const strangers = chosen.filter((id) => !members.has(id));
  if (strangers.length) {
    throw localized(
      new AppError("validation_failed", `memberIds: ${strangers.join(", ")} ${strangers.length === 1 ? "is not a member" : "are not members"} of the group ${group.displayName}.`, strangers.map((s) => ({ path: "memberIds", message: `${s} is not a member of the group` }))),
      "notMembers", { ids: strangers.join(", "), count: strangers.length, group: group.displayName },
    );
  }
  const { cycleId, results } = await runOnDemand(appId, [...chosen.map((id) => ({ kind: "user" as const, id })), { kind: "group", id: groupId }]);
  const groupResult = results[results.length - 1]!;
  const memberResults = results.slice(0, -1).map((r) => ({ userId: r.sourceId, userPrincipalName: r.log.sourceIdentity ?? null, status: r.status, action: r.action, targetId: r.targetId ?? null, reason: inLocale(locale, r.log.reason) }));
  await writeAudit(actor, {
    action: "provisioning.provision_on_demand", targetType: "app", targetId: appId, targetName: app.displayName,
    after: { group: group.displayName, action: groupResult.action, status: groupResult.status, members: memberResults.length },
  }, undefined, ip);
  return { ...summary(cycleId, groupResult, locale), members: memberResults, membersInGroup: await countMembers(groupId), memberLimit: ON_DEMAND_MEMBER_LIMIT };
}
