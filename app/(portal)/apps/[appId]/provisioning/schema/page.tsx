import { notFound } from "next/navigation";
import { ConfigurationEditor } from "@/components/configuration/configuration-editor";
import { Blade } from "@/components/shell/blade";
import { getApp } from "@/lib/apps/apps";
import { requirePageActor } from "@/lib/auth/page-session";

export const metadata = { title: "Schema editor" };

/** Entra: Provisioning → Mappings → Show advanced options → Review your schema here. */
export default async function SchemaPage({ params }: { params: Promise<{ appId: string }> }) {
  await requirePageActor();
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const base = `/apps/${app.id}/provisioning`;
  return (
    <Blade
      title="Schema editor" subtitle={app.displayName}
      crumbs={[{ label: "Enterprise applications", href: "/apps" }, { label: app.displayName, href: `/apps/${app.id}` }, { label: "Provisioning", href: base }, { label: "Mappings", href: `${base}/mappings` }, { label: "Schema editor" }]}
    >
      <ConfigurationEditor appId={app.id} appName={app.displayName} />
    </Blade>
  );
}
