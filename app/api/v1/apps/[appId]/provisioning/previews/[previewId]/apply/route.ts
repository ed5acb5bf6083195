// POST /api/v1/apps/{appId}/provisioning/previews/{previewId}/apply – run the plan if it still holds (409 otherwise)
import { handle, methods } from "@/lib/api/route";
import { applyPreview } from "@/lib/sync/preview/service";
import { applyPreviewRoute } from "@/lib/sync/preview/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(applyPreviewRoute, async ({ actor, params, ip }) => applyPreview(actor!, params.appId, params.previewId, ip)),
});
