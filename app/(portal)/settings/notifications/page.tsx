import { getTranslations } from "next-intl/server";
import { NotificationOutbox } from "@/components/logs/notification-outbox";
import { NotificationSettingsForm } from "@/components/logs/notification-settings-form";
import { Blade } from "@/components/shell/blade";

export async function generateMetadata() {
  return { title: (await getTranslations("settings"))("notifications") };
}

export default async function NotificationSettingsPage() {
  const t = await getTranslations("settings");
  return (
    <Blade title={t("notifications")} crumbs={[{ label: t("title"), href: "/settings" }, { label: t("notifications") }]} subtitle={t("notificationsSubtitle")}>
      <div className="space-y-6">
        <NotificationSettingsForm />
        <NotificationOutbox />
      </div>
    </Blade>
  );
}
