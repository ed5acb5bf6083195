// Portal-wide settings of logs and notifications, kept in the `setting` table:
// the notification sender address and how long provisioning logs are kept.
import type { Actor } from "../auth/roles";
import { db, type Prisma } from "../db";
import { env } from "../env";
import { writeAudit } from "./audit";
import type { NotificationSettingsPatch, NotificationSettingsView } from "./settings-schemas";

export { notificationSettingsPatch, notificationSettingsView, type NotificationSettingsPatch, type NotificationSettingsView } from "./settings-schemas";

export const SETTING_FROM_ADDRESS = "notifications.fromAddress";
export const SETTING_RETENTION_DAYS = "logs.retentionDays";
export const DEFAULT_RETENTION_DAYS = 30;

async function readSetting(key: string): Promise<unknown> {
  const row = await db.setting.findUnique({ where: { key } });
  return row?.value ?? null;
}

export async function getRetentionDays(): Promise<number> {
  const v = await readSetting(SETTING_RETENTION_DAYS);
  return typeof v === "number" && Number.isInteger(v) && v >= 1 ? v : DEFAULT_RETENTION_DAYS;
}

export async function getFromAddressSetting(): Promise<string | null> {
  const v = await readSetting(SETTING_FROM_ADDRESS);
  return typeof v === "string" && v !== "" ? v : null;
}

/** Setting, else SMTP_FROM, else provisio@<host of NEXTAUTH_URL>. */
export async function effectiveFromAddress(): Promise<string> {
  const e = env();
  const host = e.NEXTAUTH_URL ? new URL(e.NEXTAUTH_URL).hostname : "localhost";
  return (await getFromAddressSetting()) ?? e.SMTP_FROM ?? `Provisio <provisio@${host}>`;
}

export async function getNotificationSettings(): Promise<NotificationSettingsView> {
  const [fromAddress, effective, retentionDays, pending, failing, lastFailed, lastSent] = await Promise.all([
    getFromAddressSetting(),
    effectiveFromAddress(),
    getRetentionDays(),
    db.emailOutbox.count({ where: { sentAt: null } }),
    db.emailOutbox.count({ where: { sentAt: null, lastError: { not: null } } }),
    db.emailOutbox.findFirst({ where: { sentAt: null, lastError: { not: null } }, orderBy: { nextAttemptAt: "desc" }, select: { lastError: true } }),
    db.emailOutbox.findFirst({ where: { sentAt: { not: null } }, orderBy: { sentAt: "desc" }, select: { sentAt: true } }),
  ]);
  return {
    smtpConfigured: Boolean(env().SMTP_URL),
    fromAddress,
    effectiveFromAddress: effective,
    retentionDays,
    outbox: { pending, failing, lastError: lastFailed?.lastError ?? null, lastSentAt: lastSent?.sentAt?.toISOString() ?? null },
  };
}

export async function updateNotificationSettings(actor: Actor, patch: NotificationSettingsPatch, ip?: string): Promise<NotificationSettingsView> {
  const before = { fromAddress: await getFromAddressSetting(), retentionDays: await getRetentionDays() };
  await db.$transaction(async (tx) => {
    const put = (key: string, value: Prisma.InputJsonValue) => tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    if (patch.fromAddress !== undefined) {
      if (patch.fromAddress === "") await tx.setting.deleteMany({ where: { key: SETTING_FROM_ADDRESS } });
      else await put(SETTING_FROM_ADDRESS, patch.fromAddress);
    }
    if (patch.retentionDays !== undefined) await put(SETTING_RETENTION_DAYS, patch.retentionDays);
    const after = {
      fromAddress: patch.fromAddress === undefined ? before.fromAddress : patch.fromAddress || null,
      retentionDays: patch.retentionDays ?? before.retentionDays,
    };
    await writeAudit(actor, { action: "settings.notifications_update", targetType: "settings", targetId: "notifications", targetName: "Notifications and retention", before, after }, tx, ip);
  });
  return getNotificationSettings();
}
