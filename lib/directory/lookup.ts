// Small reads other modules need to decide whom a directory change concerns (the push
// listener): group memberships of some users, and whether ids still exist (a deleted
// object has lost its assignments and memberships, so it can concern any app).
import { db } from "../db";

/** The groups these users are direct members of. */
export async function groupIdsOfUsers(userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db.groupMember.findMany({ where: { userId: { in: userIds } }, select: { groupId: true }, distinct: ["groupId"] });
  return rows.map((r) => r.groupId);
}

/** Whether every one of these users and groups is still in the directory. */
export async function allStillExist(userIds: string[], groupIds: string[]): Promise<boolean> {
  const [users, groups] = await Promise.all([
    userIds.length ? db.directoryUser.count({ where: { id: { in: userIds } } }) : 0,
    groupIds.length ? db.directoryGroup.count({ where: { id: { in: groupIds } } }) : 0,
  ]);
  return users === new Set(userIds).size && groups === new Set(groupIds).size;
}
