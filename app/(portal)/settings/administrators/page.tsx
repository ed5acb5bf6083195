import { getTranslations } from "next-intl/server";
import { AdminsTable } from "@/components/admins/admins-table";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export async function generateMetadata() {
  return { title: (await getTranslations("admins.pages"))("title") };
}

export default async function AdministratorsPage() {
  await requirePageActor("global_admin");
  const t = await getTranslations("admins.pages");
  const ts = await getTranslations("settings");
  return (
    <Blade title={t("title")} crumbs={[{ label: ts("title"), href: "/settings" }, { label: t("title") }]} subtitle={t("subtitle")}>
      <AdminsTable />
    </Blade>
  );
}
