import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MappingsTable } from "@/components/mappings/mappings-table";
import { Blade } from "@/components/shell/blade";
import { getApp } from "@/lib/apps/apps";
import { requirePageActor } from "@/lib/auth/page-session";

export async function generateMetadata() {
  return { title: (await getTranslations())("mappings.list.title") };
}

export default async function MappingsPage({ params }: { params: Promise<{ appId: string }> }) {
  await requirePageActor();
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const t = await getTranslations();
  return (
    <Blade
      title={t("mappings.list.title")} subtitle={app.displayName}
      crumbs={[{ label: t("shell.nav.apps"), href: "/apps" }, { label: app.displayName, href: `/apps/${app.id}` }, { label: t("apps.blade.section.provisioning"), href: `/apps/${app.id}/provisioning` }, { label: t("mappings.list.title") }]}
    >
      <MappingsTable appId={app.id} />
    </Blade>
  );
}
