// Group membership in the target: provisioned directory members only, written as member
// operations (never a replace of the group) or, where the target's PATCH semantics for
// members are unknown (GoTo), as the group's full list (lib/scim fullListWrite); tracked in
// sync_member_link.
import { iterateMemberIds } from "../directory/groups";
import { db } from "../db";
import type { ModifiedProperty } from "../logs/provisioning-log";
import type { AppContext } from "./types";

type Tracer = { step(name: string, status: "success" | "failure" | "skipped", details: string): void };

async function directoryMembers(groupId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = null; ;) {
    const page = await iterateMemberIds(groupId, { afterUserId: after, limit: 5000 });
    ids.push(...page.userIds);
    if (!page.nextAfterUserId) return ids;
    after = page.nextAfterUserId;
  }
}

/** Adds and removes members so the target group holds the provisioned members; null when nothing changed. */
export async function syncMembers(ctx: AppContext, groupId: string, groupTargetId: string, displayName: string, trace: Tracer, _opts: { fresh?: boolean } = {}): Promise<ModifiedProperty[] | null> {
  const appId = ctx.app.id;
  const memberIds = await directoryMembers(groupId);
  const provisioned = await db.syncLink.findMany({ where: { appId, objectType: "user", state: { not: "deleted" }, sourceId: { in: memberIds } }, select: { sourceId: true, targetId: true } });
  const desired = new Map(provisioned.map((l) => [l.sourceId, l.targetId]));
  const current = await db.syncMemberLink.findMany({ where: { appId, groupId }, select: { userId: true } });
  const currentIds = new Set(current.map((c) => c.userId));
  const addUsers = [...desired.keys()].filter((u) => !currentIds.has(u));
  const removeUsers = [...currentIds].filter((u) => !desired.has(u));
  if (addUsers.length === 0 && removeUsers.length === 0) return null;
  const removeTargets = removeUsers.length
    ? (await db.syncLink.findMany({ where: { appId, objectType: "user", sourceId: { in: removeUsers }, state: { not: "deleted" } }, select: { targetId: true } })).map((l) => l.targetId)
    : [];
  // Full-list targets (GoTo) read the group and write its whole list: every desired member goes
  // in, so one missing from the target (removed there by hand) is put back at the same time.
  const add = ctx.client.profile.memberUpdate === "full-list" ? [...desired.values()] : addUsers.map((u) => desired.get(u)!);
  await ctx.client.updateMembers(groupTargetId, { add, remove: removeTargets }, { displayName });
  if (addUsers.length) await db.syncMemberLink.createMany({ data: addUsers.map((userId) => ({ appId, groupId, userId })), skipDuplicates: true });
  if (removeUsers.length) await db.syncMemberLink.deleteMany({ where: { appId, groupId, userId: { in: removeUsers } } });
  trace.step("Update group members", "success", `Added ${addUsers.length} and removed ${removeUsers.length} member(s).`);
  return [{ name: "members", oldValue: `${currentIds.size} member(s)`, newValue: `+${addUsers.length} −${removeUsers.length} (${desired.size} provisioned member(s))` }];
}
