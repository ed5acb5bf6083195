// Directory groups and memberships. A membership change is a change of the
// group AND of the user (a user's scope can depend on group assignments), so
// both get a new change-feed seq.
import type { z } from "zod";
import type { Actor } from "../auth/roles";
import { db, Prisma } from "../db";
import type { DirectoryGroup } from "../db/generated/client";
import { AppError, localized, notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import { directoryTx, recordChanges } from "./change-feed";
import { directoryChanged } from "./events";
import { groupCreateSchema, groupUpdateSchema, type GroupCreate, type GroupUpdate, type GroupView, type MemberView } from "./schemas";
import { likePrefix, type WriteOpts } from "./users";
import { parseInput } from "./validate";

export function toGroupView(g: DirectoryGroup, memberCount?: number): GroupView {
  return {
    id: g.id, displayName: g.displayName, mailNickname: g.mailNickname, description: g.description, externalId: g.externalId,
    ...(memberCount !== undefined ? { memberCount } : {}),
    createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString(),
  };
}

export async function createGroup(actor: Actor, input: z.input<typeof groupCreateSchema> | GroupCreate, opts: WriteOpts = {}): Promise<GroupView> {
  const v = parseInput(groupCreateSchema, input);
  const view = await directoryTx(async (tx) => {
    const g = await tx.directoryGroup.create({
      data: { displayName: v.displayName, mailNickname: v.mailNickname ?? null, description: v.description ?? null, externalId: opts.externalId ?? null },
    });
    await writeAudit(actor, { action: "group.create", targetType: "group", targetId: g.id, targetName: g.displayName, after: { displayName: g.displayName, mailNickname: g.mailNickname, description: g.description } }, tx, opts.ip);
    await recordChanges(tx, { groups: [g.id] });
    return toGroupView(g, 0);
  });
  await directoryChanged({ objectType: "group", ids: [view.id] });
  return view;
}

export async function updateGroup(actor: Actor, id: string, patch: z.input<typeof groupUpdateSchema> | GroupUpdate, opts: WriteOpts = {}): Promise<GroupView> {
  const p = parseInput(groupUpdateSchema, patch);
  const r = await directoryTx(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM directory_group WHERE id = ${id} FOR NO KEY UPDATE`;
    if (locked.length === 0) throw notFound("The group");
    const before = (await tx.directoryGroup.findUnique({ where: { id } }))!;
    const data: Record<string, string | null> = {};
    for (const k of ["displayName", "mailNickname", "description"] as const) {
      const val = p[k];
      if (val !== undefined && val !== before[k]) data[k] = val;
    }
    if (opts.externalId !== undefined && opts.externalId !== before.externalId) data.externalId = opts.externalId;
    if (Object.keys(data).length === 0) return { view: toGroupView(before), changed: false };
    await tx.directoryGroup.update({ where: { id }, data });
    const pick = (g: Record<string, unknown>) => Object.fromEntries(Object.keys(data).map((k) => [k, g[k] ?? null]));
    await writeAudit(actor, { action: "group.update", targetType: "group", targetId: id, targetName: (data.displayName as string | undefined) ?? before.displayName, before: pick(before), after: data }, tx, opts.ip);
    await recordChanges(tx, { groups: [id] });
    return { view: toGroupView((await tx.directoryGroup.findUnique({ where: { id } }))!), changed: true };
  });
  if (r.changed) await directoryChanged({ objectType: "group", ids: [id] });
  return r.view;
}

/** Hard delete + tombstone; former members are changed too (their group-derived scope may change). */
export async function deleteGroup(actor: Actor, id: string, opts: WriteOpts = {}): Promise<void> {
  const members = await directoryTx(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; displayName: string }[]>`SELECT id, "displayName" FROM directory_group WHERE id = ${id} FOR UPDATE`;
    const g = rows[0];
    if (!g) throw notFound("The group");
    const members = (await tx.$queryRaw<{ userId: string }[]>`SELECT "userId" FROM group_member WHERE "groupId" = ${id}`).map((m) => m.userId);
    await tx.$executeRaw`DELETE FROM directory_group WHERE id = ${id}`;
    await writeAudit(actor, { action: "group.delete", targetType: "group", targetId: id, targetName: g.displayName, before: { displayName: g.displayName, memberCount: members.length } }, tx, opts.ip);
    await recordChanges(tx, { users: members, deleted: [{ objectType: "group", id, identity: g.displayName }] });
    return members;
  });
  await directoryChanged({ objectType: "group", ids: [id] });
  if (members.length) await directoryChanged({ objectType: "user", ids: members });
}

export async function getGroup(id: string): Promise<GroupView | null> {
  const g = await db.directoryGroup.findUnique({ where: { id } });
  if (!g) return null;
  return toGroupView(g, await db.groupMember.count({ where: { groupId: id } }));
}

export async function getGroupOrThrow(id: string): Promise<GroupView> {
  const g = await getGroup(id);
  if (!g) throw notFound("The group");
  return g;
}

export async function findGroupByExternalId(externalId: string): Promise<GroupView | null> {
  const g = await db.directoryGroup.findFirst({ where: { externalId }, orderBy: { id: "asc" } });
  return g ? toGroupView(g) : null;
}

/** Case-insensitive exact displayName match (SCIM `displayName eq`, duplicate checks). */
export async function getGroupsByIds(ids: string[]): Promise<GroupView[]> {
  if (ids.length === 0) return [];
  return (await db.directoryGroup.findMany({ where: { id: { in: [...new Set(ids)] } } })).map((g) => toGroupView(g));
}

/** Stable full scan for syncs: every group ordered by id. */
export async function iterateGroups({ afterId, limit }: { afterId?: string | null; limit: number }): Promise<{ items: GroupView[]; nextAfterId: string | null }> {
  const rows = await db.directoryGroup.findMany({ where: afterId ? { id: { gt: afterId } } : {}, orderBy: { id: "asc" }, take: limit });
  const items = rows.map((g) => toGroupView(g));
  return { items, nextAfterId: items.length === limit ? items[items.length - 1]!.id : null };
}

/** Member ids of a group, ordered by user id (sync engine pages through big groups). */
export async function iterateMemberIds(groupId: string, { afterUserId, limit }: { afterUserId?: string | null; limit: number }): Promise<{ userIds: string[]; nextAfterUserId: string | null }> {
  const rows = await db.groupMember.findMany({
    where: { groupId, ...(afterUserId ? { userId: { gt: afterUserId } } : {}) }, orderBy: { userId: "asc" }, take: limit, select: { userId: true },
  });
  const userIds = rows.map((r) => r.userId);
  return { userIds, nextAfterUserId: userIds.length === limit ? userIds[userIds.length - 1]! : null };
}

export type ListGroupsQuery = { q?: string; limit: number; cursor?: string | null };

/** Keyset-paged by (displayName, id); search is a case-insensitive prefix match on displayName. */
export async function listGroups(query: ListGroupsQuery): Promise<{ items: GroupView[]; nextCursor: string | null }> {
  const conds: Prisma.Sql[] = [];
  const q = query.q?.trim();
  if (q) conds.push(Prisma.sql`lower(g."displayName") LIKE ${likePrefix(q)}`);
  const cur = decodeCursor(query.cursor);
  if (cur) conds.push(Prisma.sql`(g."displayName", g.id) > (${cur[0]}, ${cur[1]})`);
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
  const rows = await db.$queryRaw<(DirectoryGroup & { memberCount: number })[]>`
    SELECT g.*, (SELECT count(*)::int FROM group_member m WHERE m."groupId" = g.id) AS "memberCount"
      FROM directory_group g ${where} ORDER BY g."displayName", g.id LIMIT ${query.limit + 1}`;
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map((g) => toGroupView(g, g.memberCount)),
    nextCursor: hasMore && last ? encode([last.displayName, last.id]) : null,
  };
}

const encode = (v: string[]) => Buffer.from(JSON.stringify(v)).toString("base64url");
function decodeCursor(cursor: string | null | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw localized(new AppError("validation_failed", "cursor is not valid; use the nextCursor of a previous page.", [{ path: "cursor", message: "invalid cursor" }]), "cursorInvalid");
}

/** Members, keyset-paged by user id (stable under concurrent adds). */
export async function listMembers(groupId: string, { limit, cursor }: { limit: number; cursor?: string | null }): Promise<{ items: MemberView[]; nextCursor: string | null }> {
  if (!(await db.directoryGroup.findUnique({ where: { id: groupId }, select: { id: true } }))) throw notFound("The group");
  const after = cursor ? decodeCursor(cursor)?.[1] : undefined;
  const rows = await db.$queryRaw<MemberView[]>`
    SELECT u.id, u."userPrincipalName", u."displayName", u.mail, u."accountEnabled"
      FROM group_member m JOIN directory_user u ON u.id = m."userId"
     WHERE m."groupId" = ${groupId} ${after ? Prisma.sql`AND m."userId" > ${after}` : Prisma.empty}
     ORDER BY m."userId" LIMIT ${limit + 1}`;
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encode(["m", last.id]) : null };
}

async function assertUsersExist(ids: string[]) {
  const found = await db.directoryUser.findMany({ where: { id: { in: ids } }, select: { id: true } });
  if (found.length !== ids.length) {
    const have = new Set(found.map((f) => f.id));
    const missing = ids.filter((i) => !have.has(i));
    throw localized(
      new AppError("validation_failed", `userIds: no user with the id ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`, missing.slice(0, 20).map((m) => ({ path: "userIds", message: `no user with the id ${m}` }))),
      "usersMissing", { ids: missing.slice(0, 5).join(", "), more: Math.max(0, missing.length - 5) },
    );
  }
}

/** Adds users (idempotent: existing members are skipped). Returns the ids newly added. */
export async function addMembers(actor: Actor, groupId: string, userIds: string[], opts: WriteOpts = {}): Promise<{ added: string[] }> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return { added: [] };
  await assertUsersExist(ids);
  const added = await directoryTx(async (tx) => {
    const g = await tx.$queryRaw<{ displayName: string }[]>`SELECT "displayName" FROM directory_group WHERE id = ${groupId} FOR NO KEY UPDATE`;
    if (!g[0]) throw notFound("The group");
    // Users deleted since the check above simply do not join (the JOIN drops them).
    const rows = await tx.$queryRaw<{ userId: string }[]>`
      INSERT INTO group_member ("groupId", "userId", "createdAt")
      SELECT ${groupId}, u.id, now() FROM directory_user u WHERE u.id = ANY(${ids}::text[])
      ON CONFLICT DO NOTHING RETURNING "userId"`;
    const added = rows.map((r) => r.userId);
    if (added.length === 0) return added;
    await writeAudit(actor, { action: "group.members_add", targetType: "group", targetId: groupId, targetName: g[0].displayName, after: { added: added.length, userIds: added.slice(0, 100) } }, tx, opts.ip);
    await recordChanges(tx, { groups: [groupId], users: added });
    return added;
  });
  if (added.length) {
    await directoryChanged({ objectType: "group", ids: [groupId] });
    await directoryChanged({ objectType: "user", ids: added });
  }
  return { added };
}

/** Removes users from a group; returns the ids that were members. */
export async function removeMembers(actor: Actor, groupId: string, userIds: string[], opts: WriteOpts = {}): Promise<{ removed: string[] }> {
  const ids = [...new Set(userIds)];
  const removed = await directoryTx(async (tx) => {
    const g = await tx.$queryRaw<{ displayName: string }[]>`SELECT "displayName" FROM directory_group WHERE id = ${groupId} FOR NO KEY UPDATE`;
    if (!g[0]) throw notFound("The group");
    if (ids.length === 0) return [];
    const rows = await tx.$queryRaw<{ userId: string }[]>`
      DELETE FROM group_member WHERE "groupId" = ${groupId} AND "userId" = ANY(${ids}::text[]) RETURNING "userId"`;
    const removed = rows.map((r) => r.userId);
    if (removed.length === 0) return removed;
    await writeAudit(actor, { action: "group.members_remove", targetType: "group", targetId: groupId, targetName: g[0].displayName, before: { removed: removed.length, userIds: removed.slice(0, 100) } }, tx, opts.ip);
    await recordChanges(tx, { groups: [groupId], users: removed });
    return removed;
  });
  if (removed.length) {
    await directoryChanged({ objectType: "group", ids: [groupId] });
    await directoryChanged({ objectType: "user", ids: removed });
  }
  return { removed };
}

/** 404 when the user is not a member (REST DELETE /groups/{id}/members/{userId}). */
export async function removeMember(actor: Actor, groupId: string, userId: string, opts: WriteOpts = {}): Promise<void> {
  const { removed } = await removeMembers(actor, groupId, [userId], opts);
  if (removed.length === 0) throw notFound("The membership");
}

/** Makes the member list exactly `userIds` (SCIM PUT); only the difference is written and fed. */
export async function replaceMembers(actor: Actor, groupId: string, userIds: string[], opts: WriteOpts = {}): Promise<{ added: string[]; removed: string[] }> {
  const want = [...new Set(userIds)];
  if (want.length) await assertUsersExist(want);
  const r = await directoryTx(async (tx) => {
    const g = await tx.$queryRaw<{ displayName: string }[]>`SELECT "displayName" FROM directory_group WHERE id = ${groupId} FOR NO KEY UPDATE`;
    if (!g[0]) throw notFound("The group");
    const removed = (await tx.$queryRaw<{ userId: string }[]>`
      DELETE FROM group_member WHERE "groupId" = ${groupId} AND NOT ("userId" = ANY(${want}::text[])) RETURNING "userId"`).map((x) => x.userId);
    const added = want.length
      ? (await tx.$queryRaw<{ userId: string }[]>`
          INSERT INTO group_member ("groupId", "userId", "createdAt")
          SELECT ${groupId}, u.id, now() FROM directory_user u WHERE u.id = ANY(${want}::text[])
          ON CONFLICT DO NOTHING RETURNING "userId"`).map((x) => x.userId)
      : [];
    if (added.length + removed.length === 0) return { added, removed };
    await writeAudit(actor, { action: "group.members_replace", targetType: "group", targetId: groupId, targetName: g[0].displayName, after: { added: added.length, removed: removed.length } }, tx, opts.ip);
    await recordChanges(tx, { groups: [groupId], users: [...added, ...removed] });
    return { added, removed };
  });
  if (r.added.length + r.removed.length) {
    await directoryChanged({ objectType: "group", ids: [groupId] });
    await directoryChanged({ objectType: "user", ids: [...r.added, ...r.removed] });
  }
  return r;
}

export async function isMember(groupId: string, userId: string): Promise<boolean> {
  return !!(await db.groupMember.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { userId: true } }));
}

/** Which of these users are direct members of the group (for provision on demand's choice). */
export async function memberIdsAmong(groupId: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.groupMember.findMany({ where: { groupId, userId: { in: userIds } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

export async function countMembers(groupId: string): Promise<number> {
  return db.groupMember.count({ where: { groupId } });
}
