// GET /api/v1/provisioning-logs/{logId} – one entry with its redacted SCIM exchange
import { handle, methods } from "@/lib/api/route";
import { getProvisioningLog } from "@/lib/logs/provisioning-log";
import { getProvisioningLogRoute } from "@/lib/logs/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getProvisioningLogRoute, async ({ params, locale }) => getProvisioningLog(params.logId, locale)),
});
