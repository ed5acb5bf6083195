import { getTranslations } from "next-intl/server";
import { GroupForm } from "@/components/directory/group-form";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export async function generateMetadata() {
  return { title: (await getTranslations("directory.groups"))("new") };
}

export default async function NewGroupPage() {
  await requirePageActor("app_admin");
  const t = await getTranslations("directory.groups");
  const tc = await getTranslations("common");
  return (
    <Blade title={t("new")} crumbs={[{ label: tc("groups"), href: "/groups" }, { label: t("new") }]}>
      <GroupForm />
    </Blade>
  );
}
