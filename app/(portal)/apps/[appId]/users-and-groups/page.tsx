import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AppBlade } from "@/components/apps/app-blade";
import { AppAssignments } from "@/components/apps/app-assignments";
import { getApp, toAppView } from "@/lib/apps/apps";
import { getTemplate } from "@/lib/connectors";
import { resolveProfile } from "@/lib/scim/profile";

export async function generateMetadata() {
  return { title: (await getTranslations())("apps.blade.section.users-and-groups") };
}

export default async function AppUsersAndGroupsPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  // what the connector really does when an assignment goes: some apps have no disabled state and delete
  const t = getTemplate(app.templateId);
  const profile = resolveProfile(t?.profile);
  const removal = profile.disableAction === "delete" || !profile.supportsActive ? "delete" : "disable";
  return (
    <AppBlade app={app} section="users-and-groups">
      <AppAssignments app={toAppView(app)} removal={removal} />
    </AppBlade>
  );
}
