// Provisioning settings of one app (GET|PATCH …/provisioning), with Entra's rules:
// Status On needs saved credentials that pass Test Connection (run here, now);
// Prevent accidental deletion needs a Notification Email; a scope change makes the
// next cycle initial. Every change is audited with before/after.
import type { z } from "zod";
import type { Actor } from "../auth/roles";
import { db, type Tx } from "../db";
import type { App } from "../db/generated/client";
import { parseInput } from "../directory/validate";
import { AppError, joinedKeys, localized, notFound } from "../errors";
import type { Locale } from "../i18n/locales";
import { writeAudit } from "../logs/audit";
import { getAppOrThrow } from "./apps";
import { hasSavedCredentials, testAppConnection } from "./credentials";
import { markNextCycleInitial } from "../sync/state";
import { provisioningChanged } from "./events";
import { provisioningPatchSchema, provisioningRuleIssues, type ProvisioningSettings, type ProvisioningView } from "./schemas";

function settingsOf(a: App): ProvisioningSettings {
  return {
    mode: a.mode === "automatic" ? "automatic" : "manual",
    status: a.status === "on" ? "on" : "off",
    scope: a.scope === "all" ? "all" : "assigned",
    notificationEmail: a.notificationEmail,
    sendFailureEmails: a.sendFailureEmails,
    preventAccidentalDeletion: a.preventAccidentalDeletion,
    accidentalDeletionThreshold: a.accidentalDeletionThreshold,
    intervalMinutes: a.intervalMinutes,
  };
}

export function toProvisioningView(a: App): ProvisioningView {
  return { ...settingsOf(a), credentialsSaved: hasSavedCredentials(a), lastTestOk: a.lastTestOk, lastTestAt: a.lastTestAt?.toISOString() ?? null };
}

export async function getProvisioning(appId: string): Promise<ProvisioningView> {
  return toProvisioningView(await getAppOrThrow(appId));
}

export async function updateProvisioning(actor: Actor, appId: string, input: z.input<typeof provisioningPatchSchema>, opts: { ip?: string; announce?: boolean; locale?: Locale } = {}): Promise<ProvisioningView> {
  const patch = parseInput(provisioningPatchSchema, input);
  const current = await getAppOrThrow(appId);
  const turningOn = patch.status === "on" && current.status !== "on";

  const check = (app: App) => {
    const next: ProvisioningSettings = { ...settingsOf(app), ...patch } as ProvisioningSettings;
    const issues = provisioningRuleIssues(next);
    if (issues.length) {
      const err = new AppError("unprocessable", issues.map((i) => i.message).join(" "), issues.map(({ path, message }) => ({ path, message })));
      // Each rule's catalogue text, joined in the reader's language when several are broken.
      err.i18n = joinedKeys("sentences", issues.map((i) => ({ key: `errors.rule.${i.code}` })));
      throw err;
    }
    return next;
  };
  check(current);

  if (turningOn) {
    // Entra tests the connection before it starts; so do we, outside the transaction (network I/O).
    if (!hasSavedCredentials(current)) {
      throw localized(new AppError("unprocessable", "Save the Admin Credentials and test the connection before turning Provisioning Status On.", [{ path: "status", message: "no saved credentials" }]), "statusOnNoCredentials");
    }
    const result = await testAppConnection(appId, undefined, { actor, locale: opts.locale });
    if (!result.ok) {
      throw localized(new AppError("unprocessable", `Provisioning Status can't be turned On: Test Connection failed. ${result.message}`, [{ path: "status", message: result.message, code: result.code }]), "statusOnTestFailed", { message: result.message });
    }
  }

  const { before, after } = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM app WHERE id = ${appId} FOR UPDATE`;
    const before = await tx.app.findUnique({ where: { id: appId } });
    if (!before) throw notFound("The application");
    const next = check(before);
    // Credentials replaced while we were testing: what we tested is not what is saved.
    if (turningOn && (before.credentialsSecret !== current.credentialsSecret || JSON.stringify(before.credentialsPublic) !== JSON.stringify(current.credentialsPublic))) {
      throw localized(new AppError("conflict", "The admin credentials changed while the connection was being tested. Save again."), "credentialsChangedDuringTest");
    }
    const after = await tx.app.update({ where: { id: appId }, data: next });
    const changed = (Object.keys(next) as Array<keyof ProvisioningSettings>).filter((k) => before[k] !== after[k]);
    if (changed.length) {
      if (changed.includes("scope")) {
        // Entra restarts with an initial cycle when the scope changes.
        await markNextCycleInitial(tx, appId);
      }
      const pick = (a: App) => Object.fromEntries(changed.map((k) => [k, a[k]]));
      await writeAudit(actor, { action: "provisioning.update", targetType: "app", targetId: appId, targetName: before.displayName, before: pick(before), after: pick(after) }, tx, opts.ip);
    }
    return { before, after };
  });
  // announce: false when the caller queues the cycle itself (Start, Apply a preview): one job, not two.
  if (opts.announce === false) return toProvisioningView(after);
  if (before.status !== after.status) await provisioningChanged(appId, "status");
  else if (before.intervalMinutes !== after.intervalMinutes || before.scope !== after.scope || before.mode !== after.mode) await provisioningChanged(appId, "settings");
  return toProvisioningView(after);
}

/** The settings part of a provisioning configuration (lib/configuration): read, and written inside the caller's transaction. */
export type ConfigurableSettings = Omit<ProvisioningSettings, "status">;

export function configurableSettingsOf(a: App): ConfigurableSettings {
  const { status: _status, ...rest } = settingsOf(a);
  void _status;
  return rest;
}

/** Locks the app row for the rest of the transaction and returns it (null when it is gone). */
export async function lockApp(tx: Tx, appId: string): Promise<App | null> {
  await tx.$queryRaw`SELECT id FROM app WHERE id = ${appId} FOR UPDATE`;
  return tx.app.findUnique({ where: { id: appId } });
}

export async function writeConfigurableSettings(tx: Tx, appId: string, s: ConfigurableSettings): Promise<App> {
  return tx.app.update({ where: { id: appId }, data: s });
}
