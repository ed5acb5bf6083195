// DELETE /api/v1/scim-tokens/{tokenId} – revoke (the row stays, listed as revoked)
import { handle, methods } from "@/lib/api/route";
import { revokeScimTokenRoute } from "@/lib/scim-server/specs";
import { revokeScimToken } from "@/lib/scim-server/tokens";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: handle(revokeScimTokenRoute, async ({ actor, params, ip }) => revokeScimToken(actor!, params.tokenId, ip)),
});
