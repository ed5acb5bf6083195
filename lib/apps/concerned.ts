// Which apps with provisioning On a change to some users and groups can concern: those that
// sync all users and groups, and those these users or groups are assigned to (directly, or
// a user through one of its groups). The push listener sends jobs only to these, so one
// user's change is not queued behind every other app's work (a dead target retrying, a long
// initial cycle); the tick still queues any app whose change feed moved.
import { db } from "../db";

export async function activeAppsConcerning(who: { userIds: string[]; groupIds: string[] }): Promise<string[]> {
  const assigned = [
    ...(who.userIds.length ? [{ userId: { in: who.userIds } }] : []),
    ...(who.groupIds.length ? [{ groupId: { in: who.groupIds } }] : []),
  ];
  const apps = await db.app.findMany({
    where: { status: "on", OR: [{ scope: "all" }, ...(assigned.length ? [{ assignments: { some: { OR: assigned } } }] : [])] },
    select: { id: true },
  });
  return apps.map((a) => a.id);
}
