// GET|POST /api/v1/groups/{groupId}/members – list members (keyset-paged), add users
import { handle, methods } from "@/lib/api/route";
import { addMembers, listMembers } from "@/lib/directory/groups";
import { addMembersRoute, listMembersRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listMembersRoute, async ({ params, query }) => listMembers(params.groupId, { limit: query.limit, cursor: query.cursor })),
  POST: handle(addMembersRoute, async ({ actor, params, body, ip }) => addMembers(actor!, params.groupId, body.userIds, { ip })),
});
