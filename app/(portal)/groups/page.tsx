import { getTranslations } from "next-intl/server";
import { GroupsTable } from "@/components/directory/groups-table";
import { Blade } from "@/components/shell/blade";

export async function generateMetadata() {
  return { title: (await getTranslations("common"))("groups") };
}

export default async function GroupsPage() {
  const t = await getTranslations("directory.pages");
  const tc = await getTranslations("common");
  return (
    <Blade title={tc("groups")} crumbs={[{ label: tc("groups") }]} subtitle={t("groupsSubtitle")}>
      <GroupsTable />
    </Blade>
  );
}
