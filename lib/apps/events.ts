// The hook between provisioning settings and the sync engine's scheduler, in the
// same register-a-handler style as lib/directory/events.ts. lib/apps calls
// provisioningChanged() after a commit that changes what the engine should do
// (status on/off, credentials saved, interval/scope/mode changed, app deleted);
// the engine registers the handler at process start and (re)schedules the app.
// With no handler registered (tests, scripts) it is a no-op.

export type ProvisioningChangeReason = "created" | "status" | "credentials" | "settings" | "deleted";
export type ProvisioningNotice = { appId: string; reason: ProvisioningChangeReason };
type Handler = (notice: ProvisioningNotice) => Promise<void> | void;

let handler: Handler | null = null;

export function onProvisioningChanged(h: Handler | null) {
  handler = h;
}

export function provisioningChanged(appId: string, reason: ProvisioningChangeReason = "settings"): void {
  if (!handler) return;
  // Fire and forget: a scheduler hiccup must never fail the admin's save (the engine reconciles on start).
  Promise.resolve()
    .then(() => handler?.({ appId, reason }))
    .catch(() => undefined);
}
