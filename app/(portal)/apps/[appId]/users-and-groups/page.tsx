import { notFound } from "next/navigation";
import { AppBlade } from "@/components/apps/app-blade";
import { AppAssignments } from "@/components/apps/app-assignments";
import { getApp, toAppView } from "@/lib/apps/apps";

export const metadata = { title: "Users and groups" };

export default async function AppUsersAndGroupsPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  return (
    <AppBlade app={app} section="users-and-groups">
      <AppAssignments app={toAppView(app)} />
    </AppBlade>
  );
}
