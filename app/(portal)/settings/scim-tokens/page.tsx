import { NotConfigured } from "@/components/shell/not-configured";

export const metadata = { title: "SCIM tokens" };

export default function Page() {
  return <NotConfigured title="SCIM tokens" crumbs={[{ label: "Settings", href: "/settings" }, { label: "SCIM tokens" }]} what="Inbound SCIM is not available in this build yet." />;
}
