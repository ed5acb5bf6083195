import { AdminsTable } from "@/components/admins/admins-table";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export const metadata = { title: "Administrators" };

export default async function AdministratorsPage() {
  await requirePageActor("global_admin");
  return (
    <Blade title="Administrators" crumbs={[{ label: "Settings", href: "/settings" }, { label: "Administrators" }]} subtitle="Global administrators manage everything; application administrators manage the directory and apps; readers change nothing.">
      <AdminsTable />
    </Blade>
  );
}
