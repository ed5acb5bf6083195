// POST /api/v1/apps/{appId}/provisioning/restart
import { handle, methods } from "@/lib/api/route";
import { restartProvisioning } from "@/lib/sync/commands";
import { restartRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(restartRoute, async ({ actor, params, ip }) => restartProvisioning(actor!, params.appId, ip)),
});
