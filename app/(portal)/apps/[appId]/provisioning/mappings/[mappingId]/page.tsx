import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MappingEditor } from "@/components/mappings/mapping-editor";
import { Blade } from "@/components/shell/blade";
import { getApp } from "@/lib/apps/apps";
import { requirePageActor } from "@/lib/auth/page-session";
import { getMappingOrThrow } from "@/lib/mappings/store";

export async function generateMetadata() {
  return { title: (await getTranslations())("mappings.editor.attributeMapping") };
}

export default async function MappingPage({ params }: { params: Promise<{ appId: string; mappingId: string }> }) {
  await requirePageActor();
  const { appId, mappingId } = await params;
  const app = await getApp(appId);
  // Only the name for the title: the editor loads the document through the API (one code path).
  const mapping = app ? await getMappingOrThrow(app.id, mappingId).catch(() => null) : null;
  if (!app || !mapping) notFound();
  const base = `/apps/${app.id}/provisioning`;
  const t = await getTranslations();
  return (
    <Blade
      title={mapping.name} subtitle={`${t("mappings.editor.attributeMapping")} · ${app.displayName}`}
      crumbs={[{ label: t("shell.nav.apps"), href: "/apps" }, { label: app.displayName, href: `/apps/${app.id}` }, { label: t("apps.blade.section.provisioning"), href: base }, { label: t("mappings.list.title"), href: `${base}/mappings` }, { label: mapping.name }]}
    >
      <MappingEditor appId={app.id} mappingId={mapping.id} appName={app.displayName} />
    </Blade>
  );
}
