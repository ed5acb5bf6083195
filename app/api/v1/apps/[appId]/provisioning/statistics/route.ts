// GET /api/v1/apps/{appId}/provisioning/statistics – statistics to date (Provisioning Overview)
import { handle, methods } from "@/lib/api/route";
import { getStatistics } from "@/lib/sync/statistics";
import { statisticsRoute } from "@/lib/sync/statistics-specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(statisticsRoute, async ({ params }) => getStatistics(params.appId)),
});
