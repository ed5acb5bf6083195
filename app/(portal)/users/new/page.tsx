import { UserForm } from "@/components/directory/user-form";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export const metadata = { title: "New user" };

export default async function NewUserPage() {
  await requirePageActor("app_admin");
  return (
    <Blade title="New user" crumbs={[{ label: "Users", href: "/users" }, { label: "New user" }]}>
      <UserForm />
    </Blade>
  );
}
