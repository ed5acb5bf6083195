// POST /api/v1/settings/notifications/outbox/{emailId}/retry – send a failed email again now
import { handle, methods } from "@/lib/api/route";
import { retryOutboxEmail } from "@/lib/notify/outbox";
import { retryOutboxRoute } from "@/lib/notify/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(retryOutboxRoute, async ({ actor, params, ip }) => retryOutboxEmail(actor!, params.emailId, ip)),
});
