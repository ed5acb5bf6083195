import { NotConfigured } from "@/components/shell/not-configured";

export const metadata = { title: "Provisioning logs" };

export default function Page() {
  return <NotConfigured title="Provisioning logs" crumbs={[{ label: "Provisioning logs" }]} what="No provisioning has run: the sync engine is not available in this build yet." />;
}
