// GET|PATCH|DELETE /api/v1/groups/{groupId} – read, change, delete one group
import { handle, methods } from "@/lib/api/route";
import { deleteGroup, getGroupOrThrow, updateGroup } from "@/lib/directory/groups";
import { deleteGroupRoute, getGroupRoute, updateGroupRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getGroupRoute, async ({ params }) => getGroupOrThrow(params.groupId)),
  PATCH: handle(updateGroupRoute, async ({ actor, params, body, ip }) => updateGroup(actor!, params.groupId, body, { ip })),
  DELETE: handle(deleteGroupRoute, async ({ actor, params, ip }) => deleteGroup(actor!, params.groupId, { ip })),
});
