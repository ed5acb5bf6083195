// GoToMeeting (GoTo / Citrix Online Identity API). Dialect from the vendor's published
// OpenAPI document (e2e/targets/goto-scim-openapi.yaml; servers: https://api.citrixonline.com/identity/v1):
// SCIM 1.1 style `resources` lists, numeric user/group keys, /ServiceProviderConfigs,
// PATCH = partial object (whether `members` in it replaces or adds is not documented, so
// membership is written only in forms that mean the same either way), no `active` (disabling = DELETE, which removes the user from the
// organisation but not the account), ≤100 members per group request, members need `type`.
// No startIndex/count parameters are declared, so lists are fetched in one request.
// Filters: Users eq/sw on userName, displayName, name.givenName, name.familyName.
// Auth: admin username + password exchanged for a token (OAuth2 password grant,
// https://api.getgo.com/oauth/v2/token), as in the Entra tutorial; the account needs Team Admin rights.
import { z } from "zod";
import type { AttributeMapping, TargetAttribute } from "@/lib/mapping/types";
import { DEFAULT_ACCESS_ROLE, groupMapping, userMapping } from "../mappings";
import { monogramLogo } from "../logo";
import type { ConnectorTemplate } from "../types";
import { optional, optionalHttpUrl, required, secretRequired } from "./shared";

const schema = z
  .object({
    adminUsername: required,
    adminPassword: secretRequired,
    baseUrl: optionalHttpUrl,
    tokenUrl: optionalHttpUrl,
    clientId: optional,
    clientSecret: optional,
  })
  .strict();

export const GOTO_DEFAULT_BASE_URL = "https://api.citrixonline.com/identity/v1";
export const GOTO_DEFAULT_TOKEN_URL = "https://api.getgo.com/oauth/v2/token";

const s = (name: string, extra: Partial<TargetAttribute> = {}): TargetAttribute => ({ name, type: "string", ...extra });
const USER_ATTRS: TargetAttribute[] = [s("userName", { required: true }), s("displayName"), s("name.givenName"), s("name.familyName"), s("locale"), s("timezone")];
const GROUP_ATTRS: TargetAttribute[] = [s("displayName", { required: true }), { name: "members", type: "reference", multiValued: true }];

const d = (source: string, target: string, matchingPrecedence: number | null = null): AttributeMapping => ({ type: "direct", source, target, applyOn: "always", matchingPrecedence });

export const gotomeetingTemplate: ConnectorTemplate = {
  id: "gotomeeting",
  name: "GoToMeeting",
  publisher: "GoTo (LogMeIn)",
  description: "Online meetings. Creates, updates and removes GoToMeeting users and groups in your organization.",
  logo: monogramLogo("GTM", "#f68d2e"),
  category: "communication",
  docsUrl: "https://developer.goto.com/",
  credentialFields: [
    { name: "adminUsername", label: "Admin Username", secret: false, type: "text", required: true, placeholder: "admin@contoso.com", help: "An account with Team Admin rights in GoToMeeting." },
    { name: "adminPassword", label: "Admin Password", secret: true, type: "password", required: true },
    { name: "baseUrl", label: "API base URL", secret: false, type: "url", required: false, advanced: true, placeholder: GOTO_DEFAULT_BASE_URL },
    { name: "tokenUrl", label: "Token URL", secret: false, type: "url", required: false, advanced: true, placeholder: GOTO_DEFAULT_TOKEN_URL },
    { name: "clientId", label: "OAuth client ID", secret: false, type: "text", required: false, advanced: true, help: "Your GoTo developer app's consumer key, if your account requires one." },
    { name: "clientSecret", label: "OAuth client secret", secret: true, type: "password", required: false, advanced: true },
  ],
  credentialSchema: schema,
  authStrategies: ["oauth2_password"],
  defaultBaseUrl: GOTO_DEFAULT_BASE_URL,
  roles: [
    { ...DEFAULT_ACCESS_ROLE, validForProvisioning: false, description: "Not valid for provisioning in GoToMeeting: choose a real role." },
    { id: "organizer", displayName: "Organizer", description: "Can host meetings (a GoToMeeting licence).", validForProvisioning: true },
    { id: "manager", displayName: "Manager", description: "Organizer who can manage users of their groups.", validForProvisioning: true },
    { id: "admin", displayName: "Admin", description: "Organizer with administrator rights.", validForProvisioning: true },
  ],
  profile: {
    scimVersion: "1.1",
    patchStyle: "partial-object",
    supportsActive: false,
    disableAction: "delete",
    maxMembersPerPatch: 100,
    memberType: true,
    // The document does not say whether `members` in a PATCH replaces or adds.
    memberUpdate: "full-list",
    listResourcesKey: "resources",
    serviceProviderConfigPath: "/ServiceProviderConfigs",
    sendSchemas: false,
    paging: false,
    // its published API declares no excludedAttributes (and full-list member writes read the members)
    groupsWithoutMembers: false,
    useBulk: "never",
    contentType: "application/json",
    numericIds: true,
    // "Client is not sufficiently authorized or group does not exist in organization"
    missingGroupStatus: 401,
    filter: { supported: true, operators: ["eq", "sw"], attributes: ["userName", "displayName", "name.givenName", "name.familyName"] },
    allowedUserAttributes: USER_ATTRS.map((a) => a.name),
    maxConcurrency: 4,
  },
  hints: {
    forbidden: "GoToMeeting refused the request (403): the admin account needs Team Admin rights. Give it Team Admin rights and test again.",
    unauthorized: "GoToMeeting rejected the access token (401). Check the admin username and password and that the account has Team Admin rights.",
  },
  mappings: {
    user: userMapping(
      "Provision Directory Users",
      [d("userPrincipalName", "userName", 1), d("displayName", "displayName"), d("givenName", "name.givenName"), d("surname", "name.familyName")],
      USER_ATTRS,
    ),
    group: groupMapping("Provision Directory Groups", [d("displayName", "displayName", 1), d("members", "members")], GROUP_ATTRS),
  },
  targetAttributes: { user: USER_ATTRS, group: GROUP_ATTRS },
  connection(raw) {
    const c = schema.parse(raw);
    return {
      baseUrl: c.baseUrl ?? GOTO_DEFAULT_BASE_URL,
      auth: {
        type: "oauth2_password",
        tokenUrl: c.tokenUrl ?? GOTO_DEFAULT_TOKEN_URL,
        username: c.adminUsername,
        password: c.adminPassword,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        clientAuth: "basic",
      },
    };
  },
};
