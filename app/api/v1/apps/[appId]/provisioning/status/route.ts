// GET /api/v1/apps/{appId}/provisioning/status – state, current/last cycle, next run
import { handle, methods } from "@/lib/api/route";
import { getStatus } from "@/lib/sync/status";
import { statusRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(statusRoute, async ({ params }) => getStatus(params.appId)),
});
