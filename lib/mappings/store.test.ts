import { afterAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";
import type { Actor } from "../auth/roles";
import type { MappingDocument } from "../mapping";

ensureTestEnv();
const { db } = await import("../db");
const { AppError } = await import("../errors");
const { getTemplateOrThrow } = await import("../connectors");
const { getMappings, getMappingFor, getMappingOrThrow, saveMapping, restoreDefaultMappings } = await import("./store");
const { testExpression } = await import("./test-expression");

const actor: Actor = { id: "test", email: "mappings-test@provisio.test", name: "test", role: "app_admin", via: "system" };
const created: string[] = [];

/** An app with its two mapping rows from the template, as createApp makes them (built with Prisma so this file does not depend on lib/apps). */
async function makeApp(templateId = "scim") {
  const t = getTemplateOrThrow(templateId);
  const app = await db.app.create({ data: { templateId, displayName: uniq("Mappings app") } });
  created.push(app.id);
  for (const kind of ["user", "group"] as const) {
    const d = t.mappings[kind];
    if (!d) continue;
    await db.appMapping.create({
      data: {
        appId: app.id, sourceObject: kind, targetObject: d.targetObject, name: d.name, enabled: d.enabled, actions: d.actions,
        scopingFilters: d.scopingFilters, attributeMappings: d.attributeMappings, targetAttributes: d.targetAttributes,
      },
    });
  }
  await db.syncState.create({ data: { appId: app.id, needsInitial: false } });
  return app;
}

const rejectsWith = async (p: Promise<unknown>, code: string, paths: string[]) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  const err = e as InstanceType<typeof AppError>;
  expect(err.code).toBe(code);
  const got = (err.details ?? []).map((d) => d.path);
  for (const path of paths) expect(got, JSON.stringify(err.details)).toContain(path);
  return err;
};

afterAll(async () => {
  await db.app.deleteMany({ where: { id: { in: created } } });
});

describe("[MAPPINGS] store", () => {
  it("reads the users mapping first, then groups; getMappingFor picks by source object", async () => {
    const app = await makeApp();
    const all = await getMappings(app.id);
    expect(all.map((m) => m.sourceObject)).toEqual(["user", "group"]);
    expect(all[0]).toMatchObject({ name: "Provision Directory Users", enabled: true, targetObject: "User", actions: { create: true, update: true, delete: true }, scopingFilters: [] });
    const users = await getMappingFor(app.id, "user");
    expect(users.id).toBe(all[0]!.id);
    expect(users.attributeMappings.find((m) => m.target === "userName")?.matchingPrecedence).toBe(1);
    await expect(getMappingOrThrow(app.id, "nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(getMappings("no-such-app")).rejects.toMatchObject({ code: "not_found", message: "The application was not found." });
  });

  it("saving a valid document persists it, marks the next cycle initial and audits before/after", async () => {
    const app = await makeApp();
    const doc = await getMappingFor(app.id, "user");
    const next: MappingDocument = {
      ...doc,
      actions: { create: true, update: true, delete: false },
      scopingFilters: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]],
      attributeMappings: doc.attributeMappings.map((m) => (m.target === "displayName" ? { ...m, type: "expression", source: null, expression: 'ToUpper(Join(" ", [givenName], [surname]))' } : m)),
    };
    const saved = await saveMapping(actor, app.id, doc.id, next);
    expect(saved).toEqual(next);
    expect(await getMappingOrThrow(app.id, doc.id)).toEqual(next);
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).needsInitial).toBe(true);

    const audit = await db.auditLog.findMany({ where: { targetType: "app_mapping", targetId: doc.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "mapping.update", actorEmail: actor.email });
    expect((audit[0]!.before as MappingDocument).actions.delete).toBe(true);
    expect((audit[0]!.after as MappingDocument).actions.delete).toBe(false);

    // A save that changes nothing writes nothing (no audit entry, no forced initial cycle).
    await db.syncState.update({ where: { appId: app.id }, data: { needsInitial: false } });
    await saveMapping(actor, app.id, doc.id, next);
    expect(await db.auditLog.count({ where: { targetType: "app_mapping", targetId: doc.id } })).toBe(1);
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).needsInitial).toBe(false);
  });

  it("creates the sync state row when the app has none yet", async () => {
    const app = await makeApp();
    await db.syncState.delete({ where: { appId: app.id } });
    const doc = await getMappingFor(app.id, "group");
    await saveMapping(actor, app.id, doc.id, { ...doc, enabled: false });
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).needsInitial).toBe(true);
  });

  it("rejects invalid documents with the path of the field (and the position of an expression error)", async () => {
    const app = await makeApp();
    const doc = await getMappingFor(app.id, "user");
    const at = (target: string) => doc.attributeMappings.findIndex((m) => m.target === target);

    // Shape errors (zod): unknown field, wrong type, missing target.
    await rejectsWith(saveMapping(actor, app.id, doc.id, { ...doc, extra: 1 }), "validation_failed", [""]);
    await rejectsWith(saveMapping(actor, app.id, doc.id, { ...doc, enabled: "yes" }), "validation_failed", ["enabled"]);
    const noTarget = structuredClone(doc) as unknown as { attributeMappings: Record<string, unknown>[] };
    noTarget.attributeMappings[2]!.target = "";
    await rejectsWith(saveMapping(actor, app.id, doc.id, noTarget), "validation_failed", ["attributeMappings.2.target"]);

    // Semantic errors: broken expression with its position, unknown source attribute, bad regex, duplicate precedence.
    const bad = structuredClone(doc);
    bad.attributeMappings[at("displayName")] = { ...bad.attributeMappings[at("displayName")]!, type: "expression", expression: 'Join(" ", [givenName], ' };
    bad.attributeMappings[at("title")] = { ...bad.attributeMappings[at("title")]!, source: "jobTitel" };
    bad.attributeMappings[at("externalId")] = { ...bad.attributeMappings[at("externalId")]!, matchingPrecedence: 1 };
    bad.scopingFilters = [[{ attribute: "department", operator: "REGEX MATCH", value: "(" }]];
    const err = await rejectsWith(saveMapping(actor, app.id, doc.id, bad), "validation_failed", [
      `attributeMappings.${at("displayName")}.expression`,
      `attributeMappings.${at("title")}.source`,
      `attributeMappings.${at("externalId")}.matchingPrecedence`,
      "scopingFilters.0.0.value",
    ]);
    const exprDetail = err.details!.find((d) => d.path === `attributeMappings.${at("displayName")}.expression`);
    expect(typeof exprDetail?.position).toBe("number");

    // The id in the body must be the URL's; a users mapping cannot become a groups mapping.
    await rejectsWith(saveMapping(actor, app.id, doc.id, { ...doc, id: "other" }), "validation_failed", ["id"]);
    await rejectsWith(saveMapping(actor, app.id, doc.id, { ...doc, sourceObject: "group" }), "validation_failed", ["sourceObject"]);

    // Nothing was written.
    expect(await getMappingOrThrow(app.id, doc.id)).toEqual(doc);
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).needsInitial).toBe(false);
  });

  it("accepts a custom extension attribute that exists in the directory, by name", async () => {
    const app = await makeApp();
    const key = `costCenter${uniq("").replace(/-/g, "")}`;
    const user = await db.directoryUser.create({ data: { userPrincipalName: `${uniq("cc")}@provisio.test`, upnKey: `${uniq("cc")}@provisio.test`, extensionAttributes: { [key]: "CC-1" } } });
    const doc = await getMappingFor(app.id, "user");
    const next = structuredClone(doc);
    next.targetAttributes.push({ name: "urn:custom:costCenter", type: "string", custom: true });
    next.attributeMappings.push({ type: "direct", source: key, target: "urn:custom:costCenter", applyOn: "always", matchingPrecedence: null });
    await expect(saveMapping(actor, app.id, doc.id, next)).resolves.toMatchObject({ targetAttributes: expect.arrayContaining([{ name: "urn:custom:costCenter", type: "string", custom: true }]) });
    await db.directoryUser.delete({ where: { id: user.id } });
  });

  it("restores the template's default mapping and marks the next cycle initial", async () => {
    const app = await makeApp();
    const doc = await getMappingFor(app.id, "user");
    const changed = structuredClone(doc);
    changed.attributeMappings = changed.attributeMappings.filter((m) => m.target !== "title");
    changed.targetAttributes.push({ name: "urn:custom:x", type: "string", custom: true });
    await saveMapping(actor, app.id, doc.id, changed);
    await db.syncState.update({ where: { appId: app.id }, data: { needsInitial: false } });

    const restored = await restoreDefaultMappings(actor, app.id, doc.id);
    expect(restored).toEqual(doc);
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).needsInitial).toBe(true);
    const actions = (await db.auditLog.findMany({ where: { targetType: "app_mapping", targetId: doc.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["mapping.update", "mapping.restore_defaults"]);
  });
});

describe("[MAPPINGS] expression test", () => {
  it("evaluates against a directory user, and answers 422 with the position of a parse error", async () => {
    const app = await makeApp();
    const upn = `${uniq("ada")}@provisio.test`;
    const user = await db.directoryUser.create({ data: { userPrincipalName: upn, upnKey: upn, givenName: "Ada", surname: "Lovelace" } });
    expect(await testExpression(app.id, { expression: 'ToUpper(Join(" ", [givenName], [surname]))', userId: user.id })).toEqual({ value: "ADA LOVELACE", ignored: false, redacted: false });
    expect((await testExpression(app.id, { expression: "IgnoreFlowIfNullOrEmpty([jobTitle])", userId: user.id })).ignored).toBe(true);

    const e = await testExpression(app.id, { expression: 'Join(" ", [givenName]', userId: user.id }).then(() => null, (x: unknown) => x);
    expect(e).toMatchObject({ code: "unprocessable", status: 422 });
    expect((e as InstanceType<typeof AppError>).details?.[0]).toMatchObject({ position: expect.any(Number), message: expect.any(String) });
    await expect(testExpression(app.id, { expression: "[nope]", userId: user.id })).rejects.toMatchObject({ code: "unprocessable" });
    await expect(testExpression(app.id, { expression: "[mail]", userId: "no-such-user" })).rejects.toMatchObject({ code: "not_found" });
    await db.directoryUser.delete({ where: { id: user.id } });
  });
});
