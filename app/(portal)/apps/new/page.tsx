import { AppGallery } from "@/components/apps/app-gallery";
import { Blade } from "@/components/shell/blade";

export const metadata = { title: "Browse the gallery" };

export default function NewAppPage() {
  return (
    <Blade title="Browse Provisio Gallery" crumbs={[{ label: "Enterprise applications", href: "/apps" }, { label: "Browse Provisio Gallery" }]}>
      <AppGallery />
    </Blade>
  );
}
