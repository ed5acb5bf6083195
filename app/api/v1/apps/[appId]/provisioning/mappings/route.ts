// GET /api/v1/apps/{appId}/provisioning/mappings – the users and groups mappings of an app
import { handle, methods } from "@/lib/api/route";
import { listMappingsRoute } from "@/lib/mappings/specs";
import { getMappings } from "@/lib/mappings/store";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listMappingsRoute, async ({ params }) => ({ items: await getMappings(params.appId), nextCursor: null })),
});
