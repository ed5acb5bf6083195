// Route specs of /api/v1/scim-tokens (inbound SCIM bearer tokens).
import { z } from "zod";
import { defineRoute } from "../api/route";
import { createdScimTokenView, createScimTokenSchema, scimTokenView } from "./token-schemas";

const tags = ["SCIM tokens"];

export const listScimTokensRoute = defineRoute({
  method: "GET", path: "/api/v1/scim-tokens", summary: "List inbound SCIM tokens (never their values)", role: "reader", tags,
  response: z.object({ items: z.array(scimTokenView), nextCursor: z.null() }),
});
export const createScimTokenRoute = defineRoute({
  method: "POST", path: "/api/v1/scim-tokens", summary: "Create an inbound SCIM token; the value is in this response only", role: "app_admin", tags,
  body: createScimTokenSchema, status: 201, response: createdScimTokenView,
});
export const revokeScimTokenRoute = defineRoute({
  method: "DELETE", path: "/api/v1/scim-tokens/{tokenId}", summary: "Revoke an inbound SCIM token", role: "app_admin", status: 204, tags,
  params: z.object({ tokenId: z.string().min(1).max(100) }),
});
