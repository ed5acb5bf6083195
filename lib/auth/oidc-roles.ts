// OIDC role mapping, pure: OIDC_ROLE_MAP parsing and the Provisio role a set of claims earns.
// No claim value in the map → no role (the sign-in is refused, never defaulted to reader).
import { ROLE_RANK, type Role } from "./roles";

export type RoleMap = ReadonlyArray<{ value: string; role: Role }>;

// the words an operator writes in OIDC_ROLE_MAP
const ROLE_WORDS: Record<string, Role> = { global: "global_admin", application: "app_admin", reader: "reader" };

export type RoleMapParse = { ok: true; map: RoleMap } | { ok: false; errors: string[] };

/**
 * "provisio-admins=global,provisio-ops=application,provisio-readers=reader".
 * Entries are split on "," and each on its last "=", so claim values may contain "="
 * (e.g. "cn=admins") but not ",". Values are compared exactly (case-sensitive).
 */
export function parseRoleMap(raw: string): RoleMapParse {
  const errors: string[] = [];
  const map: Array<{ value: string; role: Role }> = [];
  const entries = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return { ok: false, errors: ["it has no entries; write claim-value=role pairs, e.g. provisio-admins=global,provisio-readers=reader"] };
  for (const entry of entries) {
    const eq = entry.lastIndexOf("=");
    const value = eq > 0 ? entry.slice(0, eq).trim() : "";
    const word = eq > 0 ? entry.slice(eq + 1).trim().toLowerCase() : "";
    const role = ROLE_WORDS[word];
    if (!value || !role) {
      errors.push(`"${entry}" is not claim-value=role with role global, application or reader`);
      continue;
    }
    if (map.some((m) => m.value === value)) {
      errors.push(`"${value}" appears more than once`);
      continue;
    }
    map.push({ value, role });
  }
  return errors.length ? { ok: false, errors } : { ok: true, map };
}

/**
 * The claim's values as strings: a string (whole, and split on spaces, as some providers send
 * roles), an array of strings/numbers, or a boolean/number. A dotted path reaches into
 * objects ("realm_access.roles" for Keycloak); a claim whose own name contains a dot wins.
 */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let v: unknown = path in claims ? claims[path] : undefined;
  if (v === undefined && path.includes(".")) {
    v = path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined), claims);
  }
  const scalar = (x: unknown) => (typeof x === "string" ? x : typeof x === "number" || typeof x === "boolean" ? String(x) : null);
  if (Array.isArray(v)) return v.map(scalar).filter((x): x is string => x !== null && x !== "");
  const s = scalar(v);
  if (s === null || s === "") return [];
  // the whole string too: a single group name may itself contain spaces
  return typeof v === "string" ? [...new Set([s, ...s.split(/\s+/).filter(Boolean)])] : [s];
}

/** Whether the claim is present at all (to tell "no such claim" from "no mapped value"). */
export function hasClaim(claims: Record<string, unknown>, path: string): boolean {
  if (path in claims) return true;
  if (!path.includes(".")) return false;
  let o: unknown = claims;
  for (const k of path.split(".")) {
    if (!o || typeof o !== "object" || Array.isArray(o) || !(k in o)) return false;
    o = (o as Record<string, unknown>)[k];
  }
  return true;
}

/** The highest role any of the claim's values maps to, or null. */
export function roleFromClaims(claims: Record<string, unknown>, claimPath: string, map: RoleMap): Role | null {
  const values = new Set(claimValues(claims, claimPath));
  let best: Role | null = null;
  for (const { value, role } of map) {
    if (values.has(value) && (best === null || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  }
  return best;
}
