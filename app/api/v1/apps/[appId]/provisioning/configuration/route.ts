// GET|PUT /api/v1/apps/{appId}/provisioning/configuration – export / apply the configuration document
import { handle, methods } from "@/lib/api/route";
import { getConfigurationRoute, putConfigurationRoute } from "@/lib/configuration/specs";
import { applyConfiguration, exportConfiguration } from "@/lib/configuration/store";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getConfigurationRoute, async ({ params }) => exportConfiguration(params.appId)),
  PUT: handle(putConfigurationRoute, async ({ actor, params, body, ip }) => applyConfiguration(actor!, params.appId, body, { ip })),
});
