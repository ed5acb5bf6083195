// GET /api/v1/apps/{appId}/provisioning/mappings/{mappingId}/source-attributes – what the editor's pickers offer
import { handle, methods } from "@/lib/api/route";
import { sourceAttributeCatalogue } from "@/lib/mappings/source-attributes";
import { sourceAttributesRoute } from "@/lib/mappings/specs";
import { getMappingOrThrow } from "@/lib/mappings/store";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(sourceAttributesRoute, async ({ params }) => {
    const m = await getMappingOrThrow(params.appId, params.mappingId);
    return { items: await sourceAttributeCatalogue(m.sourceObject), nextCursor: null };
  }),
});
