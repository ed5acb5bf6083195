// /scim/v2/Users: list/filter, create, read, replace, patch, delete, all through
// lib/directory (which audits, advances the change feed and notifies the engine).
import { db } from "../db";
import { AppError } from "../errors";
import { createUser, deleteUser, getUser, toUserView, updateUser } from "../directory/users";
import type { UserView } from "../directory/schemas";
import { project, readProjection } from "./attributes";
import { scimNotFound, ScimError } from "./errors";
import { parseFilter } from "./filter";
import { fromAppError, type ScimRequest, type ScimResult } from "./http";
import { readPage, listResponse } from "./paging";
import { applyPatch, readPatchBody } from "./patch";
import { userWhere } from "./query";
import { ENTERPRISE_SCHEMA, PROVISIO_SCHEMA, userCaseExact, USER_SCHEMA } from "./schemas";
import { etagOf, fromScimUser, SCIM_NAME_OF_USER_FIELD, toScimUser, type UserFields } from "./user-resource";

const FIELD_RE = new RegExp(`\\b(${Object.keys(SCIM_NAME_OF_USER_FIELD).join("|")})\\b`, "g");
/** Directory messages name directory fields; a SCIM client knows the SCIM names. */
const renameFields = (m: string) => m.replace(FIELD_RE, (f) => SCIM_NAME_OF_USER_FIELD[f] ?? f);

async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) throw fromAppError(e, renameFields);
    throw e;
  }
}

function one(r: ScimRequest, u: UserView, status = 200): ScimResult {
  const body = project(toScimUser(u, r.base), readProjection(r.query), USER_SCHEMA);
  return { status, body, headers: { etag: etagOf(u.updatedAt), ...(status === 201 ? { location: `${r.base}/Users/${u.id}` } : {}) } };
}

async function getOr404(id: string): Promise<UserView> {
  const u = await getUser(id);
  if (!u) throw scimNotFound(`No User with the id ${id}.`);
  return u;
}

async function list(r: ScimRequest): Promise<ScimResult> {
  const page = readPage(r.query);
  const projection = readProjection(r.query);
  const f = r.query.get("filter");
  const where = f ? userWhere(parseFilter(f)) : {};
  const [total, rows] = await Promise.all([
    db.directoryUser.count({ where }),
    page.count === 0 ? Promise.resolve([]) : db.directoryUser.findMany({ where, orderBy: { id: "asc" }, skip: page.startIndex - 1, take: page.count }),
  ]);
  const resources = rows.map((u) => project(toScimUser(toUserView(u), r.base), projection, USER_SCHEMA));
  return { status: 200, body: listResponse(resources, total, page) };
}

const asInput = (f: UserFields) => ({ ...f });

export async function usersEndpoint(r: ScimRequest, id: string | undefined): Promise<ScimResult> {
  if (!id) {
    if (r.method === "GET") return list(r);
    if (r.method === "POST") {
      const { fields, externalId } = fromScimUser(await r.readJson());
      const created = await write(() => createUser(r.actor, asInput(fields), { externalId, ip: r.ip }));
      return one(r, created, 201);
    }
    throw methodNotAllowed("GET, POST");
  }
  switch (r.method) {
    case "GET": return one(r, await getOr404(id));
    case "PUT": {
      const body = await r.readJson();
      await getOr404(id);
      const { fields, externalId } = fromScimUser(body);
      return one(r, await write(() => updateUser(r.actor, id, asInput(fields), { externalId, ip: r.ip, replaceExtensionAttributes: true })));
    }
    case "PATCH": {
      const ops = readPatchBody(await r.readJson());
      const current = await getOr404(id);
      const patched = applyPatch(toScimUser(current, r.base), ops, {
        caseExact: userCaseExact, coreSchema: USER_SCHEMA, extensionSchemas: [ENTERPRISE_SCHEMA, PROVISIO_SCHEMA], readOnly: new Set(["id", "meta", "schemas"]),
      });
      const { fields, externalId } = fromScimUser(patched);
      // updateUser compares field by field and writes nothing when nothing changed
      return one(r, await write(() => updateUser(r.actor, id, asInput(fields), { externalId, ip: r.ip, replaceExtensionAttributes: true })));
    }
    case "DELETE":
      await write(() => deleteUser(r.actor, id, { ip: r.ip }));
      return { status: 204 };
    default:
      throw methodNotAllowed("GET, PUT, PATCH, DELETE");
  }
}

export function methodNotAllowed(allow: string): ScimError {
  return new ScimError(405, `Method not allowed here. Allowed: ${allow}.`);
}
