import { notFound } from "next/navigation";
import { MappingsTable } from "@/components/mappings/mappings-table";
import { Blade } from "@/components/shell/blade";
import { getApp } from "@/lib/apps/apps";
import { requirePageActor } from "@/lib/auth/page-session";

export const metadata = { title: "Mappings" };

export default async function MappingsPage({ params }: { params: Promise<{ appId: string }> }) {
  await requirePageActor();
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  return (
    <Blade
      title="Mappings" subtitle={app.displayName}
      crumbs={[{ label: "Enterprise applications", href: "/apps" }, { label: app.displayName, href: `/apps/${app.id}` }, { label: "Provisioning", href: `/apps/${app.id}/provisioning` }, { label: "Mappings" }]}
    >
      <MappingsTable appId={app.id} />
    </Blade>
  );
}
