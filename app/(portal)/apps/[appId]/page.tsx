import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AppOverview } from "@/components/apps/app-overview";
import { AppBlade } from "@/components/apps/app-blade";
import { getApp, toAppView } from "@/lib/apps/apps";
import { getProvisioning } from "@/lib/apps/provisioning";
import { db } from "@/lib/db";

export async function generateMetadata() {
  return { title: (await getTranslations())("apps.blade.section.overview") };
}

export default async function AppOverviewPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const [provisioning, assignmentCount] = await Promise.all([getProvisioning(appId), db.appAssignment.count({ where: { appId } })]);
  return (
    <AppBlade app={app} section="overview">
      <AppOverview app={toAppView(app)} provisioning={provisioning} assignmentCount={assignmentCount} />
    </AppBlade>
  );
}
