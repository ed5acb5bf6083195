// GET|PUT /api/v1/apps/{appId}/provisioning/mappings/{mappingId} – read / replace one mapping
import { handle, methods } from "@/lib/api/route";
import { getMappingRoute, putMappingRoute } from "@/lib/mappings/specs";
import { getMappingOrThrow, saveMapping } from "@/lib/mappings/store";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getMappingRoute, async ({ params }) => getMappingOrThrow(params.appId, params.mappingId)),
  PUT: handle(putMappingRoute, async ({ actor, params, body, ip }) => saveMapping(actor!, params.appId, params.mappingId, body, { ip })),
});
