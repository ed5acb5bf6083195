// Assignment lookups, batched per page of objects (one query per page, not per
// object: an initial cycle over 100k users must not issue 100k scope queries).
import { db } from "../db";
import type { AppRoleAssignment } from "../mapping";
import type { AppContext } from "./types";

export type UserAssignment = { assigned: boolean; roles: AppRoleAssignment[] };

/** Direct or group-based assignments of each user to the app (scope "all" counts everyone as assigned). */
export async function userAssignments(ctx: AppContext, userIds: string[]): Promise<Map<string, UserAssignment>> {
  const out = new Map<string, UserAssignment>();
  if (userIds.length === 0) return out;
  const rows = await db.$queryRaw<{ userId: string; roleId: string }[]>`
    SELECT u.id AS "userId", a."roleId"
    FROM unnest(${userIds}::text[]) AS u(id)
    JOIN app_assignment a ON a."appId" = ${ctx.app.id}
     AND (a."userId" = u.id OR a."groupId" IN (SELECT gm."groupId" FROM group_member gm WHERE gm."userId" = u.id))`;
  const roleName = (id: string) => ctx.template.roles.find((r) => r.id === id)?.displayName ?? id;
  for (const id of userIds) out.set(id, { assigned: ctx.app.scope === "all", roles: [] });
  for (const r of rows) {
    const a = out.get(r.userId)!;
    a.assigned = true;
    if (!a.roles.some((x) => x.roleId === r.roleId)) a.roles.push({ roleId: r.roleId, displayName: roleName(r.roleId) });
  }
  return out;
}

/** Groups are in scope when assigned directly (as in Entra), or always with scope "all". */
export async function groupAssignments(ctx: AppContext, groupIds: string[]): Promise<Set<string>> {
  if (ctx.app.scope === "all") return new Set(groupIds);
  if (groupIds.length === 0) return new Set();
  const rows = await db.appAssignment.findMany({ where: { appId: ctx.app.id, groupId: { in: groupIds } }, select: { groupId: true } });
  return new Set(rows.map((r) => r.groupId!));
}
