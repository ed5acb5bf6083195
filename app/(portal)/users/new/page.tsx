import { getTranslations } from "next-intl/server";
import { UserForm } from "@/components/directory/user-form";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export async function generateMetadata() {
  return { title: (await getTranslations("directory.users"))("new") };
}

export default async function NewUserPage() {
  await requirePageActor("app_admin");
  const t = await getTranslations("directory.users");
  const tc = await getTranslations("common");
  return (
    <Blade title={t("new")} crumbs={[{ label: tc("users"), href: "/users" }, { label: t("new") }]}>
      <UserForm />
    </Blade>
  );
}
