// GET /api/v1/templates – the application gallery
import { handle, methods } from "@/lib/api/route";
import { searchTemplates } from "@/lib/apps/templates";
import { listTemplatesRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listTemplatesRoute, async ({ query }) => searchTemplates(query.q)),
});
