import { GroupsTable } from "@/components/directory/groups-table";
import { Blade } from "@/components/shell/blade";

export const metadata = { title: "Groups" };

export default function GroupsPage() {
  return (
    <Blade title="Groups" crumbs={[{ label: "Groups" }]} subtitle="Groups of directory users; assign a group to an app to provision all its members.">
      <GroupsTable />
    </Blade>
  );
}
