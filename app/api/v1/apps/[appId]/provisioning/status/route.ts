// GET /api/v1/apps/{appId}/provisioning/status – state, current/last cycle, next run
import { handle, methods } from "@/lib/api/route";
import { getStatus } from "@/lib/sync/status";
import { statusRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // the quarantine/pause reason in the reader's language (reasonCode stays as is)
  GET: handle(statusRoute, async ({ params, locale }) => getStatus(params.appId, locale)),
});
