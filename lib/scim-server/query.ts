// SCIM filter → Prisma where, so filters run in Postgres (index-backed for
// userName eq / id eq / externalId eq) instead of scanning 100,000 users in memory.
// Unknown attributes are "absent" (eq false, ne true, pr false), as RFC 7644
// §3.4.2.2 evaluates an unassigned attribute.
import type { Prisma } from "../db/generated/client";
import { invalidFilter } from "./errors";
import { nameOf, type AttrPath, type CompValue, type Filter } from "./filter";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, PROVISIO_SCHEMA, USER_SCHEMA } from "./schemas";

type Where = Record<string, unknown>;
export type Target =
  | { kind: "string"; col: string; caseExact: boolean; /** equality on a lower-cased key column (upnKey) */ lowerKey?: string; /** NOT NULL column: Prisma refuses null comparisons on it */ required?: boolean }
  | { kind: "boolean"; col: string }
  | { kind: "date"; col: string }
  | { kind: "json"; col: string; key: string }
  /** a constant that holds when `presentCol` is set (emails.type is "work" whenever there is a mail) */
  | { kind: "const"; value: string | boolean; presentCol: string }
  | { kind: "members" }
  | { kind: "absent" };

/**
 * Prisma turns contains/startsWith/endsWith and case-insensitive equals into
 * (I)LIKE without escaping (prisma/prisma#19506), so a client's "%" or "_"
 * would act as a wildcard: `displayName eq "%"` would match every group.
 */
export { escapeLike } from "../db/like";
import { escapeLike } from "../db/like";

const TRUE: Where = { id: { not: "" } };
const FALSE: Where = { id: "" };

function stringCond(t: Extract<Target, { kind: "string" }>, op: string, v: CompValue): Where {
  if (v === null) {
    if (t.required) return op === "ne" ? TRUE : FALSE;
    return op === "eq" ? { [t.col]: null } : op === "ne" ? { NOT: { [t.col]: null } } : FALSE;
  }
  // On a nullable column a comparison is false, not unknown, for an absent value: SQL's
  // NULL ILIKE 'x' is NULL and NOT (NULL) is NULL, which dropped absent values from
  // `not (displayName eq "x")`. Comparisons (not ne, which says so itself) get IS NOT NULL.
  if (!t.required && op !== "ne") return { AND: [{ NOT: { [t.col]: null } }, stringCond({ ...t, required: true }, op, v)] };
  const s = String(v);
  const mode = t.caseExact ? {} : { mode: "insensitive" as const };
  switch (op) {
    case "eq": return t.lowerKey ? { [t.lowerKey]: s.trim().toLowerCase() } : { [t.col]: t.caseExact ? s : { equals: escapeLike(s), ...mode } };
    // absent values do not equal anything, so ne includes them
    case "ne": return t.required ? { NOT: stringCond(t, "eq", v) } : { OR: [{ NOT: stringCond(t, "eq", v) }, { [t.col]: null }] };
    case "co": return { [t.col]: { contains: escapeLike(s), ...mode } };
    case "sw": return { [t.col]: { startsWith: escapeLike(s), ...mode } };
    case "ew": return { [t.col]: { endsWith: escapeLike(s), ...mode } };
    default: return { [t.col]: { [op === "ge" ? "gte" : op === "le" ? "lte" : op]: s } };
  }
}

function compare(t: Target, op: string, v: CompValue, path: AttrPath): Where {
  const label = nameOf(path);
  switch (t.kind) {
    case "absent": return op === "ne" ? (v === null ? FALSE : TRUE) : op === "eq" && v === null ? TRUE : FALSE;
    case "string": return stringCond(t, op, v);
    case "boolean": {
      const b = typeof v === "boolean" ? v : typeof v === "string" && /^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : null;
      if (b === null || (op !== "eq" && op !== "ne")) throw invalidFilter(`Invalid filter: ${label} is a boolean; use eq or ne with true or false.`);
      return { [t.col]: op === "eq" ? b : !b };
    }
    case "date": {
      const d = typeof v === "string" ? new Date(v) : null;
      if (!d || Number.isNaN(d.getTime()) || op === "co" || op === "sw" || op === "ew") throw invalidFilter(`Invalid filter: ${label} is a dateTime; compare it with eq, ne, gt, ge, lt or le and an ISO 8601 string.`);
      if (op === "eq") return { [t.col]: d };
      if (op === "ne") return { [t.col]: { not: d } };
      return { [t.col]: { [op === "ge" ? "gte" : op === "le" ? "lte" : op]: d } };
    }
    case "json": {
      const base = { path: [t.key] };
      if (v === null) return op === "eq" ? { NOT: { [t.col]: { ...base, string_starts_with: "" } } } : { [t.col]: { ...base, string_starts_with: "" } };
      const s = String(v);
      switch (op) {
        case "eq": return { [t.col]: { ...base, equals: s } };
        case "ne": return { NOT: { [t.col]: { ...base, equals: s } } };
        case "co": return { [t.col]: { ...base, string_contains: escapeLike(s) } };
        case "sw": return { [t.col]: { ...base, string_starts_with: escapeLike(s) } };
        case "ew": return { [t.col]: { ...base, string_ends_with: escapeLike(s) } };
        default: throw invalidFilter(`Invalid filter: "${op}" is not supported on extension attributes.`);
      }
    }
    case "const": {
      const actual = t.value;
      let ok: boolean;
      if (typeof actual === "boolean") {
        if (typeof v !== "boolean" || (op !== "eq" && op !== "ne")) throw invalidFilter(`Invalid filter: ${label} is a boolean; use eq or ne with true or false.`);
        ok = op === "eq" ? v === actual : v !== actual;
      } else {
        const a = actual.toLowerCase(), e = String(v ?? "").toLowerCase();
        ok = op === "eq" ? a === e : op === "ne" ? a !== e : op === "co" ? a.includes(e) : op === "sw" ? a.startsWith(e) : op === "ew" ? a.endsWith(e) : false;
      }
      return ok ? { NOT: { [t.presentCol]: null } } : op === "ne" ? TRUE : FALSE;
    }
    case "members": {
      if (v === null) return op === "eq" ? { members: { none: {} } } : { members: { some: {} } };
      if (op === "eq") return { members: { some: { userId: String(v) } } };
      if (op === "ne") return { members: { none: { userId: String(v) } } };
      throw invalidFilter(`Invalid filter: members can only be compared with eq, ne or pr.`);
    }
  }
}

function present(t: Target): Where {
  switch (t.kind) {
    case "absent": return FALSE;
    // present = not null and not empty; IS NOT NULL spelled out so that not (… pr) holds for nulls
    // (NOT (NULL > '') is NULL in SQL), and never on a NOT NULL column, where Prisma refuses it
    case "string": return t.required ? { [t.col]: { gt: "" } } : { AND: [{ NOT: { [t.col]: null } }, { [t.col]: { gt: "" } }] };
    case "boolean": case "date": return TRUE;
    case "json": return { [t.col]: { path: [t.key], string_starts_with: "" } };
    case "const": return { NOT: { [t.presentCol]: null } };
    case "members": return { members: { some: {} } };
  }
}

type Resolver = (path: AttrPath, prefix?: string) => Target | Where;
const isTarget = (x: Target | Where): x is Target => typeof (x as Target).kind === "string";

function translate(f: Filter, resolve: Resolver, prefix?: string): Where {
  switch (f.op) {
    case "and": return { AND: [translate(f.left, resolve, prefix), translate(f.right, resolve, prefix)] };
    case "or": return { OR: [translate(f.left, resolve, prefix), translate(f.right, resolve, prefix)] };
    case "not": return { NOT: translate(f.filter, resolve, prefix) };
    case "valuePath":
      // our multi-valued attributes hold at most one value per row (emails) or are a relation (members)
      return translate(f.filter, resolve, f.path.attr.toLowerCase());
    case "pr": {
      const t = resolve(f.path, prefix);
      return isTarget(t) ? present(t) : t;
    }
    default: {
      const t = resolve(f.path, prefix);
      return isTarget(t) ? compare(t, f.op, f.value, f.path) : t;
    }
  }
}

const USER_CORE: Record<string, Target> = {
  id: { kind: "string", col: "id", caseExact: true, required: true },
  externalid: { kind: "string", col: "externalId", caseExact: true },
  username: { kind: "string", col: "userPrincipalName", caseExact: false, lowerKey: "upnKey", required: true },
  displayname: { kind: "string", col: "displayName", caseExact: false },
  nickname: { kind: "string", col: "mailNickname", caseExact: false },
  title: { kind: "string", col: "jobTitle", caseExact: false },
  "name.givenname": { kind: "string", col: "givenName", caseExact: false },
  "name.familyname": { kind: "string", col: "surname", caseExact: false },
  emails: { kind: "string", col: "mail", caseExact: false },
  "emails.value": { kind: "string", col: "mail", caseExact: false },
  "emails.type": { kind: "const", value: "work", presentCol: "mail" },
  "emails.primary": { kind: "const", value: true, presentCol: "mail" },
  active: { kind: "boolean", col: "accountEnabled" },
  "meta.created": { kind: "date", col: "createdAt" },
  "meta.lastmodified": { kind: "date", col: "updatedAt" },
};
const USER_ENTERPRISE: Record<string, Target> = {
  employeenumber: { kind: "string", col: "employeeId", caseExact: false },
  department: { kind: "string", col: "department", caseExact: false },
  manager: { kind: "string", col: "managerId", caseExact: true },
  "manager.value": { kind: "string", col: "managerId", caseExact: true },
};

const eqCI = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

const resolveUser: Resolver = (path, prefix) => {
  const name = prefix ? `${prefix}.${path.attr.toLowerCase()}` : nameOf(path);
  if (!path.schema || eqCI(path.schema, USER_SCHEMA)) {
    if (name === "name") return { OR: [present(USER_CORE["name.givenname"]!), present(USER_CORE["name.familyname"]!)] };
    // unqualified enterprise names are accepted too (clients often leave the URN out)
    return USER_CORE[name] ?? (path.schema ? undefined : USER_ENTERPRISE[name]) ?? { kind: "absent" };
  }
  if (eqCI(path.schema, ENTERPRISE_SCHEMA)) return USER_ENTERPRISE[name] ?? { kind: "absent" };
  if (eqCI(path.schema, PROVISIO_SCHEMA) && !path.sub) return { kind: "json", col: "extensionAttributes", key: path.attr };
  return { kind: "absent" };
};

const GROUP: Record<string, Target> = {
  id: { kind: "string", col: "id", caseExact: true, required: true },
  externalid: { kind: "string", col: "externalId", caseExact: true },
  displayname: { kind: "string", col: "displayName", caseExact: false, required: true },
  members: { kind: "members" },
  "members.value": { kind: "members" },
  "meta.created": { kind: "date", col: "createdAt" },
  "meta.lastmodified": { kind: "date", col: "updatedAt" },
};
const resolveGroup: Resolver = (path, prefix) => {
  if (path.schema && !eqCI(path.schema, GROUP_SCHEMA)) return { kind: "absent" };
  const name = prefix ? `${prefix}.${path.attr.toLowerCase()}` : nameOf(path);
  return GROUP[name] ?? { kind: "absent" };
};

export const userWhere = (f: Filter) => translate(f, resolveUser) as Prisma.DirectoryUserWhereInput;
export const groupWhere = (f: Filter) => translate(f, resolveGroup) as Prisma.DirectoryGroupWhereInput;
