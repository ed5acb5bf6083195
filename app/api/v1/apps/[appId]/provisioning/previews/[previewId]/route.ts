// GET /api/v1/apps/{appId}/provisioning/previews/{previewId} – status, progress, counts, findings
import { handle, methods } from "@/lib/api/route";
import { getPreview } from "@/lib/sync/preview/service";
import { getPreviewRoute } from "@/lib/sync/preview/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getPreviewRoute, async ({ params }) => getPreview(params.appId, params.previewId)),
});
