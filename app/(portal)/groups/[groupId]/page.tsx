import { getTranslations } from "next-intl/server";
import { GroupDetail } from "@/components/directory/group-detail";
import { Blade } from "@/components/shell/blade";
import { getGroup } from "@/lib/directory/groups";

export async function generateMetadata({ params }: { params: Promise<{ groupId: string }> }) {
  const g = await getGroup((await params).groupId).catch(() => null);
  return { title: g?.displayName ?? (await getTranslations("directory.pages"))("group") };
}

export default async function GroupPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  const t = await getTranslations("directory.pages");
  const tc = await getTranslations("common");
  const g = await getGroup(groupId);
  return (
    <Blade title={g?.displayName ?? t("group")} subtitle={g?.description ?? undefined} crumbs={[{ label: tc("groups"), href: "/groups" }, { label: g?.displayName ?? t("group") }]}>
      <GroupDetail groupId={groupId} />
    </Blade>
  );
}
