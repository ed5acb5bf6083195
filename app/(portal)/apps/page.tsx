import { AppsList } from "@/components/apps/apps-list";
import { getTranslations } from "next-intl/server";
import { Blade } from "@/components/shell/blade";

export async function generateMetadata() {
  return { title: (await getTranslations())("shell.nav.apps") };
}

export default async function AppsPage() {
  const t = await getTranslations();
  return (
    <Blade title={t("apps.list.title")} crumbs={[{ label: t("shell.nav.apps") }]}>
      <AppsList />
    </Blade>
  );
}
