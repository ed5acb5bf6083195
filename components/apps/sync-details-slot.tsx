// ─── SLOT: Sync details (owned by the sync-engine engineer) ───────────────────────────
// The Provisioning blade renders <SyncDetailsSlot appId=…/> below the settings. When
// components/sync/sync-details.tsx lands, render it here (one line); until then this
// renders nothing, so no fake progress is ever shown.
export function SyncDetailsSlot({ appId }: { appId: string }) {
  void appId;
  return null;
}
