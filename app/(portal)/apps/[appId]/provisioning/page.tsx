import { notFound } from "next/navigation";
import { AppBlade } from "@/components/apps/app-blade";
import { ProvisioningBlade } from "@/components/apps/provisioning-form";
import { getApp, listMappingSummaries } from "@/lib/apps/apps";
import { searchTemplates } from "@/lib/apps/templates";

export const metadata = { title: "Provisioning" };

export default async function AppProvisioningPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const template = searchTemplates().find((t) => t.id === app.templateId);
  if (!template) notFound();
  const mappings = await listMappingSummaries(appId);
  return (
    <AppBlade app={app} section="provisioning">
      <ProvisioningBlade appId={appId} appName={app.displayName} template={{ id: template.id, name: template.name, credentialFields: template.credentialFields }} mappings={mappings} />
    </AppBlade>
  );
}
