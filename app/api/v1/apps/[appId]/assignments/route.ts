// GET|POST /api/v1/apps/{appId}/assignments – users and groups assigned to the app
import { handle, methods } from "@/lib/api/route";
import { addAssignment, listAssignments } from "@/lib/apps/assignments";
import { createAssignmentRoute, listAssignmentsRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listAssignmentsRoute, async ({ params, query }) => listAssignments(params.appId, query)),
  POST: handle(createAssignmentRoute, async ({ actor, params, body, ip }) => addAssignment(actor!, params.appId, body, { ip })),
});
