// POST /api/v1/users/import – CSV import (text/csv); per-row results with line numbers
import { handle, methods } from "@/lib/api/route";
import { importUsersCsv } from "@/lib/directory/csv-import";
import { importUsersRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(importUsersRoute, async ({ actor, rawBody, query, ip }) => importUsersCsv(actor!, rawBody ?? "", { lineOffset: query.lineOffset, ip })),
});
