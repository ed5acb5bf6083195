// GET /api/v1/apps/{appId}/roles – the app's roles (Default Access included where the template has it)
import { handle, methods } from "@/lib/api/route";
import { listRoles } from "@/lib/apps/assignments";
import { listRolesRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listRolesRoute, async ({ params }) => ({ items: await listRoles(params.appId), nextCursor: null })),
});
