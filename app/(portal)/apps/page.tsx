import { AppsList } from "@/components/apps/apps-list";
import { Blade } from "@/components/shell/blade";

export const metadata = { title: "Enterprise applications" };

export default function AppsPage() {
  return (
    <Blade title="Enterprise applications | All applications" crumbs={[{ label: "Enterprise applications" }]}>
      <AppsList />
    </Blade>
  );
}
