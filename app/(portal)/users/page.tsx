import { getTranslations } from "next-intl/server";
import { UsersTable } from "@/components/directory/users-table";
import { Blade } from "@/components/shell/blade";

export async function generateMetadata() {
  return { title: (await getTranslations("common"))("users") };
}

export default async function UsersPage() {
  const t = await getTranslations("directory.pages");
  const tc = await getTranslations("common");
  return (
    <Blade title={tc("users")} crumbs={[{ label: tc("users") }]} subtitle={t("usersSubtitle")}>
      <UsersTable />
    </Blade>
  );
}
