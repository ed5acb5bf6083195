import { Blade, type Crumb } from "./blade";
import { EmptyState } from "@/components/ui/states";

/** An honest placeholder for a blade whose feature has not landed yet: no fake data. */
export function NotConfigured({ title, crumbs, what }: { title: string; crumbs: Crumb[]; what: string }) {
  return (
    <Blade title={title} crumbs={crumbs}>
      <EmptyState title="Not configured yet">{what}</EmptyState>
    </Blade>
  );
}
