import { UsersTable } from "@/components/directory/users-table";
import { Blade } from "@/components/shell/blade";

export const metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <Blade title="Users" crumbs={[{ label: "Users" }]} subtitle="The directory's users: the source every provisioning job reads.">
      <UsersTable />
    </Blade>
  );
}
