// GET|PATCH /api/v1/settings/notifications – sender address, SMTP status, log retention
import { handle, methods } from "@/lib/api/route";
import { getNotificationSettings, updateNotificationSettings } from "@/lib/logs/settings";
import { getNotificationSettingsRoute, updateNotificationSettingsRoute } from "@/lib/logs/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(getNotificationSettingsRoute, async () => getNotificationSettings()),
  PATCH: handle(updateNotificationSettingsRoute, async ({ actor, body, ip }) => updateNotificationSettings(actor!, body, ip)),
});
