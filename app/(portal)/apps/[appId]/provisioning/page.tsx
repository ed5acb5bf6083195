import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AppBlade } from "@/components/apps/app-blade";
import { ProvisioningOverview } from "@/components/apps/provisioning-overview";
import { getApp, listMappingSummaries } from "@/lib/apps/apps";
import { toProvisioningView } from "@/lib/apps/provisioning";

export async function generateMetadata() {
  return { title: (await getTranslations())("apps.blade.section.provisioning") };
}

/** Provisioning → Overview: commands, banners, live progress, statistics; the form is at ./edit. */
export default async function AppProvisioningPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const mappings = await listMappingSummaries(appId);
  return (
    <AppBlade app={app} section="provisioning">
      <ProvisioningOverview appId={appId} appName={app.displayName} initial={toProvisioningView(app)} mappings={mappings} />
    </AppBlade>
  );
}
