// POST /api/v1/apps/{appId}/provisioning/test-connection – Test Connection (saved or unsaved credentials); 200 either way
import { handle, methods } from "@/lib/api/route";
import { testAppConnection } from "@/lib/apps/credentials";
import { testConnectionRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(testConnectionRoute, async ({ actor, params, body, ip, locale }) => testAppConnection(params.appId, body, { actor, ip, locale })),
});
