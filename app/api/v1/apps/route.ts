// GET|POST /api/v1/apps – all applications; add one from the gallery
import { handle, methods } from "@/lib/api/route";
import { createApp, listApps } from "@/lib/apps/apps";
import { createAppRoute, listAppsRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listAppsRoute, async ({ query }) => listApps(query)),
  POST: handle(createAppRoute, async ({ actor, body, ip }) => createApp(actor!, body, { ip })),
});
