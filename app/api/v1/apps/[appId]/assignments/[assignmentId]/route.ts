// DELETE /api/v1/apps/{appId}/assignments/{assignmentId} – remove an assignment
import { handle, methods } from "@/lib/api/route";
import { removeAssignment } from "@/lib/apps/assignments";
import { deleteAssignmentRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: handle(deleteAssignmentRoute, async ({ actor, params, ip }) => removeAssignment(actor!, params.appId, params.assignmentId, { ip })),
});
