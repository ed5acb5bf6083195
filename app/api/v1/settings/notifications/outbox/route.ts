// GET /api/v1/settings/notifications/outbox – notification emails (queued, sent, failed)
import { handle, methods } from "@/lib/api/route";
import { listOutbox } from "@/lib/notify/outbox";
import { listOutboxRoute } from "@/lib/notify/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listOutboxRoute, async ({ query }) => listOutbox(query)),
});
