// GET /api/v1/apps/{appId}/provisioning/previews/{previewId}/items – filtered, keyset-paged; format=csv|json downloads
import { handle, methods } from "@/lib/api/route";
import { previewExportResponse } from "@/lib/sync/preview/export";
import { getPreview, listPreviewItems } from "@/lib/sync/preview/service";
import { previewItemsRoute } from "@/lib/sync/preview/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(previewItemsRoute, async ({ params, query, locale }) => {
    const { format, cursor, limit, ...filters } = query;
    if (format) {
      await getPreview(params.appId, params.previewId); // 404 before the stream starts
      return previewExportResponse(params.appId, params.previewId, filters, format);
    }
    return listPreviewItems(params.appId, params.previewId, { ...filters, cursor, limit, locale });
  }),
});
