// A preview against a real local SCIM target and real Postgres: it lists exactly what the
// next full cycle does, writes nothing to the target or the engine's tables, reports schema
// findings, and Apply refuses a plan whose inputs moved.
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, mutations, newUser, runCycle, scimApp, type TargetHandle } from "../../test/sync-fixture";
const { updateUser, deleteUser } = await import("../../directory/users");
const { createGroup, addMembers } = await import("../../directory/groups");
const { removeAssignment, listAssignments } = await import("../../apps/assignments");
const { getMappingFor, saveMapping } = await import("../../mappings/store");
const { restartProvisioning } = await import("../commands");
const { createPreview, getPreview, listPreviewItems, applyPreview } = await import("./service");
const { runPreview } = await import("./run");
const { previewExportResponse } = await import("./export");
const { stopBoss } = await import("../../jobs/boss");
const { AppError } = await import("../../errors");
const { issueApiToken } = await import("../../auth/api-token");
const itemsRoute = await import("../../../app/api/v1/apps/[appId]/provisioning/previews/[previewId]/items/route");
const statusRoute = await import("../../../app/api/v1/apps/[appId]/provisioning/status/route");

const targets: TargetHandle[] = [];
const admins: string[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
  await db.admin.deleteMany({ where: { id: { in: admins } } });
  await stopBoss({ graceful: false, timeout: 2000 });
});

async function previewNow(appId: string) {
  const { id } = await createPreview(actor, appId);
  // The worker's job calls runPreview; here the test runs it itself, to the end.
  await runPreview(id);
  const view = await getPreview(appId, id);
  expect(view.status).toBe("completed");
  const items = [];
  for (let cursor: string | null = null; ;) {
    const page = await listPreviewItems(appId, id, { cursor, limit: 2 });
    items.push(...page.items);
    if (!(cursor = page.nextCursor)) break;
  }
  return { id, view, items };
}

/** What the engine's tables hold for the app: a preview must leave every bit of it alone. */
async function engineState(appId: string) {
  return {
    links: await db.syncLink.findMany({ where: { appId }, orderBy: [{ objectType: "asc" }, { sourceId: "asc" }] }),
    state: await db.syncState.findUnique({ where: { appId } }),
    escrow: await db.syncEscrow.count({ where: { appId } }),
    staged: await db.stagedDeletion.count({ where: { appId } }),
    cycles: await db.syncCycle.count({ where: { appId } }),
    logs: await db.provisioningLog.count({ where: { appId } }),
    memberLinks: await db.syncMemberLink.count({ where: { appId } }),
  };
}

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** GET through the real route handler, as a reader whose browser asks for `language`. */
async function apiGet<T>(handler: Handler, url: string, params: Record<string, string>, language: string): Promise<T> {
  const admin = await db.admin.create({ data: { email: `preview-i18n-${Date.now()}-${Math.random().toString(36).slice(2)}@provisio.test`, name: "preview i18n", passwordHash: "x", role: "GLOBAL_ADMIN" } });
  admins.push(admin.id);
  const { access_token } = await issueApiToken(admin);
  const res = await handler(new NextRequest(`http://localhost${url}`, { headers: { authorization: `Bearer ${access_token}`, "accept-language": language } }), { params: Promise.resolve(params) });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
/** Two Latin words in a row: an English phrase (ids, userNames and attribute names are single tokens). */
const ENGLISH_PHRASE = /[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}/;

describe("[PREVIEW] a whole-cycle plan", () => {
  it("lists exactly the actions the next full cycle performs (pre-existing, drifted, conflicting, leaving), with zero writes", async () => {
    const { app, target, token } = await scimApp();
    targets.push(target);
    const steady = await newUser(), leaver = await newUser(), gone = await newUser();
    for (const u of [steady, leaver, gone]) await assign(app.id, u.id);
    await runCycle(app.id);
    const idOf = (upn: string) => String(findTargetUser(target, upn)!.id);
    const goneTargetId = idOf(gone.userPrincipalName);

    // Provisioning Off while the admin looks: the preview works the same.
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    const fresh = await newUser();
    await assign(app.id, fresh.id);
    // Already in the app, made by hand, with a drifted display name: adopted and corrected.
    const existing = await newUser();
    await assign(app.id, existing.id);
    const res = await fetch(`${target.baseUrl}/Users`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: JSON.stringify({ schemas: [USER], userName: existing.userPrincipalName, displayName: "Made by hand", active: true }) });
    expect(res.status).toBe(201);
    // Leaves the scope: disabled.
    const a = (await listAssignments(app.id)).items.find((x) => x.principalId === leaver.id)!;
    await removeAssignment(actor, app.id, a.id);
    // Deleted in the directory, and a new user takes its userName: the target account is still
    // linked to the deleted one, so the new user is a conflict (and the deleted one is deleted).
    await deleteUser(actor, gone.id);
    const successor = await newUser({ userPrincipalName: gone.userPrincipalName, mailNickname: `${gone.mailNickname}x` });
    await assign(app.id, successor.id);
    // Not assigned and never provisioned: not part of the plan.
    const outsider = await newUser();

    const before = await engineState(app.id);
    target.requests.length = 0;
    const { view, items } = await previewNow(app.id);

    // Zero writes: the target saw only GETs, the engine's tables are untouched.
    expect(target.requests.length).toBeGreaterThan(0);
    expect(mutations(target)).toEqual([]);
    expect(await engineState(app.id)).toEqual(before);

    const bySource = new Map(items.map((i) => [i.sourceId, i]));
    expect(bySource.has(outsider.id)).toBe(false);
    expect(bySource.get(steady.id)).toMatchObject({ action: "skip", reason: "No changes needed.", targetId: idOf(steady.userPrincipalName) });
    expect(bySource.get(fresh.id)).toMatchObject({ action: "create", targetId: null });
    expect(bySource.get(fresh.id)!.changes).toEqual(expect.arrayContaining([{ name: "userName", oldValue: null, newValue: fresh.userPrincipalName }]));
    expect(bySource.get(existing.id)).toMatchObject({ action: "adopt", targetId: idOf(existing.userPrincipalName) });
    expect(bySource.get(existing.id)!.changes).toEqual(expect.arrayContaining([{ name: "displayName", oldValue: "Made by hand", newValue: existing.displayName }]));
    expect(bySource.get(leaver.id)).toMatchObject({ action: "disable", targetId: idOf(leaver.userPrincipalName) });
    expect(bySource.get(gone.id)).toMatchObject({ action: "delete", targetId: goneTargetId });
    expect(bySource.get(successor.id)).toMatchObject({ action: "conflict", targetId: goneTargetId });
    expect(bySource.get(successor.id)!.reason).toContain(gone.id);
    expect(items).toHaveLength(6);
    expect(view.counts).toMatchObject({ create: 1, adopt: 1, disable: 1, delete: 1, conflict: 1, skip: 1, update: 0, enable: 0 });
    expect(view.processed).toBeGreaterThanOrEqual(6);

    // Stored language-neutral: the same items read in zh-CN through the API, with no English left;
    // English readers (and no header) get the stored English unchanged.
    const url = `/api/v1/apps/${app.id}/provisioning/previews/${view.id}/items`;
    const params = { appId: app.id, previewId: view.id };
    const zh = await apiGet<{ items: { sourceId: string; reason: string }[] }>(itemsRoute.GET as Handler, url, params, "zh-CN,zh;q=0.9");
    expect(zh.items).toHaveLength(6);
    for (const i of zh.items) {
      expect(i.reason, i.reason).toMatch(/[\u4e00-\u9fff]/);
      expect(i.reason, i.reason).not.toMatch(ENGLISH_PHRASE);
    }
    expect(zh.items.find((i) => i.sourceId === successor.id)!.reason).toContain(gone.id);
    const en = await apiGet<{ items: { sourceId: string; reason: string }[] }>(itemsRoute.GET as Handler, url, params, "en-US");
    expect(en.items.map((i) => [i.sourceId, i.reason])).toEqual(items.map((i) => [i.sourceId, i.reason]));
    expect(en.items.find((i) => i.sourceId === steady.id)!.reason).toBe("No changes needed.");
    // The last full cycle's strategy reason too (sync_cycle.reconcile).
    const statusUrl = `/api/v1/apps/${app.id}/provisioning/status`;
    const zhStatus = await apiGet<{ reconcile: { reason: string | null } }>(statusRoute.GET as Handler, statusUrl, { appId: app.id }, "zh-CN");
    expect(zhStatus.reconcile.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(zhStatus.reconcile.reason).not.toMatch(ENGLISH_PHRASE);
    const enStatus = await apiGet<{ reconcile: { reason: string | null } }>(statusRoute.GET as Handler, statusUrl, { appId: app.id }, "en");
    expect(enStatus.reconcile.reason).toMatch(/lookup|list request/);

    // Filters and search.
    expect((await listPreviewItems(app.id, view.id, { action: "conflict", limit: 50 })).items.map((i) => i.sourceId)).toEqual([successor.id]);
    expect((await listPreviewItems(app.id, view.id, { q: fresh.userPrincipalName.split("@")[0]!, limit: 50 })).items.map((i) => i.sourceId)).toEqual([fresh.id]);

    // The following full cycle does exactly that, request for request.
    await db.app.update({ where: { id: app.id }, data: { status: "on" } });
    await restartProvisioning(actor, app.id);
    target.requests.length = 0;
    await runCycle(app.id);
    const expected = items.flatMap((i) =>
      i.action === "create" ? ["POST /Users"] : i.action === "delete" ? [`DELETE /Users/${i.targetId}`] : ["update", "adopt", "enable", "disable"].includes(i.action) ? [`PATCH /Users/${i.targetId}`] : []);
    const performed = mutations(target).map((r) => `${r.method} ${r.path.replace(/^.*\/Users/, "/Users")}`);
    expect(performed.sort()).toEqual(expected.sort());
    const conflictLog = await db.provisioningLog.findFirst({ where: { appId: app.id, sourceId: successor.id }, orderBy: { id: "desc" } });
    expect(conflictLog).toMatchObject({ status: "failure", errorCode: "conflict:link" });
  });

  it("reads a target holding few more objects than are in scope by paging its list once, not one lookup per object", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await newUser());
    for (const u of users.slice(0, 4)) await assign(app.id, u.id);
    await runCycle(app.id);
    for (const u of users.slice(4)) await assign(app.id, u.id);
    target.requests.length = 0;
    const { items } = await previewNow(app.id);
    const userReads = target.requests.filter((r) => r.path.endsWith("/Users") || r.path.includes("/Users/"));
    // The count probe and one page; no filtered lookup and no GET by id, for 12 users.
    expect(userReads.filter((r) => r.query.filter !== undefined || r.path.includes("/Users/"))).toEqual([]);
    expect(userReads.length).toBeLessThanOrEqual(3);
    expect(items.filter((i) => i.action === "create").map((i) => i.sourceId).sort()).toEqual(users.slice(4).map((u) => u.id).sort());
    expect(items.filter((i) => i.action === "skip").map((i) => i.sourceId).sort()).toEqual(users.slice(0, 4).map((u) => u.id).sort());
  });

  it("Preview the effect of this change lists only what the change makes the cycle do, counting the rest", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const users = [await newUser(), await newUser(), await newUser()];
    for (const u of users) await assign(app.id, u.id);
    await runCycle(app.id);
    // The change: job titles are sent in lower case — only users that have one are affected.
    await updateUser(actor, users[0]!.id, { jobTitle: "Director" });
    for (const u of users.slice(1)) await updateUser(actor, u.id, { jobTitle: null });
    await runCycle(app.id);
    const doc = await getMappingFor(app.id, "user");
    await saveMapping(actor, app.id, doc.id, {
      ...doc, attributeMappings: doc.attributeMappings.map((m) => (m.target === "title" ? { ...m, type: "expression", source: null, expression: "ToLower([jobTitle])" } : m)),
    });
    const writesBefore = mutations(target).length;
    const { id } = await createPreview(actor, app.id, undefined, { changesOnly: true });
    await runPreview(id);
    const view = await getPreview(app.id, id);
    expect(view).toMatchObject({ status: "completed", changesOnly: true });
    const items = (await listPreviewItems(app.id, id, { limit: 50 })).items;
    expect(items.map((i) => [i.sourceId, i.action])).toEqual([[users[0]!.id, "update"]]);
    expect(items[0]!.changes).toEqual([{ name: "title", oldValue: "Director", newValue: "director" }]);
    expect(view.counts).toMatchObject({ update: 1, skip: 2 });
    expect(mutations(target)).toHaveLength(writesBefore); // the preview wrote nothing
    expect(view.total).toBeGreaterThanOrEqual(3);
  });

  it("shows a group's member changes, counting the members the plan itself creates, and the cycle then writes them", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const [ann, bob] = [await newUser(), await newUser()];
    const group = await createGroup(actor, { displayName: `Sales ${ann.id.slice(0, 6)}` });
    await addMembers(actor, group.id, [ann.id]);
    await assign(app.id, ann.id);
    await assign(app.id, group.id, "group");
    await runCycle(app.id);
    // Bob joins the group and the app: the plan creates him, so the group gains a member.
    await addMembers(actor, group.id, [bob.id]);
    await assign(app.id, bob.id);
    const { items } = await previewNow(app.id);
    const g = items.find((i) => i.sourceId === group.id)!;
    expect(g).toMatchObject({ objectType: "group", action: "update", reason: "Members: 1 added, 0 removed." });
    expect(g.changes).toEqual([{ name: "members", oldValue: "1 member(s)", newValue: "+1 −0 (2 member(s))" }]);
    expect(items.find((i) => i.sourceId === bob.id)).toMatchObject({ action: "create" });

    await restartProvisioning(actor, app.id);
    target.requests.length = 0;
    await runCycle(app.id);
    const groupWrites = mutations(target).filter((r) => r.path.includes("/Groups/"));
    expect(groupWrites.map((r) => r.method)).toEqual(["PATCH"]);
    const tg = [...target.state.groups.values()].find((x) => x.displayName === group.displayName) as { members?: { value: string }[] };
    expect(tg.members?.map((m) => m.value).sort()).toEqual([String(findTargetUser(target, ann.userPrincipalName)!.id), String(findTargetUser(target, bob.userPrincipalName)!.id)].sort());
  });

  it("reports schema findings naming the mapping: a required attribute no mapping gives, and two users mapped to one userName", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const doc = await getMappingFor(app.id, "user");
    await saveMapping(actor, app.id, doc.id, {
      ...doc,
      attributeMappings: doc.attributeMappings.filter((m) => m.target !== "title").map((m) => (m.target === "userName" ? { ...m, type: "constant", source: null, expression: null, constant: "shared@contoso.test" } : m)),
      targetAttributes: doc.targetAttributes.map((t) => (t.name === "title" ? { ...t, required: true } : t)),
    });
    const u1 = await newUser(), u2 = await newUser();
    await assign(app.id, u1.id);
    await assign(app.id, u2.id);
    target.requests.length = 0;
    const { view, items } = await previewNow(app.id);
    expect(mutations(target)).toEqual([]);
    expect(items.map((i) => i.action)).toEqual(["create", "create"]);
    for (const i of items) {
      expect(i.findings).toEqual(expect.arrayContaining([
        expect.objectContaining({ code: "required_missing", attribute: "title", mapping: null }),
        expect.objectContaining({ code: "unique_clash", attribute: "userName", mapping: '"shared@contoso.test" → userName' }),
      ]));
    }
    expect(view.findings).toMatchObject({ required_missing: 2, unique_clash: 2 });
    expect((await listPreviewItems(app.id, view.id, { finding: "unique_clash", limit: 50 })).items).toHaveLength(2);
    expect((await listPreviewItems(app.id, view.id, { finding: "too_long", limit: 50 })).items).toHaveLength(0);

    // Downloads: every item, with its changes and findings.
    const csv = await previewExportResponse(app.id, view.id, {}, "csv").text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("objectType,identity,sourceId,action,reason,targetId,changes,findings");
    expect(lines).toHaveLength(3);
    expect(csv).toContain("unique_clash (userName)");
    const json = JSON.parse(await previewExportResponse(app.id, view.id, { action: "create" }, "json").text()) as { sourceId: string }[];
    expect(json.map((i) => i.sourceId).sort()).toEqual([u1.id, u2.id].sort());
  });

  it("Apply refuses a plan whose directory or mappings changed, and applies a fresh one through a full cycle", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    const u = await newUser();
    await assign(app.id, u.id);
    const stale = await previewNow(app.id);
    await updateUser(actor, u.id, { jobTitle: "Director" });
    const refused = await applyPreview(actor, app.id, stale.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as InstanceType<typeof AppError>).status).toBe(409);
    expect((refused as Error).message).toContain("The directory changed");

    const staleMapping = await previewNow(app.id);
    const doc = await getMappingFor(app.id, "user");
    await saveMapping(actor, app.id, doc.id, { ...doc, attributeMappings: doc.attributeMappings.filter((m) => m.target !== "title") });
    const refused2 = await applyPreview(actor, app.id, staleMapping.id).catch((e: unknown) => e);
    expect((refused2 as Error).message).toContain("attribute mappings");
    expect(await db.app.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ status: "off" });
    expect(mutations(target)).toEqual([]);

    const good = await previewNow(app.id);
    expect(good.items.map((i) => i.action)).toEqual(["create"]);
    // A change elsewhere in the directory (a user this app does not hold) leaves the plan valid.
    const elsewhere = await newUser();
    await updateUser(actor, elsewhere.id, { jobTitle: "Elsewhere" });
    expect(await applyPreview(actor, app.id, good.id)).toEqual({ applied: true, turnedOn: true });
    await expect(applyPreview(actor, app.id, good.id)).rejects.toThrow("already applied");
    await runCycle(app.id);
    expect(mutations(target).map((r) => r.method)).toEqual(["POST"]);
    expect(findTargetUser(target, u.userPrincipalName)).toBeDefined();
    const audit = await db.auditLog.findMany({ where: { targetId: app.id, action: { startsWith: "provisioning.preview" } } });
    expect(audit.map((x) => x.action).sort()).toEqual(["provisioning.preview", "provisioning.preview", "provisioning.preview", "provisioning.preview.apply"]);
  });
});
