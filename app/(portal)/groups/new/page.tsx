import { GroupForm } from "@/components/directory/group-form";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export const metadata = { title: "New group" };

export default async function NewGroupPage() {
  await requirePageActor("app_admin");
  return (
    <Blade title="New group" crumbs={[{ label: "Groups", href: "/groups" }, { label: "New group" }]}>
      <GroupForm />
    </Blade>
  );
}
