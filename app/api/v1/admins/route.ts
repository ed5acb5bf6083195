// GET|POST /api/v1/admins – list and add administrators (global admins only)
import { createAdmin, listAdmins } from "@/lib/admins/admins";
import { handle, methods } from "@/lib/api/route";
import { createAdminRoute, listAdminsRoute } from "@/lib/api/specs-core";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listAdminsRoute, async () => ({ items: await listAdmins(), nextCursor: null })),
  POST: handle(createAdminRoute, async ({ actor, body }) => createAdmin(actor!, body)),
});
