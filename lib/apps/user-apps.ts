// The apps one user is assigned to (directly or through a group) or provisioned in, with
// what provisioning last did there: the "Applications" section of a user's page.
import { db } from "../db";
import { templateOf } from "./apps";

export type UserAppView = {
  appId: string;
  appName: string;
  templateName: string;
  provisioningOn: boolean;
  /** "Direct" and/or the names of the groups that carry the assignment; empty when only provisioned */
  assignedVia: string[];
  roles: string[];
  /** the link to the account in the app: active, disabled, or none yet */
  account: "active" | "disabled" | null;
  targetId: string | null;
  last: { action: string; status: string; at: string } | null;
};

export async function listUserApps(userId: string): Promise<UserAppView[]> {
  const groupIds = (await db.groupMember.findMany({ where: { userId }, select: { groupId: true } })).map((g) => g.groupId);
  const assignments = await db.appAssignment.findMany({
    where: { OR: [{ userId }, ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])] },
    select: { appId: true, principalType: true, roleId: true, group: { select: { displayName: true } } },
  });
  const links = await db.syncLink.findMany({ where: { objectType: "user", sourceId: userId, state: { not: "deleted" } }, select: { appId: true, state: true, targetId: true } });
  const appIds = [...new Set([...assignments.map((a) => a.appId), ...links.map((l) => l.appId)])];
  if (!appIds.length) return [];
  const apps = await db.app.findMany({ where: { id: { in: appIds } }, orderBy: { displayName: "asc" } });
  // the newest log entry per app for this user (one query, DISTINCT ON)
  const lastRows = await db.$queryRaw<Array<{ appId: string; action: string; status: string; at: Date }>>`
    SELECT DISTINCT ON ("appId") "appId", action, status, at FROM provisioning_log
     WHERE "sourceId" = ${userId} AND "appId" = ANY(${appIds}::text[])
     ORDER BY "appId", at DESC`;
  return apps.map((app) => {
    const mine = assignments.filter((a) => a.appId === app.id);
    const roles = templateOf(app).roles;
    const link = links.find((l) => l.appId === app.id);
    const last = lastRows.find((r) => r.appId === app.id);
    return {
      appId: app.id,
      appName: app.displayName,
      templateName: templateOf(app).name,
      provisioningOn: app.status === "on",
      assignedVia: mine.map((a) => (a.principalType === "user" ? "Direct" : `Group ${a.group?.displayName ?? "(deleted)"}`)),
      roles: [...new Set(mine.map((a) => roles.find((r) => r.id === a.roleId)?.displayName ?? a.roleId))],
      account: link ? (link.state === "disabled" ? "disabled" : "active") : null,
      targetId: link?.targetId ?? null,
      last: last ? { action: last.action, status: last.status, at: last.at.toISOString() } : null,
    };
  });
}
