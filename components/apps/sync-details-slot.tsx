// ─── SLOT: Sync details (components/sync, owned by the sync-engine engineer) ───────────
// The Provisioning blade renders it below the settings, where Entra shows "Current cycle status".
import { SyncDetails } from "@/components/sync/sync-details";

export function SyncDetailsSlot({ appId }: { appId: string }) {
  return (
    <div className="border-t border-gray-200 pt-4">
      <SyncDetails appId={appId} />
    </div>
  );
}
