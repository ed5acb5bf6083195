// GET|POST /api/v1/scim-tokens – list inbound SCIM tokens (readers) and create one (app admins; the value is shown once)
import { handle, methods } from "@/lib/api/route";
import { createScimTokenRoute, listScimTokensRoute } from "@/lib/scim-server/specs";
import { createScimToken, listScimTokens } from "@/lib/scim-server/tokens";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listScimTokensRoute, async () => ({ items: await listScimTokens(), nextCursor: null })),
  POST: handle(createScimTokenRoute, async ({ actor, body, ip }) => createScimToken(actor!, body, ip)),
});
