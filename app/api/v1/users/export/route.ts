// GET /api/v1/users/export – all users as a streamed CSV download
import { handle, methods } from "@/lib/api/route";
import { exportUsersResponse } from "@/lib/directory/csv-export";
import { exportUsersRoute } from "@/lib/directory/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(exportUsersRoute, async () => exportUsersResponse()),
});
