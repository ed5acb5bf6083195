// POST /api/v1/apps/{appId}/provisioning/previews – queue a preview (202); GET – the latest previews
import { handle, methods } from "@/lib/api/route";
import { createPreview, listPreviews } from "@/lib/sync/preview/service";
import { createPreviewRoute, listPreviewsRoute } from "@/lib/sync/preview/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(createPreviewRoute, async ({ actor, params, body, ip }) => createPreview(actor!, params.appId, ip, { changesOnly: body?.changesOnly })),
  GET: handle(listPreviewsRoute, async ({ params }) => ({ items: await listPreviews(params.appId) })),
});
