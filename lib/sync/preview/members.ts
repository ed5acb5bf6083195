// A previewed group's membership change: the same desired set the engine writes (lib/sync/members.ts
// — provisioned directory members) after the plan's user actions, against what Provisio has
// written (sync_member_link). Reads only.
import { db } from "../../db";
import { iterateMemberIds } from "../../directory/groups";
import { memberDelta, type MemberDelta } from "./plan";

export type PlannedUsers = { joining: Set<string>; leaving: Set<string> };

export async function previewMemberDelta(appId: string, groupId: string, planned: PlannedUsers): Promise<MemberDelta> {
  const members: string[] = [];
  for (let after: string | null = null; ;) {
    const page = await iterateMemberIds(groupId, { afterUserId: after, limit: 5000 });
    members.push(...page.userIds);
    if (!page.nextAfterUserId) break;
    after = page.nextAfterUserId;
  }
  const linked = await db.syncLink.findMany({ where: { appId, objectType: "user", state: { not: "deleted" }, sourceId: { in: members } }, select: { sourceId: true } });
  const current = await db.syncMemberLink.findMany({ where: { appId, groupId }, select: { userId: true } });
  return memberDelta({ members, linked: new Set(linked.map((l) => l.sourceId)), current: new Set(current.map((c) => c.userId)), ...planned });
}
