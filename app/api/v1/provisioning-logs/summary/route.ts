// GET /api/v1/provisioning-logs/summary – actions per day and failures in the last 24 hours
import { handle, methods } from "@/lib/api/route";
import { logsSummary } from "@/lib/logs/summary";
import { provisioningLogsSummaryRoute } from "@/lib/logs/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(provisioningLogsSummaryRoute, async ({ query }) => logsSummary({ days: query.days, appId: query.appId })),
});
