// POST /api/v1/apps/{appId}/provisioning/mappings/{mappingId}/restore-defaults – the template's mapping again
import { handle, methods } from "@/lib/api/route";
import { restoreDefaultMappingsRoute } from "@/lib/mappings/specs";
import { restoreDefaultMappings } from "@/lib/mappings/store";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(restoreDefaultMappingsRoute, async ({ actor, params, ip }) => restoreDefaultMappings(actor!, params.appId, params.mappingId, { ip })),
});
