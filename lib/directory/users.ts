// Directory users: create, update, delete, read, list, iterate.
// Every write is one transaction that also writes the audit entry and advances
// the change feed (recordChanges, last), then notifies the sync engine.
import type { z } from "zod";
import type { Actor } from "../auth/roles";
import { db, Prisma, type Tx } from "../db";
import type { DirectoryUser } from "../db/generated/client";
import { AppError, localized, notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import { directoryTx, recordChanges } from "./change-feed";
import { directoryChanged } from "./events";
import { userCreateSchema, userUpdateSchema, type UserCreate, type UserSort, type UserUpdate, type UserView } from "./schemas";
import { parseInput } from "./validate";

export function toUserView(u: DirectoryUser): UserView {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    givenName: u.givenName,
    surname: u.surname,
    mail: u.mail,
    mailNickname: u.mailNickname,
    jobTitle: u.jobTitle,
    department: u.department,
    employeeId: u.employeeId,
    accountEnabled: u.accountEnabled,
    managerId: u.managerId,
    extensionAttributes: (u.extensionAttributes && typeof u.extensionAttributes === "object" && !Array.isArray(u.extensionAttributes) ? u.extensionAttributes : {}) as Record<string, string>,
    externalId: u.externalId,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** Audit snapshot: the fields an admin set (no timestamps). */
const snapshot = (v: UserView) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = v;
  return rest;
};

export const upnKeyOf = (upn: string) => upn.trim().toLowerCase();

const duplicateUpn = (upn: string) => localized(new AppError("conflict", `A user with the userPrincipalName ${upn} already exists.`, [{ path: "userPrincipalName", message: "already in use" }]), "duplicateUpn", { upn });

async function assertManager(tx: Tx, managerId: string | null | undefined, selfId?: string) {
  if (managerId == null) return;
  if (managerId === selfId) throw localized(new AppError("validation_failed", "managerId: a user cannot be their own manager", [{ path: "managerId", message: "a user cannot be their own manager" }]), "managerSelf");
  const m = await tx.directoryUser.findUnique({ where: { id: managerId }, select: { id: true } });
  if (!m) throw localized(new AppError("validation_failed", "managerId: no user with this id", [{ path: "managerId", message: "no user with this id" }]), "managerUnknown");
}

function isUniqueViolation(e: unknown) {
  return e instanceof Prisma.PrismaClientKnownRequestError ? e.code === "P2002" : (e as { code?: string })?.code === "P2002";
}

export type WriteOpts = { externalId?: string | null; ip?: string };

export async function createUser(actor: Actor, input: z.input<typeof userCreateSchema> | UserCreate, opts: WriteOpts = {}): Promise<UserView> {
  const v = parseInput(userCreateSchema, input);
  const view = await directoryTx(async (tx) => {
      const upnKey = upnKeyOf(v.userPrincipalName);
      if (await tx.directoryUser.findUnique({ where: { upnKey }, select: { id: true } })) throw duplicateUpn(v.userPrincipalName);
      await assertManager(tx, v.managerId);
      const created = await tx.directoryUser.create({
        data: {
          userPrincipalName: v.userPrincipalName, upnKey, displayName: v.displayName ?? null, givenName: v.givenName ?? null, surname: v.surname ?? null,
          mail: v.mail ?? null, mailNickname: v.mailNickname ?? null, jobTitle: v.jobTitle ?? null, department: v.department ?? null,
          employeeId: v.employeeId ?? null, accountEnabled: v.accountEnabled, managerId: v.managerId ?? null,
          extensionAttributes: v.extensionAttributes ?? {}, externalId: opts.externalId ?? null,
        },
      });
      const view = toUserView(created);
      await writeAudit(actor, { action: "user.create", targetType: "user", targetId: created.id, targetName: created.userPrincipalName, after: snapshot(view) }, tx, opts.ip);
      await recordChanges(tx, { users: [created.id] });
      return view;
    })
    .catch((e) => {
      // Two concurrent creates of one UPN: the unique index decides, the loser gets the same 409.
      if (isUniqueViolation(e)) throw duplicateUpn(v.userPrincipalName);
      throw e;
    });
  await directoryChanged({ objectType: "user", ids: [view.id] });
  return view;
}

export type UpdateOpts = WriteOpts & {
  /** SCIM PUT semantics: the given extensionAttributes replace the whole map (default: merge, "" removes a key). */
  replaceExtensionAttributes?: boolean;
};

export async function updateUser(actor: Actor, id: string, patch: z.input<typeof userUpdateSchema> | UserUpdate, opts: UpdateOpts = {}): Promise<UserView> {
  const p = parseInput(userUpdateSchema, patch);
  const result = await directoryTx(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM directory_user WHERE id = ${id} FOR NO KEY UPDATE`;
      if (rows.length === 0) throw notFound("The user");
      const before = (await tx.directoryUser.findUnique({ where: { id } }))!;
      const data: Prisma.DirectoryUserUpdateInput = {};
      const set = <K extends keyof DirectoryUser>(k: K, val: DirectoryUser[K] | undefined) => {
        if (val !== undefined && val !== before[k]) (data as Record<string, unknown>)[k] = val;
      };
      if (p.userPrincipalName !== undefined && p.userPrincipalName !== before.userPrincipalName) {
        const upnKey = upnKeyOf(p.userPrincipalName);
        if (upnKey !== before.upnKey && (await tx.directoryUser.findUnique({ where: { upnKey }, select: { id: true } }))) throw duplicateUpn(p.userPrincipalName);
        data.userPrincipalName = p.userPrincipalName;
        data.upnKey = upnKey;
      }
      set("displayName", p.displayName);
      set("givenName", p.givenName);
      set("surname", p.surname);
      set("mail", p.mail);
      set("mailNickname", p.mailNickname);
      set("jobTitle", p.jobTitle);
      set("department", p.department);
      set("employeeId", p.employeeId);
      set("accountEnabled", p.accountEnabled);
      if (p.managerId !== undefined && p.managerId !== before.managerId) {
        await assertManager(tx, p.managerId, id);
        data.manager = p.managerId === null ? { disconnect: true } : { connect: { id: p.managerId } };
      }
      if (opts.externalId !== undefined && opts.externalId !== before.externalId) data.externalId = opts.externalId;
      if (p.extensionAttributes !== undefined) {
        const current = toUserView(before).extensionAttributes;
        const next: Record<string, string> = opts.replaceExtensionAttributes ? {} : { ...current };
        for (const [k, val] of Object.entries(p.extensionAttributes)) {
          if (val === "") delete next[k];
          else next[k] = val;
        }
        if (JSON.stringify(sortKeys(next)) !== JSON.stringify(sortKeys(current))) data.extensionAttributes = next;
      }
      // Nothing changed: no write, no audit entry, no change-feed entry (a sync would have nothing to do).
      if (Object.keys(data).length === 0) return { view: toUserView(before), changed: false };
      const after = await tx.directoryUser.update({ where: { id }, data });
      const beforeView = toUserView(before);
      const afterView = toUserView(after);
      const changedKeys = Object.keys(data).filter((k) => k !== "upnKey").map((k) => (k === "manager" ? "managerId" : k));
      const pick = (v: UserView) => Object.fromEntries(changedKeys.map((k) => [k, (v as Record<string, unknown>)[k]]));
      const action = data.accountEnabled === false && changedKeys.length === 1 ? "user.disable" : data.accountEnabled === true && changedKeys.length === 1 ? "user.enable" : "user.update";
      await writeAudit(actor, { action, targetType: "user", targetId: id, targetName: after.userPrincipalName, before: pick(beforeView), after: pick(afterView) }, tx, opts.ip);
      await recordChanges(tx, { users: [id] });
      return { view: toUserView((await tx.directoryUser.findUnique({ where: { id } }))!), changed: true };
    })
    .catch((e) => {
      if (isUniqueViolation(e)) throw duplicateUpn(p.userPrincipalName ?? "");
      throw e;
    });
  if (result.changed) await directoryChanged({ objectType: "user", ids: [id] });
  return result.view;
}

function sortKeys(o: Record<string, string>) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Hard delete + tombstone. Groups that lose the member and direct reports that lose their manager are changes too. */
export async function deleteUser(actor: Actor, id: string, opts: WriteOpts = {}): Promise<void> {
  await deleteUsers(actor, [id], opts, true);
}

/** Deletes many users in one transaction; returns the ids that existed. */
export async function deleteUsers(actor: Actor, ids: string[], opts: WriteOpts = {}, throwIfMissing = false): Promise<string[]> {
  const unique = [...new Set(ids)];
  const deleted = await directoryTx(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; userPrincipalName: string }[]>`
      SELECT id, "userPrincipalName" FROM directory_user WHERE id = ANY(${unique}::text[]) ORDER BY id FOR UPDATE`;
    if (rows.length === 0 && throwIfMissing) throw notFound("The user");
    if (rows.length === 0) return [];
    const found = rows.map((r) => r.id);
    const groups = await tx.$queryRaw<{ groupId: string }[]>`SELECT DISTINCT "groupId" FROM group_member WHERE "userId" = ANY(${found}::text[])`;
    const reports = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM directory_user WHERE "managerId" = ANY(${found}::text[]) AND NOT (id = ANY(${found}::text[]))`;
    await tx.$executeRaw`DELETE FROM directory_user WHERE id = ANY(${found}::text[])`;
    for (const r of rows) {
      await writeAudit(actor, { action: "user.delete", targetType: "user", targetId: r.id, targetName: r.userPrincipalName }, tx, opts.ip);
    }
    await recordChanges(tx, {
      users: reports.map((r) => r.id),
      groups: groups.map((g) => g.groupId),
      deleted: rows.map((r) => ({ objectType: "user" as const, id: r.id, identity: r.userPrincipalName })),
    });
    return found;
  });
  if (deleted.length) await directoryChanged({ objectType: "user", ids: deleted });
  return deleted;
}

/** Sets accountEnabled on many users (bulk disable/enable); returns the ids that changed. */
export async function setUsersEnabled(actor: Actor, ids: string[], enabled: boolean, opts: WriteOpts = {}): Promise<string[]> {
  const unique = [...new Set(ids)];
  const changed = await directoryTx(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; userPrincipalName: string }[]>`
      UPDATE directory_user SET "accountEnabled" = ${enabled}, "updatedAt" = now()
       WHERE id IN (SELECT id FROM directory_user WHERE id = ANY(${unique}::text[]) AND "accountEnabled" <> ${enabled} ORDER BY id FOR NO KEY UPDATE)
       RETURNING id, "userPrincipalName"`;
    for (const r of rows) {
      await writeAudit(actor, { action: enabled ? "user.enable" : "user.disable", targetType: "user", targetId: r.id, targetName: r.userPrincipalName, before: { accountEnabled: !enabled }, after: { accountEnabled: enabled } }, tx, opts.ip);
    }
    await recordChanges(tx, { users: rows.map((r) => r.id) });
    return rows.map((r) => r.id);
  });
  if (changed.length) await directoryChanged({ objectType: "user", ids: changed });
  return changed;
}

export async function getUser(id: string): Promise<UserView | null> {
  const u = await db.directoryUser.findUnique({ where: { id } });
  return u ? toUserView(u) : null;
}

export async function getUserOrThrow(id: string): Promise<UserView> {
  const u = await getUser(id);
  if (!u) throw notFound("The user");
  return u;
}

/** Case-insensitive (UPNs are unique regardless of case). */
export async function findUserByUpn(upn: string): Promise<UserView | null> {
  const u = await db.directoryUser.findUnique({ where: { upnKey: upnKeyOf(upn) } });
  return u ? toUserView(u) : null;
}

export async function findUserByExternalId(externalId: string): Promise<UserView | null> {
  const u = await db.directoryUser.findFirst({ where: { externalId }, orderBy: { id: "asc" } });
  return u ? toUserView(u) : null;
}

export async function getUsersByIds(ids: string[]): Promise<UserView[]> {
  if (ids.length === 0) return [];
  const rows = await db.directoryUser.findMany({ where: { id: { in: [...new Set(ids)] } } });
  return rows.map(toUserView);
}

/** Stable full scan for syncs: every user ordered by id, full records. */
export async function iterateUsers({ afterId, limit }: { afterId?: string | null; limit: number }): Promise<{ items: UserView[]; nextAfterId: string | null }> {
  const rows = await db.directoryUser.findMany({ where: afterId ? { id: { gt: afterId } } : {}, orderBy: { id: "asc" }, take: limit });
  const items = rows.map(toUserView);
  return { items, nextAfterId: items.length === limit ? items[items.length - 1]!.id : null };
}

export async function countUsers(): Promise<number> {
  return db.directoryUser.count();
}

export type ListUsersQuery = { q?: string; sort?: UserSort; dir?: "asc" | "desc"; limit: number; cursor?: string | null; enabled?: boolean };

/** Escapes LIKE wildcards so a search for "a_b" means the characters. */
export { likePrefix } from "../db/like";
import { likePrefix } from "../db/like";

/**
 * Keyset-paged list. Search is a case-insensitive prefix match ("starts with",
 * like Entra) on displayName, givenName, surname, userPrincipalName and mail,
 * each backed by a lower(x) text_pattern_ops index; the sort key + id is the
 * cursor, backed by an index per sort, so a deep page costs what the first does.
 */
export async function listUsers(query: ListUsersQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
  const sort = query.sort ?? "displayName";
  const dir = query.dir ?? "asc";
  const keyExpr = sort === "displayName" ? Prisma.sql`coalesce("displayName", '')` : sort === "userPrincipalName" ? Prisma.sql`"upnKey"` : Prisma.sql`"createdAt"`;
  const conds: Prisma.Sql[] = [];
  const q = query.q?.trim();
  if (q) {
    const p = likePrefix(q);
    conds.push(Prisma.sql`(lower("displayName") LIKE ${p} OR lower("givenName") LIKE ${p} OR lower("surname") LIKE ${p} OR lower("userPrincipalName") LIKE ${p} OR lower("mail") LIKE ${p})`);
  }
  if (query.enabled !== undefined) conds.push(Prisma.sql`"accountEnabled" = ${query.enabled}`);
  const cur = decodeUserCursor(query.cursor, sort);
  if (cur) {
    const keyVal = sort === "createdAt" ? Prisma.sql`${new Date(cur.key)}::timestamp` : Prisma.sql`${cur.key}`;
    conds.push(dir === "asc" ? Prisma.sql`(${keyExpr}, id) > (${keyVal}, ${cur.id})` : Prisma.sql`(${keyExpr}, id) < (${keyVal}, ${cur.id})`);
  }
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
  const order = dir === "asc" ? Prisma.sql`ORDER BY ${keyExpr} ASC, id ASC` : Prisma.sql`ORDER BY ${keyExpr} DESC, id DESC`;
  // With a search, the planner tends to walk the sort index and filter, which is slow when the matches
  // sort late. A materialized CTE makes it collect the matches through the prefix indexes (BitmapOr)
  // and sort only those: cost follows the number of matches, not the directory size.
  const rows = q
    ? await db.$queryRaw<DirectoryUser[]>`
        WITH m AS MATERIALIZED (SELECT id, ${keyExpr} AS k FROM directory_user ${where})
        SELECT u.* FROM m JOIN directory_user u ON u.id = m.id
        ${dir === "asc" ? Prisma.sql`ORDER BY m.k ASC, m.id ASC` : Prisma.sql`ORDER BY m.k DESC, m.id DESC`} LIMIT ${query.limit + 1}`
    : await db.$queryRaw<DirectoryUser[]>`SELECT * FROM directory_user ${where} ${order} LIMIT ${query.limit + 1}`;
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const items = pageRows.map(toUserView);
  const last = pageRows[pageRows.length - 1];
  const keyOf = (u: DirectoryUser) => (sort === "displayName" ? (u.displayName ?? "") : sort === "userPrincipalName" ? u.upnKey : u.createdAt.toISOString());
  return { items, nextCursor: hasMore && last ? Buffer.from(JSON.stringify([sort, keyOf(last), last.id])).toString("base64url") : null };
}

function decodeUserCursor(cursor: string | null | undefined, sort: UserSort): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 3 && v[0] === sort && typeof v[1] === "string" && typeof v[2] === "string") return { key: v[1], id: v[2] };
  } catch {
    /* fall through */
  }
  throw localized(new AppError("validation_failed", "cursor is not valid for this sort; use the nextCursor of a previous page.", [{ path: "cursor", message: "invalid cursor" }]), "cursorSort");
}

/** The groups a user is a direct member of (user page). */
export async function listUserGroups(userId: string): Promise<{ id: string; displayName: string }[]> {
  return db.$queryRaw<{ id: string; displayName: string }[]>`
    SELECT g.id, g."displayName" FROM group_member m JOIN directory_group g ON g.id = m."groupId"
     WHERE m."userId" = ${userId} ORDER BY g."displayName", g.id LIMIT 1000`;
}
