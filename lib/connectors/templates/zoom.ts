// Zoom — SCIM2 API. Sources:
//   https://developers.zoom.us/docs/api/scim2/   (OpenAPI 3.1, server https://api.zoom.us, paths /scim2/…)
//   https://marketplace.zoom.us/docs/api-reference/scim-api/  ("rate limit of 1 request/second per account")
// Differences encoded below: base https://api.zoom.us/scim2; OAuth (server-to-server app:
// token from https://zoom.us/oauth/token with grant_type=account_credentials&account_id=…,
// client id/secret in Basic auth); 1 request/second, one at a time; users can only be
// filtered by `userName eq` or `externalId eq`; Accept must be application/scim+json;
// deactivation is PATCH active=false; no /Bulk.
import { z } from "zod";
import { DEFAULT_ACCESS_ROLE, groupMapping, SCIM_GROUP_ATTRIBUTES, SCIM_USER_ATTRIBUTES, userMapping } from "../mappings";
import { monogramLogo } from "../logo";
import type { ConnectorTemplate } from "../types";
import { optionalHttpUrl, required, secretRequired } from "./shared";

const schema = z
  .object({ accountId: required, clientId: required, clientSecret: secretRequired, baseUrl: optionalHttpUrl, tokenUrl: optionalHttpUrl })
  .strict();
export const ZOOM_BASE_URL = "https://api.zoom.us/scim2";
export const ZOOM_TOKEN_URL = "https://zoom.us/oauth/token";

export const zoomTemplate: ConnectorTemplate = {
  id: "zoom",
  name: "Zoom",
  publisher: "Zoom Video Communications",
  description: "Video meetings. Provisions Zoom users (licence type by role) and groups through the Zoom SCIM2 API.",
  logo: monogramLogo("Z", "#0b5cff"),
  category: "communication",
  docsUrl: "https://developers.zoom.us/docs/api/scim2/",
  credentialFields: [
    { name: "accountId", label: "Account ID", secret: false, type: "text", required: true, help: "From your Server-to-Server OAuth app with the scim2 scope." },
    { name: "clientId", label: "Client ID", secret: false, type: "text", required: true },
    { name: "clientSecret", label: "Client secret", secret: true, type: "password", required: true },
    { name: "baseUrl", label: "Tenant URL", secret: false, type: "url", required: false, advanced: true, placeholder: ZOOM_BASE_URL },
    { name: "tokenUrl", label: "Token URL", secret: false, type: "url", required: false, advanced: true, placeholder: ZOOM_TOKEN_URL },
  ],
  credentialSchema: schema,
  authStrategies: ["oauth2_client_credentials"],
  defaultBaseUrl: ZOOM_BASE_URL,
  roles: [
    DEFAULT_ACCESS_ROLE,
    { id: "basic", displayName: "Basic", description: "Basic (free) user.", validForProvisioning: true },
    { id: "licensed", displayName: "Licensed", description: "Licensed user.", validForProvisioning: true },
  ],
  profile: {
    ratePerSecond: 1,
    maxConcurrency: 1,
    useBulk: "never",
    filter: { supported: true, operators: ["eq"], attributes: ["userName", "externalId"] },
  },
  mappings: { user: userMapping("Provision Directory Users"), group: groupMapping("Provision Directory Groups") },
  targetAttributes: { user: SCIM_USER_ATTRIBUTES, group: SCIM_GROUP_ATTRIBUTES },
  connection(raw) {
    const c = schema.parse(raw);
    return {
      baseUrl: c.baseUrl ?? ZOOM_BASE_URL,
      auth: {
        type: "oauth2_client_credentials",
        tokenUrl: c.tokenUrl ?? ZOOM_TOKEN_URL,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        clientAuth: "basic",
        extraParams: { grant_type: "account_credentials", account_id: c.accountId },
      },
    };
  },
};
