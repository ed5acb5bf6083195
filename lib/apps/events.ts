// The hook between provisioning settings and the sync engine's scheduler, like
// lib/directory/events.ts: lib/apps (and mappings, configuration) await provisioningChanged()
// after a commit that changes what the engine should do (status on/off, credentials saved,
// interval/scope/mode changed, app deleted). It publishes a Postgres NOTIFY on
// PROVISIONING_CHANNEL; the worker processes' listener (lib/jobs/listener.ts) reschedules the app.
import { publish } from "../db/notify";
import { log } from "../log";

export const PROVISIONING_CHANNEL = "provisio_provisioning";

export type ProvisioningChangeReason = "created" | "status" | "credentials" | "settings" | "deleted";
export type ProvisioningNotice = { appId: string; reason: ProvisioningChangeReason };

const REASONS: readonly ProvisioningChangeReason[] = ["created", "status", "credentials", "settings", "deleted"];

/** Never throws: a scheduler hiccup must never fail the admin's save (the tick reconciles). */
export async function provisioningChanged(appId: string, reason: ProvisioningChangeReason = "settings"): Promise<void> {
  await publish(PROVISIONING_CHANNEL, { appId, reason } satisfies ProvisioningNotice).catch((err: unknown) => log.warn("could not announce a provisioning change", { appId, err: (err as Error).message }));
}

export function parseProvisioningNotice(text: string): ProvisioningNotice | null {
  try {
    const v = JSON.parse(text) as Partial<ProvisioningNotice>;
    if (typeof v.appId !== "string" || !REASONS.includes(v.reason as ProvisioningChangeReason)) return null;
    return { appId: v.appId, reason: v.reason as ProvisioningChangeReason };
  } catch {
    return null;
  }
}
