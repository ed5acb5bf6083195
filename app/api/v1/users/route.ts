// GET|POST /api/v1/users – list (search, sort, keyset paging) and create directory users
import { handle, methods } from "@/lib/api/route";
import { createUserRoute, listUsersRoute } from "@/lib/directory/specs";
import { createUser, listUsers } from "@/lib/directory/users";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listUsersRoute, async ({ query }) =>
    listUsers({ q: query.q ?? query.filter, sort: query.sort, dir: query.dir, limit: query.limit, cursor: query.cursor, enabled: query.enabled === undefined ? undefined : query.enabled === "true" }),
  ),
  POST: handle(createUserRoute, async ({ actor, body, ip }) => createUser(actor!, body, { ip })),
});
