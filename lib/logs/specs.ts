// Route specs of logs and notification settings: provisioning logs (list, detail,
// streamed CSV/JSON download, daily summary) and Settings → Notifications and retention.
import { z } from "zod";
import { defineRoute } from "../api/route";
import { LOG_ACTIONS, LOG_STATUSES } from "./provisioning-log";
import { notificationSettingsPatch, notificationSettingsView } from "./settings";

const when = (name: string) => z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z` }).optional();

export const provisioningLogFilterQuery = z.strictObject({
  appId: z.string().min(1).max(100).optional(),
  cycleId: z.string().min(1).max(100).optional(),
  status: z.enum(LOG_STATUSES as [string, ...string[]], { error: `status must be one of ${LOG_STATUSES.join(", ")}` }).optional(),
  action: z.enum(LOG_ACTIONS as [string, ...string[]], { error: `action must be one of ${LOG_ACTIONS.join(", ")}` }).optional(),
  objectType: z.enum(["user", "group"], { error: "objectType must be user or group" }).optional(),
  /** identity: name/UPN prefix, or an exact source or target id */
  q: z.string().max(256).optional(),
  from: when("from"),
  to: when("to"),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be at least 1").max(500, "limit can be at most 500").default(50),
  cursor: z.string().regex(/^\d{1,19}$/, "cursor must be the nextCursor of a previous page").optional(),
  format: z.enum(["csv", "json"], { error: "format must be csv or json" }).optional(),
});

const step = z.object({ name: z.string(), status: z.string(), details: z.string().optional(), at: z.string().optional() }); // `at`: when the engine took the step (the write path records it)
const modified = z.object({ name: z.string(), oldValue: z.unknown().optional(), newValue: z.unknown().optional() });
export const provisioningLogView = z.object({
  id: z.string(), at: z.string(), appId: z.string(), appName: z.string().nullable(), cycleId: z.string().nullable(), objectType: z.string(),
  action: z.string(), status: z.string(), sourceId: z.string().nullable(), sourceIdentity: z.string().nullable(), targetId: z.string().nullable(),
  steps: z.array(step), modifiedProperties: z.array(modified), errorCode: z.string().nullable(), reason: z.string().nullable(),
  recommendation: z.string().nullable(), durationMs: z.number().nullable(),
});

export const listProvisioningLogsRoute = defineRoute({
  method: "GET", path: "/api/v1/provisioning-logs", role: "reader", tags: ["Logs"],
  summary: "Provisioning log entries, newest first (keyset-paged); with format=csv|json the whole filtered set is downloaded as a stream",
  query: provisioningLogFilterQuery, produces: ["text/csv"],
  response: z.object({ items: z.array(provisioningLogView), nextCursor: z.string().nullable() }),
});

export const getProvisioningLogRoute = defineRoute({
  method: "GET", path: "/api/v1/provisioning-logs/{logId}", summary: "One provisioning log entry with the SCIM request/response exchanged (redacted)", role: "reader", tags: ["Logs"],
  params: z.object({ logId: z.string().min(1).max(30) }),
  response: provisioningLogView.extend({ exchange: z.unknown() }),
});

export const provisioningLogsSummaryRoute = defineRoute({
  method: "GET", path: "/api/v1/provisioning-logs/summary", summary: "Actions per day and failures in the last 24 hours (Overview)", role: "reader", tags: ["Logs"],
  query: z.strictObject({ days: z.coerce.number().int().min(1).max(90).default(14), appId: z.string().min(1).max(100).optional() }),
  response: z.object({
    days: z.array(z.object({ day: z.string(), create: z.number(), update: z.number(), disable: z.number(), delete: z.number(), other: z.number(), failure: z.number() })),
    failures24h: z.array(z.object({ appId: z.string(), appName: z.string().nullable(), failures: z.number() })),
  }),
});

export const getNotificationSettingsRoute = defineRoute({
  method: "GET", path: "/api/v1/settings/notifications", summary: "Notification email sender, SMTP status, outbox state and log retention", role: "reader", tags: ["Settings"],
  response: notificationSettingsView,
});
export const updateNotificationSettingsRoute = defineRoute({
  method: "PATCH", path: "/api/v1/settings/notifications", summary: "Change the notification sender address or the provisioning log retention (days)", role: "global_admin", tags: ["Settings"],
  body: notificationSettingsPatch, response: notificationSettingsView,
});
