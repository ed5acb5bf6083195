// POST /api/v1/apps/{appId}/provisioning/allow-deletions
import { handle, methods } from "@/lib/api/route";
import { allowDeletions } from "@/lib/sync/commands";
import { allowDeletionsRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(allowDeletionsRoute, async ({ actor, params, ip }) => allowDeletions(actor!, params.appId, ip)),
});
