import { NotificationOutbox } from "@/components/logs/notification-outbox";
import { NotificationSettingsForm } from "@/components/logs/notification-settings-form";
import { Blade } from "@/components/shell/blade";

export const metadata = { title: "Notifications and retention" };

export default function NotificationSettingsPage() {
  return (
    <Blade title="Notifications and retention" crumbs={[{ label: "Settings", href: "/settings" }, { label: "Notifications and retention" }]} subtitle="Notification emails and how long provisioning logs are kept">
      <div className="space-y-6">
        <NotificationSettingsForm />
        <NotificationOutbox />
      </div>
    </Blade>
  );
}
