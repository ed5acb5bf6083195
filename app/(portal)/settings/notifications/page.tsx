import { NotConfigured } from "@/components/shell/not-configured";

export const metadata = { title: "Notifications and retention" };

export default function Page() {
  return <NotConfigured title="Notifications and retention" crumbs={[{ label: "Settings", href: "/settings" }, { label: "Notifications and retention" }]} what="Notification emails and log retention are not available in this build yet." />;
}
