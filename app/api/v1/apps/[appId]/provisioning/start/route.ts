// POST /api/v1/apps/{appId}/provisioning/start
import { handle, methods } from "@/lib/api/route";
import { startProvisioning } from "@/lib/sync/commands";
import { startRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(startRoute, async ({ actor, params, ip }) => startProvisioning(actor!, params.appId, ip)),
});
