import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AppBlade } from "@/components/apps/app-blade";
import { AppPropertiesForm } from "@/components/apps/app-properties-form";
import { getApp, toAppView } from "@/lib/apps/apps";

export async function generateMetadata() {
  return { title: (await getTranslations())("apps.blade.section.properties") };
}

export default async function AppPropertiesPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  return (
    <AppBlade app={app} section="properties">
      <AppPropertiesForm app={toAppView(app)} />
    </AppBlade>
  );
}
