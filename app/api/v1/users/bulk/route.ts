// POST /api/v1/users/bulk – disable / enable / delete / add to or remove from a group, up to 1,000 users
import { handle, methods } from "@/lib/api/route";
import { bulkUsers } from "@/lib/directory/bulk";
import { bulkUsersRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(bulkUsersRoute, async ({ actor, body, ip }) => bulkUsers(actor!, body, { ip })),
});
