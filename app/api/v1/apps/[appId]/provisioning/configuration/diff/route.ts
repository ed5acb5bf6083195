// POST /api/v1/apps/{appId}/provisioning/configuration/diff – what applying a document would change
import { handle, methods } from "@/lib/api/route";
import { diffConfigurationRoute } from "@/lib/configuration/specs";
import { diffConfiguration } from "@/lib/configuration/store";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(diffConfigurationRoute, async ({ params, body }) => diffConfiguration(params.appId, body)),
});
