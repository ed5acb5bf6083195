import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ConfigurationEditor } from "@/components/configuration/configuration-editor";
import { Blade } from "@/components/shell/blade";
import { getApp } from "@/lib/apps/apps";
import { requirePageActor } from "@/lib/auth/page-session";

export async function generateMetadata() {
  return { title: (await getTranslations())("mappings.schemaEditor") };
}

/** Entra: Provisioning → Mappings → Show advanced options → Review your schema here. */
export default async function SchemaPage({ params }: { params: Promise<{ appId: string }> }) {
  await requirePageActor();
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const base = `/apps/${app.id}/provisioning`;
  const t = await getTranslations();
  return (
    <Blade
      title={t("mappings.schemaEditor")} subtitle={app.displayName}
      crumbs={[{ label: t("shell.nav.apps"), href: "/apps" }, { label: app.displayName, href: `/apps/${app.id}` }, { label: t("apps.blade.section.provisioning"), href: base }, { label: t("mappings.list.title"), href: `${base}/mappings` }, { label: t("mappings.schemaEditor") }]}
    >
      <ConfigurationEditor appId={app.id} appName={app.displayName} />
    </Blade>
  );
}
