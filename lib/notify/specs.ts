// Route specs of the notification outbox (Settings → Notifications, issue 17).
import { z } from "zod";
import { defineRoute, listQuery } from "../api/route";

const email = z.object({
  id: z.string(), to: z.string(), subject: z.string(), status: z.enum(["queued", "sent", "failed"]), attempts: z.number(), lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe("when it is tried next; null once sent or out of attempts"), sentAt: z.string().nullable(), createdAt: z.string(),
});

export const listOutboxRoute = defineRoute({
  method: "GET", path: "/api/v1/settings/notifications/outbox", summary: "Notification emails: queued, sent and failed, newest first", role: "reader", tags: ["Settings"],
  query: listQuery.extend({ status: z.enum(["queued", "sent", "failed"]).optional() }),
  response: z.object({ items: z.array(email), nextCursor: z.string().nullable() }),
});

export const retryOutboxRoute = defineRoute({
  method: "POST", path: "/api/v1/settings/notifications/outbox/{emailId}/retry", summary: "Send a failed notification email again now (its attempts start over)", role: "global_admin", tags: ["Settings"],
  params: z.object({ emailId: z.string().min(1).max(100) }), body: z.strictObject({}).optional(), response: email,
});
