// Users and groups assigned to an app, each with an app role. Only assigned
// principals are provisioned (scope "assigned"), directly or through a group
// (direct membership: the directory has no nested groups). For templates whose
// "Default Access" role is not valid for provisioning (GoToMeeting), that role is
// refused with the tutorial's reason.
import type { z } from "zod";
import { decodeCursor, encodeCursor } from "../api/cursor";
import type { Actor } from "../auth/roles";
import { isRoleValidForProvisioning } from "../connectors";
import { db, Prisma, type Tx } from "../db";
import { recordChanges } from "../directory/change-feed";
import type { AppAssignment, DirectoryGroup, DirectoryUser } from "../db/generated/client";
import { directoryChanged } from "../directory/events";
import { parseInput } from "../directory/validate";
import { AppError, localized, notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import { getAppOrThrow, templateOf } from "./apps";
import { createAssignmentSchema, type AppRoleView, type AssignmentView } from "./schemas";

export const DEFAULT_ACCESS_ROLE_ID = "default-access";

export async function listRoles(appId: string): Promise<AppRoleView[]> {
  const t = templateOf(await getAppOrThrow(appId));
  return t.roles.map((r) => ({ id: r.id, displayName: r.displayName, description: r.description, validForProvisioning: r.validForProvisioning }));
}

type Row = AppAssignment & { user: Pick<DirectoryUser, "displayName" | "userPrincipalName"> | null; group: Pick<DirectoryGroup, "displayName" | "mailNickname"> | null };

function toView(a: Row, roles: AppRoleView[]): AssignmentView {
  const role = roles.find((r) => r.id === a.roleId);
  const isUser = a.principalType === "user";
  return {
    id: a.id,
    appId: a.appId,
    principalType: isUser ? "user" : "group",
    principalId: (isUser ? a.userId : a.groupId) ?? "",
    principalDisplayName: (isUser ? (a.user?.displayName || a.user?.userPrincipalName) : a.group?.displayName) ?? "(deleted)",
    principalDetail: (isUser ? a.user?.userPrincipalName : a.group?.mailNickname) ?? null,
    roleId: a.roleId,
    roleDisplayName: role?.displayName ?? a.roleId,
    roleValidForProvisioning: role?.validForProvisioning ?? false,
    createdAt: a.createdAt.toISOString(),
  };
}

const include = { user: { select: { displayName: true, userPrincipalName: true } }, group: { select: { displayName: true, mailNickname: true } } } as const;

/** Oldest first, keyset-paged by (createdAt, id). */
export async function listAssignments(appId: string, query: { limit?: number; cursor?: string | null } = {}): Promise<{ items: AssignmentView[]; nextCursor: string | null }> {
  const roles = await listRoles(appId);
  const limit = query.limit ?? 100;
  const after = decodeCursor(query.cursor ?? undefined);
  const afterWhere: Prisma.AppAssignmentWhereInput =
    after && typeof after[0] === "string" && typeof after[1] === "string"
      ? { OR: [{ createdAt: { gt: new Date(after[0]) } }, { createdAt: new Date(after[0]), id: { gt: after[1] } }] }
      : {};
  const rows = await db.appAssignment.findMany({ where: { appId, ...afterWhere }, include, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit + 1 });
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map((r) => toView(r, roles)), nextCursor: hasMore && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}

export async function addAssignment(actor: Actor, appId: string, input: z.input<typeof createAssignmentSchema>, opts: { ip?: string } = {}): Promise<AssignmentView> {
  const v = parseInput(createAssignmentSchema, input);
  const app = await getAppOrThrow(appId);
  const t = templateOf(app);
  const roleId = v.roleId ?? DEFAULT_ACCESS_ROLE_ID;
  const role = t.roles.find((r) => r.id === roleId);
  const valid = t.roles.filter((r) => r.validForProvisioning);
  if (!role) {
    const roles = t.roles.map((r) => `${r.displayName} (${r.id})`).join(", ");
    throw localized(new AppError("validation_failed", `roleId: "${roleId}" is not a role of ${t.name}. Choose one of: ${roles}.`, [{ path: "roleId", message: "unknown role" }]), "roleUnknown", { roleId, template: t.name, roles });
  }
  if (!isRoleValidForProvisioning(t, roleId)) {
    // The tutorial: "When assigning a user to GoToMeeting, you must select a valid user role. The Default Access role does not work for provisioning."
    throw localized(new AppError(
      "unprocessable",
      `The role "${role.displayName}" is not valid for provisioning in ${t.name}. When you assign users to ${t.name}, you must select a valid user role: ${valid.map((r) => r.displayName).join(", ")}.`,
      [{ path: "roleId", message: "not valid for provisioning" }],
    ), "roleNotForProvisioning", { role: role.displayName, template: t.name, valid: valid.map((r) => r.displayName).join(", ") });
  }
  const principal =
    v.principalType === "user"
      ? await db.directoryUser.findUnique({ where: { id: v.principalId }, select: { id: true, userPrincipalName: true, displayName: true } })
      : await db.directoryGroup.findUnique({ where: { id: v.principalId }, select: { id: true, displayName: true } });
  if (!principal) throw notFound(v.principalType === "user" ? "The user" : "The group");
  const name = "userPrincipalName" in principal ? principal.userPrincipalName : principal.displayName;

  let created: Row;
  try {
    created = await db.$transaction(async (tx) => {
      const row = await tx.appAssignment.create({
        data: { appId, principalType: v.principalType, roleId, ...(v.principalType === "user" ? { userId: v.principalId } : { groupId: v.principalId }) },
        include,
      });
      await recordAssignmentChange(tx, v.principalType, v.principalId);
      await writeAudit(actor, { action: "app.assignment.add", targetType: "app", targetId: appId, targetName: app.displayName, after: { principalType: v.principalType, principalId: v.principalId, principal: name, roleId } }, tx, opts.ip);
      return row;
    });
  } catch (e) {
    if ((e as { code?: string })?.code === "P2002") {
      throw localized(new AppError("conflict", `${name} is already assigned to ${app.displayName}. Remove that assignment first to give another role.`, [{ path: "principalId", message: "already assigned" }]), "alreadyAssigned", { name, app: app.displayName });
    }
    throw e;
  }
  await directoryChanged({ objectType: "assignment", appId, ids: [v.principalId] });
  return toView(created, await listRoles(appId));
}

/**
 * An assignment changes who is in scope, so it goes into the directory's change feed:
 * the user (or the group and all its members) is re-evaluated by the next incremental
 * cycle, durably, even if the real-time push is lost.
 */
async function recordAssignmentChange(tx: Tx, principalType: "user" | "group", principalId: string) {
  if (principalType === "user") return recordChanges(tx, { users: [principalId] });
  const members = await tx.groupMember.findMany({ where: { groupId: principalId }, select: { userId: true } });
  await recordChanges(tx, { groups: [principalId], users: members.map((m) => m.userId) });
}

export async function removeAssignment(actor: Actor, appId: string, assignmentId: string, opts: { ip?: string } = {}): Promise<void> {
  const app = await getAppOrThrow(appId);
  const removed = await db.$transaction(async (tx) => {
    const row = await tx.appAssignment.findFirst({ where: { id: assignmentId, appId }, include });
    if (!row) throw notFound("The assignment");
    await tx.appAssignment.delete({ where: { id: row.id } });
    await recordAssignmentChange(tx, row.principalType as "user" | "group", (row.userId ?? row.groupId)!);
    await writeAudit(actor, {
      action: "app.assignment.remove", targetType: "app", targetId: appId, targetName: app.displayName,
      before: { principalType: row.principalType, principalId: row.userId ?? row.groupId, principal: row.user?.userPrincipalName ?? row.group?.displayName ?? null, roleId: row.roleId },
    }, tx, opts.ip);
    return row;
  });
  await directoryChanged({ objectType: "assignment", appId, ids: [removed.userId ?? removed.groupId ?? ""].filter(Boolean) });
}

// ───── for the sync engine ─────

export type RoleAssignment = { assignmentId: string; roleId: string; via: "direct" | "group"; groupId: string | null };

/** Every assignment that puts the user in the app: direct, or through a group they are a member of. */
export async function appRoleAssignmentsFor(appId: string, userId: string): Promise<RoleAssignment[]> {
  const rows = await db.appAssignment.findMany({
    where: { appId, OR: [{ userId }, { group: { members: { some: { userId } } } }] },
    select: { id: true, roleId: true, userId: true, groupId: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ assignmentId: r.id, roleId: r.roleId, via: r.userId ? "direct" : "group", groupId: r.groupId }));
}

/** Is the user assigned (directly or via a group), and with which roles. */
export async function isUserAssigned(appId: string, userId: string): Promise<{ assigned: boolean; roleIds: string[] }> {
  const a = await appRoleAssignmentsFor(appId, userId);
  return { assigned: a.length > 0, roleIds: [...new Set(a.map((x) => x.roleId))] };
}

/**
 * A SQL fragment selecting the ids (column "userId") of every user assigned to the app, directly
 * or through a group: embed it as `WHERE u.id IN (${assignedUserIdsQuery(appId)})`.
 */
export function assignedUserIdsQuery(appId: string): Prisma.Sql {
  return Prisma.sql`SELECT a."userId" FROM app_assignment a WHERE a."appId" = ${appId} AND a."userId" IS NOT NULL
    UNION SELECT gm."userId" FROM app_assignment a JOIN group_member gm ON gm."groupId" = a."groupId" WHERE a."appId" = ${appId}`;
}

/** Assigned user ids in id order, a page at a time (for full cycles in scope "assigned"). */
export async function iterateAssignedUserIds(appId: string, { afterId, limit }: { afterId?: string | null; limit: number }): Promise<{ userIds: string[]; nextAfterId: string | null }> {
  const rows = await db.$queryRaw<Array<{ userId: string }>>`
    SELECT x."userId" FROM (${assignedUserIdsQuery(appId)}) x WHERE x."userId" > ${afterId ?? ""} ORDER BY x."userId" LIMIT ${limit}`;
  const userIds = rows.map((r) => r.userId);
  return { userIds, nextAfterId: userIds.length === limit ? userIds[userIds.length - 1]! : null };
}

/** Ids of the groups assigned to the app. */
export async function assignedGroupIds(appId: string): Promise<string[]> {
  const rows = await db.appAssignment.findMany({ where: { appId, groupId: { not: null } }, select: { groupId: true } });
  return rows.map((r) => r.groupId!).filter(Boolean);
}
