// Roles, lowest to highest. "reader" sees everything and changes nothing;
// "app_admin" manages directory, apps and provisioning; "global_admin" also manages administrators.
import type { AdminRole } from "../db/generated/enums";

export type Role = "reader" | "app_admin" | "global_admin";
export const ROLE_RANK: Record<Role, number> = { reader: 1, app_admin: 2, global_admin: 3 };

export const fromDbRole = (r: AdminRole): Role => (r === "GLOBAL_ADMIN" ? "global_admin" : r === "APP_ADMIN" ? "app_admin" : "reader");
export const toDbRole = (r: Role): AdminRole => (r === "global_admin" ? "GLOBAL_ADMIN" : r === "app_admin" ? "APP_ADMIN" : "READER");

export const ROLE_LABEL: Record<Role, string> = {
  global_admin: "Global administrator",
  app_admin: "Application administrator",
  reader: "Reader",
};

export function hasRole(actual: Role, required: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}

/** Who made a change. Inbound SCIM clients and the engine act as non-admin actors (via "scim" / "system"). */
export type Actor = { id: string; email: string; name: string; role: Role; via: "session" | "token" | "scim" | "system" };
