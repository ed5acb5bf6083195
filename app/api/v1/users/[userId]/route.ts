// GET|PATCH|DELETE /api/v1/users/{userId} – read, change, delete one user
import { handle, methods } from "@/lib/api/route";
import { deleteUserRoute, getUserRoute, updateUserRoute } from "@/lib/directory/specs";
import { deleteUser, getUserOrThrow, updateUser } from "@/lib/directory/users";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getUserRoute, async ({ params }) => getUserOrThrow(params.userId)),
  PATCH: handle(updateUserRoute, async ({ actor, params, body, ip }) => updateUser(actor!, params.userId, body, { ip })),
  DELETE: handle(deleteUserRoute, async ({ actor, params, ip }) => deleteUser(actor!, params.userId, { ip })),
});
