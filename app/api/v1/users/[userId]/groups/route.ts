// GET /api/v1/users/{userId}/groups – the groups a user belongs to (user page)
import { handle, methods } from "@/lib/api/route";
import { userGroupsRoute } from "@/lib/directory/specs";
import { getUserOrThrow, listUserGroups } from "@/lib/directory/users";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(userGroupsRoute, async ({ params }) => {
    await getUserOrThrow(params.userId);
    return { items: await listUserGroups(params.userId), nextCursor: null };
  }),
});
