import { GroupDetail } from "@/components/directory/group-detail";
import { Blade } from "@/components/shell/blade";
import { getGroup } from "@/lib/directory/groups";

export async function generateMetadata({ params }: { params: Promise<{ groupId: string }> }) {
  const g = await getGroup((await params).groupId).catch(() => null);
  return { title: g?.displayName ?? "Group" };
}

export default async function GroupPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  const g = await getGroup(groupId);
  return (
    <Blade title={g?.displayName ?? "Group"} subtitle={g?.description ?? undefined} crumbs={[{ label: "Groups", href: "/groups" }, { label: g?.displayName ?? "Group" }]}>
      <GroupDetail groupId={groupId} />
    </Blade>
  );
}
