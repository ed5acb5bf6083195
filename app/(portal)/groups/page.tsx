import { NotConfigured } from "@/components/shell/not-configured";

export const metadata = { title: "Groups" };

export default function Page() {
  return <NotConfigured title="Groups" crumbs={[{ label: "Groups" }]} what="Groups and memberships are not available in this build yet." />;
}
