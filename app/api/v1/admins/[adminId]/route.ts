// PATCH|DELETE /api/v1/admins/{adminId} – change role/password/disabled, remove
import { deleteAdmin, updateAdmin } from "@/lib/admins/admins";
import { handle, methods } from "@/lib/api/route";
import { deleteAdminRoute, updateAdminRoute } from "@/lib/api/specs-core";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: handle(updateAdminRoute, async ({ actor, params, body }) => updateAdmin(actor!, params.adminId, body)),
  DELETE: handle(deleteAdminRoute, async ({ actor, params }) => deleteAdmin(actor!, params.adminId)),
});
