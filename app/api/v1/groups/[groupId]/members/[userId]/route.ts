// DELETE /api/v1/groups/{groupId}/members/{userId} – remove a member
import { handle, methods } from "@/lib/api/route";
import { removeMember } from "@/lib/directory/groups";
import { removeMemberRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: handle(removeMemberRoute, async ({ actor, params, ip }) => removeMember(actor!, params.groupId, params.userId, { ip })),
});
