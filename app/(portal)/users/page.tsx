import { NotConfigured } from "@/components/shell/not-configured";

export const metadata = { title: "Users" };

export default function Page() {
  return <NotConfigured title="Users" crumbs={[{ label: "Users" }]} what="The directory (users, CSV import, inbound SCIM) is not available in this build yet." />;
}
