// GET|PATCH /api/v1/apps/{appId}/provisioning – provisioning mode, status, scope, notifications, deletion threshold, interval
import { handle, methods } from "@/lib/api/route";
import { getProvisioning, updateProvisioning } from "@/lib/apps/provisioning";
import { getProvisioningRoute, updateProvisioningRoute } from "@/lib/apps/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getProvisioningRoute, async ({ params }) => getProvisioning(params.appId)),
  PATCH: handle(updateProvisioningRoute, async ({ actor, params, body, ip, locale }) => updateProvisioning(actor!, params.appId, body, { ip, locale })),
});
