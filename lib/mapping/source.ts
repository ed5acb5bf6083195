// The source attribute catalogue (what the editor's pickers offer) and the
// conversion from directory records to the attribute bag the evaluator reads.
import type { AppRoleAssignment, SourceObject } from "./values";

export type SourceAttributeType = "string" | "boolean" | "reference" | "multiString" | "appRoleAssignments";
export type SourceAttribute = { name: string; type: SourceAttributeType; description: string; engineProvided?: boolean };

const EXTENSION_ATTRIBUTES: SourceAttribute[] = Array.from({ length: 15 }, (_, i) => ({
  name: `extensionAttribute${i + 1}`,
  type: "string" as const,
  description: `Extension attribute ${i + 1}`,
}));

const ENGINE: SourceAttribute[] = [
  { name: "IsSoftDeleted", type: "boolean", description: "True when the user is disabled, deleted, unassigned or out of scope", engineProvided: true },
  { name: "appRoleAssignments", type: "appRoleAssignments", description: "The user's app roles for this app", engineProvided: true },
];

export const USER_SOURCE_ATTRIBUTES: readonly SourceAttribute[] = [
  { name: "userPrincipalName", type: "string", description: "Sign-in name, e.g. john.doe@contoso.com" },
  { name: "displayName", type: "string", description: "Display name" },
  { name: "givenName", type: "string", description: "First name" },
  { name: "surname", type: "string", description: "Last name" },
  { name: "mail", type: "string", description: "Primary email address" },
  { name: "mailNickname", type: "string", description: "Mail alias" },
  { name: "jobTitle", type: "string", description: "Job title" },
  { name: "department", type: "string", description: "Department" },
  { name: "employeeId", type: "string", description: "Employee ID" },
  { name: "accountEnabled", type: "boolean", description: "Whether the account can sign in" },
  { name: "manager", type: "reference", description: "The manager's object id" },
  { name: "objectId", type: "string", description: "The user's id in the directory" },
  ...EXTENSION_ATTRIBUTES,
  ...ENGINE,
];

export const GROUP_SOURCE_ATTRIBUTES: readonly SourceAttribute[] = [
  { name: "displayName", type: "string", description: "Group name" },
  { name: "mailNickname", type: "string", description: "Mail alias" },
  { name: "description", type: "string", description: "Description" },
  { name: "objectId", type: "string", description: "The group's id in the directory" },
  { name: "members", type: "multiString", description: "Member user ids (the engine translates them to target ids)" },
  { name: "IsSoftDeleted", type: "boolean", description: "True when the group is deleted or out of scope", engineProvided: true },
];

export function sourceAttributesFor(sourceObject: "user" | "group"): readonly SourceAttribute[] {
  return sourceObject === "group" ? GROUP_SOURCE_ATTRIBUTES : USER_SOURCE_ATTRIBUTES;
}

/** A directory user as lib/directory stores it (only the fields mapping cares about). */
export type DirectoryUserRecord = {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  mailNickname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  employeeId?: string | null;
  accountEnabled?: boolean | null;
  /** The manager's user id. */
  managerId?: string | null;
  /** "extensionAttribute1".."extensionAttribute15" (or "1".."15") plus any custom names. */
  extensionAttributes?: Record<string, string> | null;
};

export type DirectoryGroupRecord = {
  id: string;
  displayName: string;
  mailNickname?: string | null;
  description?: string | null;
  /** Member user ids. */
  memberIds?: readonly string[] | null;
};

export type EngineAttributes = {
  /** The user is disabled, deleted, unassigned or out of scope (drives `active`). */
  isSoftDeleted?: boolean;
  appRoleAssignments?: readonly AppRoleAssignment[];
};

/**
 * Builds the attribute bag the evaluator, scoping filters and applyMappings read.
 *
 * For the engine: call once per user per cycle, e.g.
 *   const source = toSourceObject(user, { isSoftDeleted: !user.accountEnabled || !assigned, appRoleAssignments });
 *   const scope = evaluateScopingFilters(doc.scopingFilters, source);
 *   const mapped = applyMappings(doc, source, { isCreate, ctx: { isUnique } });
 *
 * - `objectId` is the directory id; `manager` is the manager's id (the engine
 *   resolves it to the manager's target id when writing a reference).
 * - Extension attributes keyed "1".."15" become extensionAttribute1..15; other
 *   keys are copied as-is, so custom attributes can be mapped by name.
 * - Absent values are null (Entra treats absent and null alike).
 * - `IsSoftDeleted` defaults to `accountEnabled === false`; pass it explicitly when
 *   the user is also unassigned or out of scope.
 */
export function toSourceObject(user: DirectoryUserRecord, engine: EngineAttributes = {}): SourceObject {
  const out: SourceObject = {
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName ?? null,
    givenName: user.givenName ?? null,
    surname: user.surname ?? null,
    mail: user.mail ?? null,
    mailNickname: user.mailNickname ?? null,
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    employeeId: user.employeeId ?? null,
    accountEnabled: user.accountEnabled ?? true,
    manager: user.managerId ?? null,
    objectId: user.id,
  };
  for (let i = 1; i <= 15; i++) out[`extensionAttribute${i}`] = null;
  for (const [k, v] of Object.entries(user.extensionAttributes ?? {})) {
    const name = /^\d+$/.test(k) ? `extensionAttribute${Number(k)}` : k;
    // Never let a custom key shadow a built-in attribute.
    if (name in out && !/^extensionAttribute\d+$/i.test(name)) continue;
    out[name] = v ?? null;
  }
  out.IsSoftDeleted = engine.isSoftDeleted ?? user.accountEnabled === false;
  out.appRoleAssignments = [...(engine.appRoleAssignments ?? [])];
  return out;
}

/** The group counterpart of toSourceObject. */
export function toGroupSourceObject(group: DirectoryGroupRecord, engine: { isSoftDeleted?: boolean } = {}): SourceObject {
  return {
    displayName: group.displayName,
    mailNickname: group.mailNickname ?? null,
    description: group.description ?? null,
    objectId: group.id,
    members: [...(group.memberIds ?? [])],
    IsSoftDeleted: engine.isSoftDeleted ?? false,
  };
}
