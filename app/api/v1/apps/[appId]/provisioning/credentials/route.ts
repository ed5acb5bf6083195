// GET|PUT /api/v1/apps/{appId}/provisioning/credentials – admin credentials (secrets write-only)
import { handle, methods } from "@/lib/api/route";
import { getAppOrThrow } from "@/lib/apps/apps";
import { credentialsView, saveCredentials } from "@/lib/apps/credentials";
import { getCredentialsRoute, putCredentialsRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getCredentialsRoute, async ({ params }) => credentialsView(await getAppOrThrow(params.appId))),
  PUT: handle(putCredentialsRoute, async ({ actor, params, body, query, ip, locale }) => saveCredentials(actor!, params.appId, body, { ip, force: query.force === "true", locale })),
});
