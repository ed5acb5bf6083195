// Slack — SCIM API (Business+ / Enterprise Grid). Sources:
//   https://docs.slack.dev/reference/scim-api/scim-api
//   https://docs.slack.dev/reference/scim-api/rate-limits
// Differences encoded below: base https://api.slack.com/scim/v2, org admin OAuth token
// (bearer, `admin` scope); org-wide write limit 600/min with per-endpoint limits of
// 180/min (burst 20) for user create/update/delete → a steady 3 req/s; 429 with Retry-After.
// DELETE /Users/{id} deactivates rather than erases, so disable stays PATCH active=false
// and Delete is what the admin opts into. No /Bulk.
import { z } from "zod";
import { DEFAULT_ACCESS_ROLE, ENTERPRISE, groupMapping, restrictTo, SCIM_GROUP_ATTRIBUTES, SCIM_USER_ATTRIBUTES, SCIM_USER_MAPPINGS, userMapping } from "../mappings";
import { monogramLogo } from "../logo";
import type { ConnectorTemplate } from "../types";
import { optionalHttpUrl, secretRequired } from "./shared";

const schema = z.object({ secretToken: secretRequired, baseUrl: optionalHttpUrl }).strict();
export const SLACK_BASE_URL = "https://api.slack.com/scim/v2";

// Slack requires an email and does not take a separate externalId mapping from Entra's default set.
const USER_ATTRS = SCIM_USER_ATTRIBUTES.filter((a) => !a.name.includes("addresses") && !a.name.startsWith(`${ENTERPRISE}:costCenter`));

export const slackTemplate: ConnectorTemplate = {
  id: "slack",
  name: "Slack",
  publisher: "Slack Technologies",
  description: "Team messaging. Provisions Slack members and user groups through Slack's SCIM API.",
  logo: monogramLogo("S", "#4a154b"),
  category: "collaboration",
  docsUrl: "https://docs.slack.dev/reference/scim-api/scim-api",
  credentialFields: [
    { name: "secretToken", label: "Secret Token", secret: true, type: "password", required: true, help: "An org admin user token with the admin scope." },
    { name: "baseUrl", label: "Tenant URL", secret: false, type: "url", required: false, advanced: true, placeholder: SLACK_BASE_URL },
  ],
  credentialSchema: schema,
  authStrategies: ["bearer"],
  defaultBaseUrl: SLACK_BASE_URL,
  roles: [DEFAULT_ACCESS_ROLE, { id: "member", displayName: "Member", description: "Full member.", validForProvisioning: true }, { id: "guest", displayName: "Guest", description: "Multi-channel guest.", validForProvisioning: true }],
  profile: {
    ratePerSecond: 3,
    maxConcurrency: 2,
    useBulk: "never",
    maxMembersPerPatch: 1000,
    filter: { operators: ["eq", "and", "or"] },
  },
  mappings: {
    user: userMapping("Provision Directory Users", restrictTo(SCIM_USER_MAPPINGS, USER_ATTRS), USER_ATTRS),
    group: groupMapping("Provision Directory Groups"),
  },
  targetAttributes: { user: USER_ATTRS, group: SCIM_GROUP_ATTRIBUTES },
  connection(raw) {
    const c = schema.parse(raw);
    return { baseUrl: c.baseUrl ?? SLACK_BASE_URL, auth: { type: "bearer", token: c.secretToken } };
  },
};
