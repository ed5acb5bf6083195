// GET /api/v1/me – the calling administrator
import { handle, methods } from "@/lib/api/route";
import { meRoute } from "@/lib/api/specs-core";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(meRoute, async ({ actor }) => ({ id: actor!.id, email: actor!.email, name: actor!.name, role: actor!.role })),
});
