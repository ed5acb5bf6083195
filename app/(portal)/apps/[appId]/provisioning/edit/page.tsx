import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AppBlade } from "@/components/apps/app-blade";
import { ProvisioningBlade } from "@/components/apps/provisioning-form";
import { getApp, listMappingSummaries } from "@/lib/apps/apps";
import { credentialsView } from "@/lib/apps/credentials";
import { toProvisioningView } from "@/lib/apps/provisioning";
import { searchTemplates } from "@/lib/apps/templates";

export async function generateMetadata() {
  return { title: (await getTranslations())("provisioning.edit.title") };
}

/** Edit provisioning: mode, admin credentials, mappings, settings, status. Settings come with the page (no client round trips before the form shows). */
export default async function EditProvisioningPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const template = searchTemplates().find((t) => t.id === app.templateId);
  if (!template) notFound();
  const mappings = await listMappingSummaries(appId);
  const t = await getTranslations();
  return (
    <AppBlade app={app} section="provisioning" page={{ label: t("provisioning.edit.title") }}>
      <ProvisioningBlade
        appId={appId} appName={app.displayName} mappings={mappings}
        template={{ id: template.id, name: template.name, credentialFields: template.credentialFields }}
        initial={toProvisioningView(app)} initialCredentials={credentialsView(app)}
      />
    </AppBlade>
  );
}
