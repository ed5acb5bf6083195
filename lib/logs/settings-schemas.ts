// Schemas of Settings → Notifications and retention, shared by the route, the OpenAPI document and the form (no server imports).
import { z } from "zod";

export const notificationSettingsPatch = z.strictObject({
  /** "" clears it (falls back to SMTP_FROM, then provisio@<portal host>) */
  fromAddress: z.union([z.email("fromAddress must be an email address, e.g. provisioning@example.com").max(254), z.literal("")]).optional(),
  retentionDays: z.number({ error: "retentionDays must be a number of days" }).int("retentionDays must be a whole number").min(1, "retentionDays must be at least 1").max(3650, "retentionDays can be at most 3650").optional(),
});
export type NotificationSettingsPatch = z.infer<typeof notificationSettingsPatch>;

export const notificationSettingsView = z.object({
  smtpConfigured: z.boolean(),
  fromAddress: z.string().nullable(),
  effectiveFromAddress: z.string(),
  retentionDays: z.number(),
  outbox: z.object({ pending: z.number(), failing: z.number(), lastError: z.string().nullable(), lastSentAt: z.string().nullable() }),
});
export type NotificationSettingsView = z.infer<typeof notificationSettingsView>;
