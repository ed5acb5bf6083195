import { NotConfigured } from "@/components/shell/not-configured";

export const metadata = { title: "Enterprise applications" };

export default function Page() {
  return <NotConfigured title="Enterprise applications" crumbs={[{ label: "Enterprise applications" }]} what="The application gallery and provisioning are not available in this build yet." />;
}
