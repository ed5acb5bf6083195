// Export, compare and apply an app's provisioning configuration document.
// Applying is all or nothing: every problem is listed (with its JSON path) and
// nothing is written, or settings and both mappings change in one transaction,
// the next cycle is marked initial and the change is audited. Applying the
// configuration the app already has changes nothing (no audit, no initial cycle).
import { getAppOrThrow } from "../apps/apps";
import { provisioningChanged } from "../apps/events";
import { configurableSettingsOf, lockApp, writeConfigurableSettings } from "../apps/provisioning";
import type { Actor } from "../auth/roles";
import { getTemplate } from "../connectors";
import { db, type Tx } from "../db";
import type { App } from "../db/generated/client";
import { AppError, firstOfKeys, issueKey, localized, notFound } from "../errors";
import { fieldMessageKey } from "../i18n/field-messages";
import { writeAudit } from "../logs/audit";
import type { MappingDocument } from "../mapping";
import { knownSourceAttributes } from "../mappings/source-attributes";
import { getMappingFor, toMappingDocument, writeMappingDocument } from "../mappings/store";
import { markNextCycleInitial } from "../sync/state";
import { asMappingDocument, diffConfigurations, semanticIssues } from "./document";
import { CONFIGURATION_VERSION, type ConfigurationChange, type ConfigurationDocument, type ConfigurationIssue } from "./schema";

function mappingPart(m: MappingDocument): ConfigurationDocument["mappings"]["user"] {
  const { id: _id, sourceObject: _kind, ...rest } = m;
  void _id;
  void _kind;
  return rest;
}

function documentOf(app: App, user: MappingDocument, group: MappingDocument): ConfigurationDocument {
  return {
    version: CONFIGURATION_VERSION,
    templateId: app.templateId,
    provisioning: configurableSettingsOf(app),
    mappings: { user: mappingPart(user), group: mappingPart(group) },
  };
}

export async function exportConfiguration(appId: string): Promise<ConfigurationDocument> {
  const app = await getAppOrThrow(appId);
  const [user, group] = await Promise.all([getMappingFor(appId, "user"), getMappingFor(appId, "group")]);
  return documentOf(app, user, group);
}

function invalid(issues: ConfigurationIssue[]): AppError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  const err = new AppError("unprocessable", `The configuration was not applied: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`, issues);
  return localized(err, "configurationNotApplied", { issue: firstOfKeys(issueKey(first.path, first.message, fieldMessageKey), issues.length) });
}

async function checkAgainst(app: App, doc: ConfigurationDocument): Promise<void> {
  const [user, group] = await Promise.all([knownSourceAttributes("user"), knownSourceAttributes("group")]);
  const issues = semanticIssues(doc, {
    templateId: app.templateId,
    templateName: getTemplate(app.templateId)?.name ?? app.templateId,
    status: app.status === "on" ? "on" : "off",
    knownSourceAttributes: { user, group },
  });
  if (issues.length) throw invalid(issues);
}

/** What applying `doc` would change (422 with every problem when it could not be applied). */
export async function diffConfiguration(appId: string, doc: ConfigurationDocument): Promise<{ changes: ConfigurationChange[]; current: ConfigurationDocument }> {
  const app = await getAppOrThrow(appId);
  await checkAgainst(app, doc);
  const current = await exportConfiguration(appId);
  return { changes: diffConfigurations(current, doc), current };
}

async function mappingIn(tx: Tx, appId: string, kind: "user" | "group"): Promise<MappingDocument> {
  const row = await tx.appMapping.findUnique({ where: { appId_sourceObject: { appId, sourceObject: kind } } });
  if (!row) throw notFound(`The ${kind} mapping`);
  return toMappingDocument(row);
}

export async function applyConfiguration(actor: Actor, appId: string, doc: ConfigurationDocument, opts: { ip?: string } = {}): Promise<{ changes: ConfigurationChange[]; configuration: ConfigurationDocument }> {
  const current = await getAppOrThrow(appId);
  await checkAgainst(current, doc);
  const changes = await db.$transaction(async (tx) => {
    const app = await lockApp(tx, appId);
    if (!app) throw notFound("The application");
    // Provisioning turned On since the check: the mode rule must hold for what is saved now.
    if (app.status !== current.status) await checkAgainst(app, doc);
    const user = await mappingIn(tx, appId, "user");
    const group = await mappingIn(tx, appId, "group");
    const before = documentOf(app, user, group);
    const changes = diffConfigurations(before, doc);
    if (changes.length === 0) return changes;
    await writeConfigurableSettings(tx, appId, doc.provisioning);
    await writeMappingDocument(tx, asMappingDocument(doc, "user", user.id));
    await writeMappingDocument(tx, asMappingDocument(doc, "group", group.id));
    await markNextCycleInitial(tx, appId);
    await writeAudit(
      actor,
      {
        action: "provisioning.configuration.apply", targetType: "app", targetId: appId, targetName: app.displayName,
        before: Object.fromEntries(changes.map((c) => [c.path, c.before])),
        after: Object.fromEntries(changes.map((c) => [c.path, c.after])),
      },
      tx,
      opts.ip,
    );
    return changes;
  });
  if (changes.length) await provisioningChanged(appId, "settings");
  return { changes, configuration: await exportConfiguration(appId) };
}
