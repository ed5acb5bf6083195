// The configuration document against Postgres: export → import into a new app →
// identical configuration; an invalid document is refused with every problem
// listed and nothing changed; applying is audited and makes the next cycle initial.
import { afterAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";
import type { Actor } from "../auth/roles";

ensureTestEnv();
const { db } = await import("../db");
const { AppError } = await import("../errors");
const { createApp, deleteApp } = await import("../apps/apps");
const { applyConfiguration, diffConfiguration, exportConfiguration } = await import("./store");
const { configurationDocumentSchema } = await import("./schema");

const actor: Actor = { id: "test", email: "configuration-test@provisio.test", name: "test", role: "app_admin", via: "system" };
const created: string[] = [];

async function newApp(templateId = "scim") {
  const app = await createApp(actor, { templateId, displayName: uniq("Configuration app") });
  created.push(app.id);
  // A freshly created app needs its initial cycle; pretend it ran, so marking is observable.
  await db.syncState.update({ where: { appId: app.id }, data: { needsInitial: false } });
  return app;
}

const needsInitial = async (appId: string) => (await db.syncState.findUniqueOrThrow({ where: { appId } })).needsInitial;
const auditOf = (appId: string) => db.auditLog.findMany({ where: { targetId: appId, action: "provisioning.configuration.apply" }, orderBy: { id: "asc" } });

afterAll(async () => {
  for (const id of created) await deleteApp(actor, id).catch(() => undefined);
});

describe("[CONFIGURATION] provisioning configuration document", () => {
  it("export → import into a new app → identical configuration; audited; next cycle initial", async () => {
    const source = await newApp();
    const doc = structuredClone(await exportConfiguration(source.id));
    expect(configurationDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({ version: 1, templateId: "scim", provisioning: { mode: "manual", scope: "assigned" } });
    expect(JSON.stringify(doc)).not.toMatch(/secretToken|credentials|"status"/);

    // Make the source app's configuration differ from the template defaults in every part.
    doc.provisioning = { mode: "automatic", scope: "all", notificationEmail: "ops@contoso.test", sendFailureEmails: true, preventAccidentalDeletion: true, accidentalDeletionThreshold: 25, intervalMinutes: 15 };
    const users = doc.mappings.user;
    users.actions.delete = false;
    users.scopingFilters = [[{ attribute: "department", operator: "EQUALS", value: "Sales" }], [{ attribute: "jobTitle", operator: "REGEX MATCH", value: "^Eng" }]];
    users.targetAttributes.push({ name: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", type: "string", custom: true });
    users.attributeMappings.push({ type: "expression", expression: 'Join("-", [department], [employeeId])', target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", applyOn: "create", defaultValue: "none" });
    const dn = users.attributeMappings.findIndex((m) => m.target === "displayName");
    users.attributeMappings[dn] = { ...users.attributeMappings[dn]!, type: "expression", source: null, expression: 'Join(" ", [givenName], [surname])' };
    // Matching precedence: externalId first, then userName.
    const ext = users.attributeMappings.findIndex((m) => m.target === "externalId");
    const un = users.attributeMappings.findIndex((m) => m.target === "userName");
    users.attributeMappings[ext]!.matchingPrecedence = 1;
    users.attributeMappings[un]!.matchingPrecedence = 2;
    doc.mappings.group.enabled = false;

    const preview = await diffConfiguration(source.id, doc);
    expect(preview.changes.map((c) => c.path)).toEqual(expect.arrayContaining(["provisioning.mode", "provisioning.intervalMinutes", "mappings.user.actions.delete", `mappings.user.attributeMappings.${dn}.expression`, "mappings.group.enabled"]));
    expect(await needsInitial(source.id)).toBe(false); // a diff writes nothing

    const applied = await applyConfiguration(actor, source.id, doc);
    expect(applied.changes.length).toBe(preview.changes.length);
    expect(applied.configuration).toEqual(doc);
    expect(await needsInitial(source.id)).toBe(true);
    const [entry] = await auditOf(source.id);
    expect(entry).toMatchObject({ actorEmail: actor.email, targetType: "app" });
    expect((entry!.after as Record<string, unknown>)["provisioning.intervalMinutes"]).toBe(15);

    // The round trip: the exported document, as JSON text, into a new app of the same template.
    const exported = JSON.parse(JSON.stringify(await exportConfiguration(source.id)));
    const target = await newApp();
    await applyConfiguration(actor, target.id, configurationDocumentSchema.parse(exported));
    expect(await exportConfiguration(target.id)).toEqual(await exportConfiguration(source.id));
    expect(await needsInitial(target.id)).toBe(true);

    // Applying the configuration the app already has changes nothing: no audit entry, no initial cycle.
    await db.syncState.update({ where: { appId: target.id }, data: { needsInitial: false } });
    const again = await applyConfiguration(actor, target.id, configurationDocumentSchema.parse(exported));
    expect(again.changes).toEqual([]);
    expect(await needsInitial(target.id)).toBe(false);
    expect(await auditOf(target.id)).toHaveLength(1);
  });

  it("an invalid document is refused with every problem listed (JSON paths) and nothing changes", async () => {
    const app = await newApp();
    const before = await exportConfiguration(app.id);
    const doc = structuredClone(before);
    doc.templateId = "slack";
    doc.provisioning.preventAccidentalDeletion = true; // without a notification email
    const users = doc.mappings.user;
    const dn = users.attributeMappings.findIndex((m) => m.target === "displayName");
    users.attributeMappings[dn] = { ...users.attributeMappings[dn]!, type: "expression", source: null, expression: 'Join(" ", [givenName], ' };
    users.attributeMappings.push({ type: "direct", source: "noSuchAttribute", target: "title", applyOn: "always" });
    doc.mappings.group.scopingFilters = [[{ attribute: "displayName", operator: "EQUALS", value: null }]];

    const err = await applyConfiguration(actor, app.id, doc).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as InstanceType<typeof AppError>;
    expect(e.status).toBe(422);
    const paths = (e.details ?? []).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining([
      "templateId",
      "provisioning.notificationEmail",
      `mappings.user.attributeMappings.${dn}.expression`,
      `mappings.user.attributeMappings.${users.attributeMappings.length - 1}.target`,
      `mappings.user.attributeMappings.${users.attributeMappings.length - 1}.source`,
      "mappings.group.scopingFilters.0.0.value",
    ]));
    expect(e.details?.find((d) => d.path === `mappings.user.attributeMappings.${dn}.expression`)).toHaveProperty("position");
    expect(await exportConfiguration(app.id)).toEqual(before);
    expect(await needsInitial(app.id)).toBe(false);
    expect(await auditOf(app.id)).toHaveLength(0);
    await expect(diffConfiguration(app.id, doc)).rejects.toMatchObject({ status: 422 });
  });

  it("Provisioning On keeps the mode automatic; an unknown app is a 404", async () => {
    const app = await newApp();
    const doc = await exportConfiguration(app.id);
    await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic" } });
    const err = await applyConfiguration(actor, app.id, { ...doc, provisioning: { ...doc.provisioning, mode: "manual" } }).then(() => null, (e: unknown) => e);
    expect((err as InstanceType<typeof AppError>).details).toEqual([expect.objectContaining({ path: "provisioning.mode", message: expect.stringContaining("turn Provisioning Status Off first") })]);
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).mode).toBe("automatic");
    await expect(exportConfiguration("no-such-app")).rejects.toMatchObject({ status: 404 });
  });
});
