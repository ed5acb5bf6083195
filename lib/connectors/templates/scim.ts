// Generic "SCIM 2.0 app (non-gallery)" — Entra's "non-gallery application" provisioning:
// Tenant URL + Secret Token (bearer), or OAuth2 client credentials.
import { z } from "zod";
import { DEFAULT_ACCESS_ROLE, groupMapping, SCIM_GROUP_ATTRIBUTES, SCIM_USER_ATTRIBUTES, userMapping } from "../mappings";
import { monogramLogo } from "../logo";
import type { ConnectorTemplate } from "../types";
import { CREDENTIAL_ISSUES, httpUrl, optional, optionalHttpUrl } from "./shared";

const schema = z
  .object({
    tenantUrl: httpUrl,
    authMethod: z.enum(["bearer", "oauth2_client_credentials"]).default("bearer"),
    secretToken: optional,
    tokenUrl: optionalHttpUrl,
    clientId: optional,
    clientSecret: optional,
    scope: optional,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.authMethod === "bearer" && !c.secretToken) ctx.addIssue({ code: "custom", path: ["secretToken"], message: CREDENTIAL_ISSUES.required });
    if (c.authMethod === "oauth2_client_credentials") {
      for (const k of ["tokenUrl", "clientId", "clientSecret"] as const) if (!c[k]) ctx.addIssue({ code: "custom", path: [k], message: CREDENTIAL_ISSUES.requiredForOAuth2 });
    }
  });

export const scimTemplate: ConnectorTemplate = {
  id: "scim",
  name: "SCIM 2.0 app (non-gallery)",
  publisher: "Provisio",
  description: "Provision users and groups to any application that implements a SCIM 2.0 (RFC 7643/7644) service provider.",
  logo: monogramLogo("SCIM", "#0f6cbd"),
  category: "generic",
  docsUrl: "https://datatracker.ietf.org/doc/html/rfc7644",
  credentialFields: [
    { name: "tenantUrl", label: "Tenant URL", secret: false, type: "url", required: true, placeholder: "https://app.example.com/scim/v2", help: "The SCIM base URL, without /Users." },
    {
      name: "authMethod",
      label: "Authentication method",
      secret: false,
      type: "select",
      required: true,
      options: [
        { value: "bearer", label: "Bearer authentication (Secret Token)" },
        { value: "oauth2_client_credentials", label: "OAuth2 client credentials grant" },
      ],
    },
    { name: "secretToken", label: "Secret Token", secret: true, type: "password", required: false, help: "Sent as Authorization: Bearer <token>." },
    { name: "tokenUrl", label: "Token endpoint", secret: false, type: "url", required: false, placeholder: "https://login.example.com/oauth2/token" },
    { name: "clientId", label: "Client identifier", secret: false, type: "text", required: false },
    { name: "clientSecret", label: "Client secret", secret: true, type: "password", required: false },
    { name: "scope", label: "Scope", secret: false, type: "text", required: false, advanced: true },
  ],
  credentialSchema: schema,
  authStrategies: ["bearer", "oauth2_client_credentials"],
  defaultBaseUrl: null,
  roles: [DEFAULT_ACCESS_ROLE, { id: "user", displayName: "User", description: "A regular user of the app.", validForProvisioning: true }],
  profile: {},
  mappings: { user: userMapping("Provision Directory Users"), group: groupMapping("Provision Directory Groups") },
  targetAttributes: { user: SCIM_USER_ATTRIBUTES, group: SCIM_GROUP_ATTRIBUTES },
  connection(raw) {
    const c = schema.parse(raw);
    if (c.authMethod === "oauth2_client_credentials") {
      return {
        baseUrl: c.tenantUrl,
        auth: { type: "oauth2_client_credentials", tokenUrl: c.tokenUrl!, clientId: c.clientId!, clientSecret: c.clientSecret!, scope: c.scope },
      };
    }
    return { baseUrl: c.tenantUrl, auth: { type: "bearer", token: c.secretToken! } };
  },
};
