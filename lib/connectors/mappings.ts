// Entra ID's default attribute mappings for a SCIM app, shared by the templates.
import type { AttributeMapping, TargetAttribute } from "@/lib/mapping/types";
import type { DefaultMapping } from "./types";

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const direct = (source: string, target: string, extra: Partial<AttributeMapping> = {}): AttributeMapping => ({
  type: "direct",
  source,
  target,
  applyOn: "always",
  matchingPrecedence: null,
  ...extra,
});
const expr = (expression: string, target: string): AttributeMapping => ({ type: "expression", expression, target, applyOn: "always", matchingPrecedence: null });

export const SCIM_USER_MAPPINGS: AttributeMapping[] = [
  direct("userPrincipalName", "userName", { matchingPrecedence: 1 }),
  expr("Not([IsSoftDeleted])", "active"),
  direct("displayName", "displayName"),
  direct("jobTitle", "title"),
  direct("mail", 'emails[type eq "work"].value'),
  direct("givenName", "name.givenName"),
  direct("surname", "name.familyName"),
  expr('Join(" ", [givenName], [surname])', "name.formatted"),
  direct("mailNickname", "externalId"),
  direct("employeeId", `${ENTERPRISE}:employeeNumber`),
  direct("department", `${ENTERPRISE}:department`),
  direct("manager", `${ENTERPRISE}:manager`),
];

export const SCIM_GROUP_MAPPINGS: AttributeMapping[] = [
  direct("displayName", "displayName", { matchingPrecedence: 1 }),
  direct("objectId", "externalId"),
  direct("members", "members"),
];

const s = (name: string, extra: Partial<TargetAttribute> = {}): TargetAttribute => ({ name, type: "string", ...extra });

export const SCIM_USER_ATTRIBUTES: TargetAttribute[] = [
  s("userName", { required: true }),
  { name: "active", type: "boolean" },
  s("displayName"),
  s("title"),
  s('emails[type eq "work"].value'),
  s('emails[type eq "other"].value'),
  s("preferredLanguage"),
  s("name.givenName"),
  s("name.familyName"),
  s("name.formatted"),
  s('addresses[type eq "work"].formatted'),
  s('addresses[type eq "work"].streetAddress'),
  s('addresses[type eq "work"].locality'),
  s('addresses[type eq "work"].region'),
  s('addresses[type eq "work"].postalCode'),
  s('addresses[type eq "work"].country'),
  s('phoneNumbers[type eq "work"].value'),
  s('phoneNumbers[type eq "mobile"].value'),
  s('phoneNumbers[type eq "fax"].value'),
  s("externalId"),
  s("userType"),
  s("nickName"),
  s("locale"),
  s("timezone"),
  s(`${ENTERPRISE}:employeeNumber`),
  s(`${ENTERPRISE}:department`),
  s(`${ENTERPRISE}:costCenter`),
  s(`${ENTERPRISE}:organization`),
  s(`${ENTERPRISE}:division`),
  { name: `${ENTERPRISE}:manager`, type: "reference" },
];

export const SCIM_GROUP_ATTRIBUTES: TargetAttribute[] = [
  s("displayName", { required: true }),
  s("externalId"),
  { name: "members", type: "reference", multiValued: true },
];

export function userMapping(name: string, attributeMappings: AttributeMapping[] = SCIM_USER_MAPPINGS, targetAttributes = SCIM_USER_ATTRIBUTES): DefaultMapping {
  return {
    name,
    enabled: true,
    sourceObject: "user",
    targetObject: "User",
    actions: { create: true, update: true, delete: true },
    scopingFilters: [],
    attributeMappings,
    targetAttributes,
  };
}

export function groupMapping(name: string, attributeMappings: AttributeMapping[] = SCIM_GROUP_MAPPINGS, targetAttributes = SCIM_GROUP_ATTRIBUTES): DefaultMapping {
  return {
    name,
    enabled: true,
    sourceObject: "group",
    targetObject: "Group",
    actions: { create: true, update: true, delete: true },
    scopingFilters: [],
    attributeMappings,
    targetAttributes,
  };
}

export const DEFAULT_ACCESS_ROLE = {
  id: "default-access",
  displayName: "Default Access",
  description: "Assigned when no specific role is chosen.",
  validForProvisioning: true,
};

/** Only the mappings whose target the template's attribute list knows. */
export function restrictTo(mappings: AttributeMapping[], attrs: TargetAttribute[]): AttributeMapping[] {
  const names = new Set(attrs.map((a) => a.name));
  return mappings.filter((m) => names.has(m.target));
}
