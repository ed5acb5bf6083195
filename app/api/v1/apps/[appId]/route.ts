// GET|PATCH|DELETE /api/v1/apps/{appId} – read, rename, delete an application
import { handle, methods } from "@/lib/api/route";
import { deleteApp, getAppView, updateApp } from "@/lib/apps/apps";
import { deleteAppRoute, getAppRoute, updateAppRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getAppRoute, async ({ params }) => getAppView(params.appId)),
  PATCH: handle(updateAppRoute, async ({ actor, params, body, ip }) => updateApp(actor!, params.appId, body, { ip })),
  DELETE: handle(deleteAppRoute, async ({ actor, params, ip }) => deleteApp(actor!, params.appId, { ip })),
});
