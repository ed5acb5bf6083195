import { Blade } from "@/components/shell/blade";
import { EmptyState } from "@/components/ui/states";

export const metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <Blade title="Overview" subtitle="Provisioning across your enterprise applications">
      <EmptyState title="No applications are provisioning yet">Add an application under Enterprise applications and turn provisioning on; its status and recent failures will show here.</EmptyState>
    </Blade>
  );
}
