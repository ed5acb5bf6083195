// DirectoryGroup ↔ SCIM Group. Members are users only; value = the user's id.
import type { GroupView } from "../directory/schemas";
import { invalidValue } from "./errors";
import type { Json } from "./filter";
import { GROUP_SCHEMA } from "./schemas";
import { etagOf } from "./user-resource";
import { field, isObj, str } from "./values";

export type ScimMember = { value: string; display?: string | null };

export function toScimGroup(g: GroupView, base: string, members?: { id: string; displayName: string | null }[]): Json {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    displayName: g.displayName,
    ...(members ? { members: members.map((m) => ({ value: m.id, $ref: `${base}/Users/${m.id}`, type: "User", ...(m.displayName ? { display: m.displayName } : {}) })) } : {}),
    meta: { resourceType: "Group", created: g.createdAt, lastModified: g.updatedAt, location: `${base}/Groups/${g.id}`, version: etagOf(g.updatedAt) },
  };
}

/** Member ids from a members value: [{value}], one {value} or (leniently) bare id strings. */
export function memberIds(v: unknown, name = "members"): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.map((m, i) => {
    if (typeof m === "string" && m) return m;
    if (!isObj(m)) throw invalidValue(`${name}[${i}] must be an object with a value (a User id).`);
    const type = str(field(m, "type"), `${name}[${i}].type`);
    if (type && type.toLowerCase() !== "user") throw invalidValue(`${name}[${i}]: only users can be members (type "${type}" is not supported).`);
    const id = str(field(m, "value"), `${name}[${i}].value`);
    if (!id) throw invalidValue(`${name}[${i}].value is required.`);
    return id;
  });
}

export function fromScimGroup(r: Json): { displayName: string; externalId: string | null; members: string[] | undefined } {
  const displayName = str(field(r, "displayName"), "displayName");
  if (!displayName) throw invalidValue("displayName is required.");
  const rawMembers = field(r, "members");
  return { displayName, externalId: str(field(r, "externalId"), "externalId") ?? null, members: rawMembers === undefined ? undefined : memberIds(rawMembers) };
}
