// POST /api/v1/apps/{appId}/provisioning/provision-on-demand – one user, now, with the steps
import { handle, methods } from "@/lib/api/route";
import { provisionOnDemand } from "@/lib/sync/commands";
import { provisionOnDemandRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(provisionOnDemandRoute, async ({ actor, params, body, ip }) => provisionOnDemand(actor!, params.appId, body.userId, ip)),
});
