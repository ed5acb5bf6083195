// DirectoryUser ↔ SCIM User (core + enterprise + Provisio extension).
// The mapping is documented in docs/inbound-scim.md; keep both in step.
import type { UserView } from "../directory/schemas";
import { invalidValue } from "./errors";
import type { Json } from "./filter";
import { ENTERPRISE_SCHEMA, PROVISIO_SCHEMA, USER_SCHEMA } from "./schemas";
import { arr, bool, field, isObj, obj, str } from "./values";

export function etagOf(updatedAt: string): string {
  return `W/"${new Date(updatedAt).getTime().toString(36)}"`;
}

const compact = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export function toScimUser(u: UserView, base: string): Json {
  const name = compact({
    givenName: u.givenName, familyName: u.surname,
    formatted: [u.givenName, u.surname].filter(Boolean).join(" ") || null,
  });
  const enterprise = compact({
    employeeNumber: u.employeeId, department: u.department,
    manager: u.managerId ? { value: u.managerId, $ref: `${base}/Users/${u.managerId}` } : null,
  });
  const ext = u.extensionAttributes;
  const schemas = [USER_SCHEMA];
  if (Object.keys(enterprise).length) schemas.push(ENTERPRISE_SCHEMA);
  if (Object.keys(ext).length) schemas.push(PROVISIO_SCHEMA);
  return compact({
    schemas,
    id: u.id,
    externalId: u.externalId,
    userName: u.userPrincipalName,
    name: Object.keys(name).length ? name : null,
    displayName: u.displayName,
    nickName: u.mailNickname,
    title: u.jobTitle,
    active: u.accountEnabled,
    emails: u.mail ? [{ value: u.mail, type: "work", primary: true }] : null,
    [ENTERPRISE_SCHEMA]: Object.keys(enterprise).length ? enterprise : null,
    [PROVISIO_SCHEMA]: Object.keys(ext).length ? { ...ext } : null,
    meta: { resourceType: "User", created: u.createdAt, lastModified: u.updatedAt, location: `${base}/Users/${u.id}`, version: etagOf(u.updatedAt) },
  });
}

/** Directory fields a SCIM User representation sets; absent attributes are null (PUT replaces the whole resource). */
export type UserFields = {
  userPrincipalName: string;
  displayName: string | null; givenName: string | null; surname: string | null; mail: string | null; mailNickname: string | null;
  jobTitle: string | null; department: string | null; employeeId: string | null; managerId: string | null;
  accountEnabled: boolean; extensionAttributes: Record<string, string>;
};

function pickEmail(emails: unknown[] | undefined): string | null {
  if (!emails || emails.length === 0) return null;
  const items = emails.map((e, i) => {
    if (!isObj(e)) throw invalidValue(`emails[${i}] must be an object.`);
    return { value: str(field(e, "value"), `emails[${i}].value`), type: str(field(e, "type"), `emails[${i}].type`), primary: bool(field(e, "primary"), `emails[${i}].primary`) };
  }).filter((e) => e.value);
  // one address is stored: the work one, else the primary, else the first
  const chosen = items.find((e) => e.type?.toLowerCase() === "work") ?? items.find((e) => e.primary) ?? items[0];
  return chosen?.value ?? null;
}

function managerOf(v: unknown): string | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "string") return v; // Entra sends the id itself as the value of "manager"
  if (isObj(v)) return str(field(v, "value"), "manager.value") ?? null;
  throw invalidValue("manager must be an object with a value (the manager's id).");
}

export function fromScimUser(r: Json): { fields: UserFields; externalId: string | null } {
  const userName = str(field(r, "userName"), "userName");
  if (!userName) throw invalidValue("userName is required.");
  const name = obj(field(r, "name"), "name");
  const enterprise = obj(field(r, ENTERPRISE_SCHEMA), ENTERPRISE_SCHEMA);
  const provisio = obj(field(r, PROVISIO_SCHEMA), PROVISIO_SCHEMA);
  const extensionAttributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(provisio ?? {})) {
    const s = str(v, `${PROVISIO_SCHEMA}:${k}`);
    if (s) extensionAttributes[k] = s;
  }
  return {
    externalId: str(field(r, "externalId"), "externalId") ?? null,
    fields: {
      userPrincipalName: userName,
      displayName: str(field(r, "displayName"), "displayName") ?? null,
      givenName: str(field(name, "givenName"), "name.givenName") ?? null,
      surname: str(field(name, "familyName"), "name.familyName") ?? null,
      mail: pickEmail(arr(field(r, "emails"), "emails")),
      mailNickname: str(field(r, "nickName"), "nickName") ?? null,
      jobTitle: str(field(r, "title"), "title") ?? null,
      department: str(field(enterprise, "department"), "department") ?? null,
      employeeId: str(field(enterprise, "employeeNumber"), "employeeNumber") ?? null,
      managerId: managerOf(field(enterprise, "manager")),
      accountEnabled: bool(field(r, "active"), "active") ?? true,
      extensionAttributes,
    },
  };
}

/** Directory field → SCIM attribute, for error messages. */
export const SCIM_NAME_OF_USER_FIELD: Record<string, string> = {
  userPrincipalName: "userName", givenName: "name.givenName", surname: "name.familyName", mail: 'emails[type eq "work"].value',
  mailNickname: "nickName", jobTitle: "title", employeeId: `${ENTERPRISE_SCHEMA}:employeeNumber`, department: `${ENTERPRISE_SCHEMA}:department`,
  managerId: `${ENTERPRISE_SCHEMA}:manager.value`, accountEnabled: "active", extensionAttributes: PROVISIO_SCHEMA,
};
