// /scim/v2/Groups. Membership changes go through addMembers/removeMembers/
// replaceMembers, so a PATCH that adds one member to a 100,000-member group
// writes one row, never the whole list. Everything is validated (member ids
// exist, displayName unique) before the first write.
import { db } from "../db";
import { createGroup, deleteGroup, getGroup, toGroupView, updateGroup, addMembers, removeMembers, replaceMembers, iterateMemberIds } from "../directory/groups";
import type { GroupView } from "../directory/schemas";
import { AppError } from "../errors";
import { project, readProjection, wants, type Projection } from "./attributes";
import { invalidPath, invalidValue, mutability, noTarget, scimNotFound, uniqueness } from "./errors";
import { evaluateFilter, parseFilter, parsePatchPath, type Filter, type Json } from "./filter";
import { fromScimGroup, memberIds, toScimGroup } from "./group-resource";
import { fromAppError, type ScimRequest, type ScimResult } from "./http";
import { listResponse, readPage } from "./paging";
import { readPatchBody } from "./patch";
import { escapeLike, groupWhere } from "./query";
import { GROUP_SCHEMA } from "./schemas";
import { etagOf } from "./user-resource";
import { methodNotAllowed } from "./user-endpoints";
import { isObj, str } from "./values";

async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) throw fromAppError(e);
    throw e;
  }
}

async function membersOf(groupIds: string[]): Promise<Map<string, { id: string; displayName: string | null }[]>> {
  const out = new Map<string, { id: string; displayName: string | null }[]>(groupIds.map((g) => [g, []]));
  if (groupIds.length === 0) return out;
  const rows = await db.groupMember.findMany({
    where: { groupId: { in: groupIds } }, orderBy: [{ groupId: "asc" }, { userId: "asc" }],
    select: { groupId: true, userId: true, user: { select: { displayName: true } } },
  });
  for (const r of rows) out.get(r.groupId)?.push({ id: r.userId, displayName: r.user.displayName });
  return out;
}

async function render(r: ScimRequest, groups: GroupView[], projection: Projection): Promise<Json[]> {
  // members are loaded only when the response includes them (excludedAttributes=members skips the query)
  const members = wants(projection, "members", GROUP_SCHEMA) ? await membersOf(groups.map((g) => g.id)) : null;
  return groups.map((g) => project(toScimGroup(g, r.base, members?.get(g.id)), projection, GROUP_SCHEMA));
}

async function one(r: ScimRequest, g: GroupView, status = 200): Promise<ScimResult> {
  const [body] = await render(r, [g], readProjection(r.query));
  return { status, body, headers: { etag: etagOf(g.updatedAt), ...(status === 201 ? { location: `${r.base}/Groups/${g.id}` } : {}) } };
}

async function getOr404(id: string): Promise<GroupView> {
  const g = await getGroup(id);
  if (!g) throw scimNotFound(`No Group with the id ${id}.`);
  return g;
}

async function assertUsersExist(ids: string[]) {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = new Set((await db.directoryUser.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((u) => u.id));
  const missing = unique.filter((i) => !found.has(i));
  if (missing.length) throw invalidValue(`members: no User with the id ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}.`);
}

async function assertNameFree(displayName: string, exceptId?: string) {
  // Microsoft's SCIM validator expects 409 for a second group with the same displayName (compared case-insensitively)
  const same = await db.directoryGroup.findFirst({
    where: { displayName: { equals: escapeLike(displayName), mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true },
  });
  if (same) throw uniqueness(`A group with the displayName "${displayName}" already exists.`);
}

async function list(r: ScimRequest): Promise<ScimResult> {
  const page = readPage(r.query);
  const projection = readProjection(r.query);
  const f = r.query.get("filter");
  const where = f ? groupWhere(parseFilter(f)) : {};
  const [total, rows] = await Promise.all([
    db.directoryGroup.count({ where }),
    page.count === 0 ? Promise.resolve([]) : db.directoryGroup.findMany({ where, orderBy: { id: "asc" }, skip: page.startIndex - 1, take: page.count }),
  ]);
  return { status: 200, body: listResponse(await render(r, rows.map((g) => toGroupView(g)), projection), total, page) };
}

type MemberOp = { kind: "add" | "remove" | "replace"; ids: string[] } | { kind: "removeAll" };

/** Ids named by a members[...] filter: `value eq "id"` (or an or-list of those) directly, anything else by scanning the members. */
async function idsMatching(groupId: string, f: Filter): Promise<string[]> {
  const direct = (x: Filter): string[] | null => {
    if (x.op === "eq" && x.path.attr.toLowerCase() === "value" && !x.path.sub && typeof x.value === "string") return [x.value];
    if (x.op === "or") { const l = direct(x.left), r = direct(x.right); return l && r ? [...l, ...r] : null; }
    return null;
  };
  const d = direct(f);
  if (d) return d;
  const out: string[] = [];
  let after: string | null = null;
  do {
    const pageOf: { userIds: string[]; nextAfterUserId: string | null } = await iterateMemberIds(groupId, { afterUserId: after, limit: 5000 });
    for (const id of pageOf.userIds) if (evaluateFilter(f, { value: id, type: "User" }, { caseExact: (n) => n === "value" })) out.push(id);
    after = pageOf.nextAfterUserId;
  } while (after);
  return out;
}

async function patchGroup(r: ScimRequest, g: GroupView): Promise<void> {
  const ops = readPatchBody(await r.readJson());
  let displayName: string | undefined;
  let externalId: string | null | undefined;
  const memberOps: MemberOp[] = [];

  const apply = async (op: "add" | "replace" | "remove", attr: string, value: unknown, filter?: Filter, sub?: string) => {
    switch (attr.toLowerCase()) {
      case "displayname": {
        if (op === "remove") throw mutability("displayName is required and cannot be removed.");
        const v = str(value, "displayName");
        if (!v) throw invalidValue("displayName cannot be empty.");
        displayName = v;
        return;
      }
      case "externalid":
        externalId = op === "remove" ? null : (str(value, "externalId") ?? null);
        return;
      case "members": {
        if (sub) throw invalidPath("Sub-attributes of members cannot be changed; add or remove members instead.");
        if (filter) {
          if (op !== "remove") throw invalidPath("A members[…] filter can only be used to remove members.");
          memberOps.push({ kind: "remove", ids: await idsMatching(g.id, filter) });
          return;
        }
        if (op === "remove") memberOps.push(value === undefined || value === null ? { kind: "removeAll" } : { kind: "remove", ids: memberIds(value) });
        else memberOps.push({ kind: op, ids: memberIds(value) });
        return;
      }
      case "id": case "meta": case "schemas":
        if (attr.toLowerCase() === "id" && value === g.id) return;
        throw mutability(`The attribute "${attr}" is read-only.`);
      default:
        // attributes Provisio does not store are ignored, as on create (see docs/inbound-scim.md)
        return;
    }
  };

  for (const o of ops) {
    if (o.path) {
      const p = parsePatchPath(o.path);
      if (p.schema && p.schema.toLowerCase() !== GROUP_SCHEMA.toLowerCase()) throw invalidPath(`Groups have no extension schema "${p.schema}".`);
      if (p.sub && p.attr.toLowerCase() !== "members") throw invalidPath(`"${o.path}" does not name a Group attribute.`);
      if (o.op !== "remove" && o.value === undefined) throw invalidValue(`"${o.op}" of ${JSON.stringify(o.path)} needs a value.`);
      await apply(o.op, p.attr, o.value, p.filter, p.sub);
      continue;
    }
    if (o.op === "remove") throw noTarget("A remove operation needs a path.");
    if (!isObj(o.value)) throw invalidValue(`A path-less "${o.op}" needs an object value.`);
    for (const [k, v] of Object.entries(o.value)) {
      const key = k.toLowerCase().startsWith(`${GROUP_SCHEMA.toLowerCase()}:`) ? k.slice(GROUP_SCHEMA.length + 1) : k;
      await apply(o.op, key, v);
    }
  }

  // validate everything before the first write
  if (displayName !== undefined && displayName.toLowerCase() !== g.displayName.toLowerCase()) await assertNameFree(displayName, g.id);
  await assertUsersExist(memberOps.flatMap((m) => (m.kind === "add" || m.kind === "replace" ? m.ids : [])));

  if (displayName !== undefined || externalId !== undefined) {
    await write(() => updateGroup(r.actor, g.id, displayName !== undefined ? { displayName } : {}, { ...(externalId !== undefined ? { externalId } : {}), ip: r.ip }));
  }
  for (const m of memberOps) {
    if (m.kind === "add") await write(() => addMembers(r.actor, g.id, m.ids, { ip: r.ip }));
    else if (m.kind === "remove") await write(() => removeMembers(r.actor, g.id, m.ids, { ip: r.ip }));
    else await write(() => replaceMembers(r.actor, g.id, m.kind === "replace" ? m.ids : [], { ip: r.ip }));
  }
}

export async function groupsEndpoint(r: ScimRequest, id: string | undefined): Promise<ScimResult> {
  if (!id) {
    if (r.method === "GET") return list(r);
    if (r.method === "POST") {
      const input = fromScimGroup(await r.readJson());
      await assertNameFree(input.displayName);
      await assertUsersExist(input.members ?? []);
      const created = await write(() => createGroup(r.actor, { displayName: input.displayName }, { externalId: input.externalId, ip: r.ip }));
      if (input.members?.length) await write(() => addMembers(r.actor, created.id, input.members!, { ip: r.ip }));
      return one(r, (await getGroup(created.id)) ?? created, 201);
    }
    throw methodNotAllowed("GET, POST");
  }
  switch (r.method) {
    case "GET": return one(r, await getOr404(id));
    case "PUT": {
      const body = await r.readJson();
      const g = await getOr404(id);
      const input = fromScimGroup(body);
      if (input.displayName.toLowerCase() !== g.displayName.toLowerCase()) await assertNameFree(input.displayName, id);
      await assertUsersExist(input.members ?? []);
      await write(() => updateGroup(r.actor, id, { displayName: input.displayName }, { externalId: input.externalId, ip: r.ip }));
      // PUT replaces the resource: no members attribute means no members
      await write(() => replaceMembers(r.actor, id, input.members ?? [], { ip: r.ip }));
      return one(r, await getOr404(id));
    }
    case "PATCH": {
      const g = await getOr404(id);
      await patchGroup(r, g);
      // 204 (RFC 7644 §3.5.2): echoing a large group's members after every change would cost more than the change
      return { status: 204, headers: { etag: etagOf((await getOr404(id)).updatedAt) } };
    }
    case "DELETE":
      await write(() => deleteGroup(r.actor, id, { ip: r.ip }));
      return { status: 204 };
    default:
      throw methodNotAllowed("GET, PUT, PATCH, DELETE");
  }
}

