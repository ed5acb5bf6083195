// POST /api/v1/apps/{appId}/provisioning/provision-on-demand – one user, or one group with up to
// five of its members, now, with the steps
import { handle, methods } from "@/lib/api/route";
import { provisionGroupOnDemand, provisionOnDemand } from "@/lib/sync/on-demand";
import { provisionOnDemandRoute } from "@/lib/sync/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // steps, reason and recommendation in the request's language (codes and enums stay English)
  POST: handle(provisionOnDemandRoute, async ({ actor, params, body, ip, locale }) =>
    body.groupId ? provisionGroupOnDemand(actor!, params.appId, body.groupId, body.memberIds, ip, locale) : provisionOnDemand(actor!, params.appId, body.userId!, ip, locale)),
});
