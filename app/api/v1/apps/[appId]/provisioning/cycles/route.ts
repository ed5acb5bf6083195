// GET /api/v1/apps/{appId}/provisioning/cycles – cycle history
import { handle, methods } from "@/lib/api/route";
import { listCycles } from "@/lib/sync/status";
import { cyclesRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(cyclesRoute, async ({ params, query }) => listCycles(params.appId, query)),
});
