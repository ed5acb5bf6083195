// GET /api/v1/provisioning-logs – filtered, keyset-paged log entries; ?format=csv|json streams the whole filtered set
import { handle, methods } from "@/lib/api/route";
import { listProvisioningLogs, provisioningLogsDownload, type ProvisioningLogFilters } from "@/lib/logs/provisioning-log";
import { listProvisioningLogsRoute } from "@/lib/logs/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listProvisioningLogsRoute, async ({ query, locale }) => {
    const filters: ProvisioningLogFilters = {
      appId: query.appId, cycleId: query.cycleId, q: query.q, objectType: query.objectType,
      status: query.status as ProvisioningLogFilters["status"], action: query.action as ProvisioningLogFilters["action"],
      from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined,
    };
    if (query.format) return provisioningLogsDownload(filters, query.format);
    return listProvisioningLogs(filters, { limit: query.limit, cursor: query.cursor, locale });
  }),
});
