import { getTranslations } from "next-intl/server";
import { AppGallery } from "@/components/apps/app-gallery";
import { Blade } from "@/components/shell/blade";

export async function generateMetadata() {
  return { title: (await getTranslations("gallery"))("metaTitle") };
}

export default async function NewAppPage() {
  const t = await getTranslations();
  return (
    <Blade title={t("gallery.title")} crumbs={[{ label: t("shell.nav.apps"), href: "/apps" }, { label: t("gallery.title") }]}>
      <AppGallery />
    </Blade>
  );
}
