// POST /api/v1/apps/{appId}/provisioning/stop
import { handle, methods } from "@/lib/api/route";
import { stopProvisioning } from "@/lib/sync/commands";
import { stopRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(stopRoute, async ({ actor, params, ip }) => stopProvisioning(actor!, params.appId, ip)),
});
