// GET|POST /api/v1/groups – list (prefix search, keyset paging) and create groups
import { handle, methods } from "@/lib/api/route";
import { createGroup, listGroups } from "@/lib/directory/groups";
import { createGroupRoute, listGroupsRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listGroupsRoute, async ({ query }) => listGroups({ q: query.q ?? query.filter, limit: query.limit, cursor: query.cursor })),
  POST: handle(createGroupRoute, async ({ actor, body, ip }) => createGroup(actor!, body, { ip })),
});
