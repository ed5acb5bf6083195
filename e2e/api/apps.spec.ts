// Enterprise applications REST API: gallery, apps, roles, assignments, provisioning settings,
// admin credentials and Test Connection, each diagnosis against a real local server failing that way.
import http from "node:http";
import net from "node:net";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { ADMIN, bearer, createAdmin, expect, signIn, test, tokenFor } from "../fixtures";
import { startGoToTarget, type GoToTarget } from "../targets/goto-target";
import { startScimTarget, type ScimTarget } from "../targets/scim-target";
import { startSelfSignedTlsServer } from "../targets/tls-server";
import { closeServer, listen } from "../targets/common";
import dns from "node:dns/promises";
import os from "node:os";
import { isPrivateAddress } from "../../lib/scim/ssrf";
import { startCapture } from "../security/capture";
import { startSecondServer } from "../security/second-server";

const uid = () => randomUUID().slice(0, 8);

async function json(res: APIResponse, status: number) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

/** A request to the second server, answered as a Playwright-like response (status() and text()). */
async function fetchResponse(url: string, method: string, body?: unknown, token?: string): Promise<APIResponse> {
  const res = await fetch(url, { method, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: () => res.status, text: async () => text, url: () => url } as unknown as APIResponse;
}

async function newApp(api: APIRequestContext, templateId = "gotomeeting", displayName = `${templateId} ${uid()}`) {
  return json(await api.post("/api/v1/apps", { data: { templateId, displayName } }), 201) as Promise<{ id: string; displayName: string }>;
}

async function newUser(api: APIRequestContext) {
  const upn = `u-${uid()}@contoso.test`;
  return json(await api.post("/api/v1/users", { data: { userPrincipalName: upn, displayName: `User ${upn}` } }), 201) as Promise<{ id: string; userPrincipalName: string }>;
}

async function sql<T = Record<string, unknown>>(text: string, values: unknown[]): Promise<T[]> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

test.describe("[API][APPS] gallery and app instances", () => {
  test("[GALLERY] lists templates with credential fields and roles; q searches", async ({ api }) => {
    const all = await json(await api.get("/api/v1/templates"), 200);
    expect(Array.isArray(all)).toBe(true);
    const goto = all.find((t: { id: string }) => t.id === "gotomeeting");
    expect(goto).toMatchObject({ name: "GoToMeeting", publisher: expect.any(String), logo: expect.stringMatching(/^data:image\/svg/) });
    expect(goto.credentialFields).toEqual(expect.arrayContaining([expect.objectContaining({ name: "adminUsername", label: "Admin Username", secret: false }), expect.objectContaining({ name: "adminPassword", secret: true })]));
    expect(all.find((t: { id: string }) => t.id === "scim").credentialFields).toEqual(expect.arrayContaining([expect.objectContaining({ name: "tenantUrl" }), expect.objectContaining({ name: "secretToken", secret: true })]));
    const found = await json(await api.get("/api/v1/templates?q=gotomee"), 200);
    expect(found.map((t: { id: string }) => t.id)).toEqual(["gotomeeting"]);
    expect(await json(await api.get("/api/v1/templates?q=zzz-nothing"), 200)).toEqual([]);
  });

  test("[APPS] create, get, list with search and provisioning filter, rename, delete; every validation rule", async ({ api }) => {
    test.setTimeout(150_000); // ~60 requests, each app create/delete a transaction with its mappings, on a shared 2-core machine
    expect((await json(await api.post("/api/v1/apps", { data: { displayName: "x" } }), 400)).error.message).toMatch(/templateId/);
    expect((await json(await api.post("/api/v1/apps", { data: { templateId: "nope" } }), 400)).error.message).toMatch(/templateId: there is no "nope" in the gallery/);
    expect((await json(await api.post("/api/v1/apps", { data: { templateId: "scim", color: "red" } }), 400)).error.message).toBe("Unknown field: color");
    expect((await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: "  " } }), 400)).error.message).toMatch(/displayName is required/);
    expect((await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: "x".repeat(257) } }), 400)).error.message).toMatch(/at most 256/);
    expect((await json(await api.post("/api/v1/apps", { data: { templateId: 42 } }), 400)).error.code).toBe("validation_failed");

    const defaulted = await json(await api.post("/api/v1/apps", { data: { templateId: "gotomeeting" } }), 201);
    expect(defaulted).toMatchObject({ displayName: "GoToMeeting", templateId: "gotomeeting", templateName: "GoToMeeting", mode: "manual", status: "off", lastTestOk: null });
    const name = `Zeta GoTo ${uid()}`;
    const app = await newApp(api, "gotomeeting", name);
    expect(await json(await api.get(`/api/v1/apps/${app.id}`), 200)).toMatchObject({ id: app.id, displayName: name });
    // Both default mappings exist from the start.
    const maps = await sql<{ name: string; actions: unknown }>(`SELECT name, actions FROM app_mapping WHERE "appId" = $1 ORDER BY "sourceObject" DESC`, [app.id]);
    expect(maps).toEqual([{ name: "Provision Directory Users", actions: { create: true, update: true, delete: true } }, { name: "Provision Directory Groups", actions: { create: true, update: true, delete: true } }]);

    const search = await json(await api.get(`/api/v1/apps?q=${encodeURIComponent(name.toLowerCase())}`), 200);
    expect(search.items.map((a: { id: string }) => a.id)).toEqual([app.id]);
    expect((await json(await api.get(`/api/v1/apps?q=${app.id}`), 200)).items.map((a: { id: string }) => a.id)).toEqual([app.id]);
    const offIds = (await json(await api.get(`/api/v1/apps?provisioning=off&limit=500`), 200)).items.map((a: { id: string }) => a.id);
    expect(offIds).toContain(app.id);
    const onIds = (await json(await api.get(`/api/v1/apps?provisioning=on&limit=500`), 200)).items.map((a: { id: string }) => a.id);
    expect(onIds).not.toContain(app.id);
    expect((await json(await api.get(`/api/v1/apps?provisioning=sideways`), 400)).error.message).toMatch(/^query\.provisioning: /);
    expect((await json(await api.get(`/api/v1/apps?limit=0`), 400)).error.message).toMatch(/limit/);

    // keyset paging walks every app exactly once
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const pageRes: { items: Array<{ id: string }>; nextCursor: string | null } = await json(await api.get(`/api/v1/apps?limit=1${cursor ? `&cursor=${cursor}` : ""}`), 200);
      for (const a of pageRes.items) { expect(seen.has(a.id)).toBe(false); seen.add(a.id); }
      cursor = pageRes.nextCursor;
    } while (cursor && seen.size < 1000);
    expect(seen.has(app.id) && seen.has(defaulted.id)).toBe(true);

    expect(await json(await api.patch(`/api/v1/apps/${app.id}`, { data: { displayName: `${name} renamed` } }), 200)).toMatchObject({ displayName: `${name} renamed` });
    expect((await json(await api.patch(`/api/v1/apps/${app.id}`, { data: { displayName: "" } }), 400)).error.message).toMatch(/displayName is required/);
    expect((await json(await api.patch(`/api/v1/apps/${app.id}`, { data: { templateId: "scim" } }), 400)).error.message).toBe("Unknown field: templateId");
    expect((await json(await api.get(`/api/v1/apps/${randomUUID()}`), 404)).error.message).toBe("The application was not found.");
    await json(await api.delete(`/api/v1/apps/${app.id}`), 204);
    await json(await api.get(`/api/v1/apps/${app.id}`), 404);
    await json(await api.delete(`/api/v1/apps/${app.id}`), 404);
    await json(await api.delete(`/api/v1/apps/${defaulted.id}`), 204);

    const audit = await json(await api.get(`/api/v1/audit-logs?targetId=${app.id}`), 200);
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(["app.delete", "app.update", "app.create"]);
  });
});

test.describe("[API][APPS][ASSIGNMENTS]", () => {
  test("roles include Default Access; GoToMeeting refuses it with the tutorial's reason; valid roles, groups, duplicates, removal", async ({ api }) => {
    const app = await newApp(api);
    const roles = await json(await api.get(`/api/v1/apps/${app.id}/roles`), 200);
    expect(roles.items).toEqual(expect.arrayContaining([{ id: "default-access", displayName: "Default Access", description: expect.any(String), validForProvisioning: false }, expect.objectContaining({ id: "organizer", validForProvisioning: true })]));
    const user = await newUser(api);

    const refused = await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "default-access" } }), 422);
    expect(refused.error).toMatchObject({ code: "unprocessable", message: expect.stringMatching(/"Default Access" is not valid for provisioning in GoToMeeting.*must select a valid user role: Organizer, Manager, Admin/) });
    // No role = Default Access, as in Entra: refused the same way.
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id } }), 422)).error.message).toMatch(/Default Access/);
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "emperor" } }), 400)).error.message).toMatch(/roleId: "emperor" is not a role of GoToMeeting/);
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "robot", principalId: user.id, roleId: "organizer" } }), 400)).error.message).toMatch(/principalType/);
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", roleId: "organizer" } }), 400)).error.message).toMatch(/principalId/);
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "organizer", extra: 1 } }), 400)).error.message).toBe("Unknown field: extra");
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: randomUUID(), roleId: "organizer" } }), 404)).error.message).toBe("The user was not found.");
    expect((await json(await api.post(`/api/v1/apps/${randomUUID()}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "organizer" } }), 404)).error.message).toBe("The application was not found.");

    const a = await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "organizer" } }), 201);
    expect(a).toMatchObject({ principalType: "user", principalId: user.id, principalDetail: user.userPrincipalName, roleId: "organizer", roleDisplayName: "Organizer", roleValidForProvisioning: true });
    expect((await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "admin" } }), 409)).error.message).toMatch(/already assigned/);

    const group = await json(await api.post("/api/v1/groups", { data: { displayName: `Meeting hosts ${uid()}` } }), 201);
    const g = await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "group", principalId: group.id, roleId: "manager" } }), 201);
    expect(g).toMatchObject({ principalType: "group", principalDisplayName: group.displayName });
    const list = await json(await api.get(`/api/v1/apps/${app.id}/assignments`), 200);
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([a.id, g.id]);
    const paged = await json(await api.get(`/api/v1/apps/${app.id}/assignments?limit=1`), 200);
    expect(paged.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await json(await api.get(`/api/v1/apps/${app.id}/assignments?limit=1&cursor=${paged.nextCursor}`), 200)).items.map((x: { id: string }) => x.id)).toEqual([g.id]);

    await json(await api.delete(`/api/v1/apps/${app.id}/assignments/${a.id}`), 204);
    await json(await api.delete(`/api/v1/apps/${app.id}/assignments/${a.id}`), 404);
    expect((await json(await api.get(`/api/v1/apps/${app.id}/assignments`), 200)).items.map((x: { id: string }) => x.id)).toEqual([g.id]);
    const actions = (await json(await api.get(`/api/v1/audit-logs?targetId=${app.id}`), 200)).items.map((x: { action: string }) => x.action);
    expect(actions.slice(0, 3)).toEqual(["app.assignment.remove", "app.assignment.add", "app.assignment.add"]);

    // The generic SCIM template accepts Default Access.
    const scim = await newApp(api, "scim");
    expect(await json(await api.post(`/api/v1/apps/${scim.id}/assignments`, { data: { principalType: "user", principalId: user.id } }), 201)).toMatchObject({ roleId: "default-access", roleDisplayName: "Default Access" });
  });
});

test.describe("[API][APPS][PROVISIONING]", () => {
  let goto: GoToTarget;
  const PASSWORD = `Goto-${randomUUID()}`;
  test.beforeAll(async () => { goto = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: PASSWORD }); });
  test.afterAll(async () => { await goto.close(); });
  const creds = (password = PASSWORD) => ({ adminUsername: "admin@goto.test", adminPassword: password, baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl });

  test("defaults and every validation rule of PATCH …/provisioning", async ({ api }) => {
    const app = await newApp(api);
    const url = `/api/v1/apps/${app.id}/provisioning`;
    expect(await json(await api.get(url), 200)).toEqual({
      mode: "manual", status: "off", scope: "assigned", notificationEmail: null, sendFailureEmails: false, preventAccidentalDeletion: false,
      accidentalDeletionThreshold: 500, intervalMinutes: 40, credentialsSaved: false, lastTestOk: null, lastTestAt: null,
    });
    const bad = async (data: unknown, status: number, re: RegExp) => expect((await json(await api.patch(url, { data }), status)).error.message).toMatch(re);
    await bad({ intervalMinutes: 0 }, 400, /intervalMinutes must be at least 1/);
    await bad({ intervalMinutes: 2.5 }, 400, /whole number/);
    await bad({ intervalMinutes: "40" }, 400, /intervalMinutes must be a number/);
    await bad({ accidentalDeletionThreshold: 0 }, 400, /accidentalDeletionThreshold must be at least 1/);
    await bad({ mode: "semi" }, 400, /^mode: /);
    await bad({ status: "maybe" }, 400, /^status: /);
    await bad({ scope: "some" }, 400, /^scope: /);
    await bad({ notificationEmail: "not-an-email" }, 400, /notificationEmail must be an email address/);
    await bad({ sendFailureEmails: "yes" }, 400, /sendFailureEmails must be true or false/);
    await bad({ favouriteColour: "red" }, 400, /Unknown field: favouriteColour/);
    await bad({ preventAccidentalDeletion: true }, 422, /Prevent accidental deletion needs a Notification Email/);
    await bad({ sendFailureEmails: true }, 422, /Enter a Notification Email/);
    await bad({ status: "on" }, 422, /Set Provisioning Mode to Automatic/);
    await bad({ mode: "automatic", status: "on" }, 422, /Save the Admin Credentials and test the connection/);

    const ok = await json(await api.patch(url, { data: { mode: "automatic", notificationEmail: "ops@contoso.test", preventAccidentalDeletion: true, accidentalDeletionThreshold: 25, intervalMinutes: 1, sendFailureEmails: true } }), 200);
    expect(ok).toMatchObject({ mode: "automatic", status: "off", notificationEmail: "ops@contoso.test", preventAccidentalDeletion: true, accidentalDeletionThreshold: 25, intervalMinutes: 1 });
    // The email cannot be removed while deletion prevention needs it.
    await bad({ notificationEmail: "" }, 422, /Prevent accidental deletion needs a Notification Email/);
    // Changing the scope makes the next cycle initial, as Entra does.
    await sql(`UPDATE sync_state SET "needsInitial" = false WHERE "appId" = $1`, [app.id]);
    expect(await json(await api.patch(url, { data: { scope: "all" } }), 200)).toMatchObject({ scope: "all" });
    expect((await sql<{ needsInitial: boolean }>(`SELECT "needsInitial" FROM sync_state WHERE "appId" = $1`, [app.id]))[0]?.needsInitial).toBe(true);
    const audit = await json(await api.get(`/api/v1/audit-logs?targetId=${app.id}&action=provisioning.update`), 200);
    expect(audit.items[0]).toMatchObject({ before: { scope: "assigned" }, after: { scope: "all" } });
  });

  test("credentials: validation, write-only secrets kept when empty, Status On only with credentials that pass Test Connection", async ({ api }) => {
    const app = await newApp(api);
    const credUrl = `/api/v1/apps/${app.id}/provisioning/credentials`;
    expect(await json(await api.get(credUrl), 200)).toEqual({ adminPassword: { set: false }, clientSecret: { set: false } });
    expect((await json(await api.put(credUrl, { data: { adminPassword: "x" } }), 400)).error.message).toMatch(/Admin Username: /);
    expect((await json(await api.put(credUrl, { data: { adminUsername: "a" } }), 400)).error.message).toMatch(/Admin Password: /);
    expect((await json(await api.put(credUrl, { data: { ...creds(), tenantUrl: "https://x" } }), 400)).error.message).toBe("Unknown field for GoToMeeting: tenantUrl");
    expect((await json(await api.put(credUrl, { data: { ...creds(), baseUrl: "ftp://files" } }), 400)).error.message).toMatch(/API base URL: Must be an http/);
    expect((await json(await api.put(credUrl, { data: { ...creds(), adminPassword: 12345 } }), 400)).error.message).toMatch(/credential values must be strings/);
    expect((await json(await api.put(credUrl, { data: [] }), 400)).error.code).toBe("validation_failed");

    // Wrong password first: Status On refuses and says why.
    await json(await api.put(credUrl, { data: creds("wrong-password") }), 204);
    expect(await json(await api.get(credUrl), 200)).toEqual({ adminUsername: "admin@goto.test", adminPassword: { set: true }, baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl, clientSecret: { set: false } });
    const refused = await json(await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { mode: "automatic", status: "on" } }), 422);
    expect(refused.error.message).toMatch(/Provisioning Status can't be turned On: Test Connection failed\. The token endpoint rejected the credentials.*Check the admin username and password/);
    expect(await json(await api.get(`/api/v1/apps/${app.id}/provisioning`), 200)).toMatchObject({ status: "off", credentialsSaved: true, lastTestOk: false });

    await json(await api.put(credUrl, { data: creds() }), 204);
    // An empty (or omitted) secret keeps the stored one: it can only be replaced.
    await json(await api.put(credUrl, { data: { ...creds(), adminPassword: "" } }), 204);
    const on = await json(await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { mode: "automatic", status: "on" } }), 200);
    expect(on).toMatchObject({ status: "on", mode: "automatic", lastTestOk: true, lastTestAt: expect.any(String) });
    expect((await json(await api.get(`/api/v1/apps/${app.id}`), 200)).status).toBe("on");
    expect((await json(await api.get(`/api/v1/apps?provisioning=on&limit=500`), 200)).items.map((a: { id: string }) => a.id)).toContain(app.id);
    // Manual mode while On is refused; turning Off works without a test.
    expect((await json(await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { mode: "manual" } }), 422)).error.message).toMatch(/Automatic/);
    expect(await json(await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { status: "off", mode: "manual" } }), 200)).toMatchObject({ status: "off", mode: "manual" });

    const audit = await json(await api.get(`/api/v1/audit-logs?targetId=${app.id}&action=provisioning.credentials`), 200);
    expect(audit.items[0].after).toMatchObject({ adminUsername: "admin@goto.test", adminPassword: { set: true } });
  });

  test("[TEST_CONNECTION] GoToMeeting: wrong password, account without Team Admin rights, success; saved results recorded", async ({ api }) => {
    const app = await newApp(api);
    const tc = `/api/v1/apps/${app.id}/provisioning/test-connection`;
    const wrong = await json(await api.post(tc, { data: creds("nope") }), 200);
    expect(wrong).toMatchObject({ ok: false, code: "oauth_rejected", message: expect.stringMatching(/Check the admin username and password/) });
    const noAdmin = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: PASSWORD, teamAdmin: false });
    try {
      const forbidden = await json(await api.post(tc, { data: { ...creds(), baseUrl: noAdmin.baseUrl, tokenUrl: noAdmin.tokenUrl } }), 200);
      expect(forbidden).toMatchObject({ ok: false, code: "forbidden", message: expect.stringMatching(/needs Team Admin rights/) });
    } finally {
      await noAdmin.close();
    }
    const ok = await json(await api.post(tc, { data: creds() }), 200);
    expect(ok).toMatchObject({ ok: true, code: "ok", details: { authenticated: true, usersEndpoint: { ok: true } } });
    expect(ok.message).toMatch(/^Connected to 127\.0\.0\.1:\d+ and read the Users endpoint/);
    // Unsaved credentials are not recorded…
    expect((await json(await api.get(`/api/v1/apps/${app.id}/provisioning`), 200)).lastTestOk).toBeNull();
    // …saved ones are, with or without a body.
    await json(await api.put(`/api/v1/apps/${app.id}/provisioning/credentials`, { data: creds() }), 204);
    expect((await json(await api.post(tc), 200)).ok).toBe(true);
    expect((await json(await api.get(`/api/v1/apps/${app.id}/provisioning`), 200)).lastTestOk).toBe(true);
    // No credentials at all: a plain answer, not an error.
    const empty = await newApp(api);
    expect(await json(await api.post(`/api/v1/apps/${empty.id}/provisioning/test-connection`), 200)).toMatchObject({ ok: false, code: "invalid_credentials", message: expect.stringMatching(/^Fill in the admin credentials/) });
  });

  test("[TEST_CONNECTION] generic SCIM: DNS, refused, TLS, timeout, 401, 403, 404 base URL, not JSON, not SCIM, success with details", async ({ api }) => {
    test.setTimeout(90_000);
    const app = await newApp(api, "scim");
    const tc = (tenantUrl: string, secretToken = "right-token") => api.post(`/api/v1/apps/${app.id}/provisioning/test-connection`, { data: { tenantUrl, authMethod: "bearer", secretToken } });
    const expectDiagnosis = async (tenantUrl: string, code: string, message: RegExp, token?: string) => {
      const r = await json(await tc(tenantUrl, token), 200);
      expect(r, JSON.stringify(r)).toMatchObject({ ok: false, code });
      expect(r.message).toMatch(message);
      return r;
    };

    await expectDiagnosis(`http://provisio-${uid()}.invalid/scim/v2`, "dns_failure", /could not be resolved \(DNS\)/);

    const closed = http.createServer();
    const closedPort = await listen(closed);
    await closeServer(closed);
    await expectDiagnosis(`http://127.0.0.1:${closedPort}/scim/v2`, "connection_refused", /refused the connection/);

    const tls = await startSelfSignedTlsServer();
    try {
      await expectDiagnosis(`${tls.url}/scim/v2`, "tls_error", /TLS certificate is not trusted/);
    } finally {
      await tls.close();
    }

    // A server that accepts the connection and never answers.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => { sockets.push(s); });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      await expectDiagnosis(`http://127.0.0.1:${port}/scim/v2`, "timeout", /did not answer in time/);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }

    const target: ScimTarget = await startScimTarget({ auth: { type: "bearer", token: "right-token" } });
    try {
      await expectDiagnosis(target.baseUrl, "unauthorized", /rejected the credentials \(401\)\. Check the token/, "wrong-token");
      target.inject({ kind: "status", status: 403 }, { pathPrefix: "/scim/v2/Users" });
      await expectDiagnosis(target.baseUrl, "forbidden", /not allowed to manage users \(403\)/);
      await expectDiagnosis(`${target.url}/not/scim`, "base_url_not_found", /Nothing answers at .*\/not\/scim\/Users \(404\)\. Check the Tenant URL/);
      target.inject({ kind: "html" }, { pathPrefix: "/scim/v2/Users" });
      await expectDiagnosis(target.baseUrl, "not_json", /not JSON/);
      target.inject({ kind: "non-scim-json" }, { pathPrefix: "/scim/v2/Users" });
      await expectDiagnosis(target.baseUrl, "not_scim", /not a SCIM response/);
      const ok = await json(await tc(target.baseUrl), 200);
      expect(ok).toMatchObject({ ok: true, code: "ok", details: { serviceProviderConfig: { discovered: true, scimVersion: "2.0", patch: true, filter: true } } });
      expect(ok.message).toMatch(/SCIM 2\.0; PATCH supported, bulk (not )?supported, filtering supported/);
    } finally {
      await target.close();
    }
  });

  test("[TEST_CONNECTION][SSRF] through REST on a server without PROVISIO_ALLOW_PRIVATE_TARGETS: private targets are refused and never contacted", async () => {
    test.setTimeout(240_000);
    // A capture server answering like a healthy SCIM service: a request that got through would pass.
    const scimLike = (_r: unknown, res: http.ServerResponse) => { res.writeHead(200, { "content-type": "application/scim+json" }).end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, Resources: [] })); };
    const capture = await startCapture(scimLike);
    const port = Number(new URL(capture.url).port);
    // the same on [::1] (where the machine has IPv6 loopback)
    const v6 = http.createServer((req, res) => { capture.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" }); scimLike(req, res); });
    const v6Port = await new Promise<number | null>((resolve) => { v6.once("error", () => resolve(null)); v6.listen(0, "::1", () => resolve((v6.address() as net.AddressInfo).port)); });
    // A redirector on an address the guard counts as public (when the machine has one): the first hop
    // is allowed, and its 302 to the loopback capture server must not be followed.
    const publicV4 = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal && !isPrivateAddress(a.address))?.address;
    const redirects: string[] = [];
    const redirector = http.createServer((req, res) => { redirects.push(req.url ?? ""); res.writeHead(302, { location: `${capture.url}/scim/v2${req.url ?? ""}` }).end(); });
    const redirectorPort = await new Promise<number>((resolve) => redirector.listen(0, publicV4 ?? "127.0.0.1", () => resolve((redirector.address() as net.AddressInfo).port)));
    // A DNS name that resolves to loopback (not the literal "localhost"): this machine's own hostname when it does.
    const hostAddr = await dns.lookup(os.hostname()).then((a) => a.address, () => null);
    const server = await startSecondServer({ PROVISIO_ALLOW_PRIVATE_TARGETS: undefined, PROVISIO_WORKER: "off", PROVISIO_METRICS_TOKEN: undefined });
    try {
      const token = (await json(await fetchResponse(`${server.url}/api/v1/auth/token`, "POST", { email: ADMIN.email, password: ADMIN.password }), 200)).access_token as string;
      const call = (path: string, method: string, body?: unknown) => fetchResponse(`${server.url}${path}`, method, body, token);
      const app = await json(await call("/api/v1/apps", "POST", { templateId: "scim", displayName: `SSRF ${uid()}` }), 201);
      const urls: Array<[string, string]> = [
        ["loopback", `${capture.url}/scim/v2`],
        ["10.x", `http://10.0.0.1:${port}/scim/v2`],
        ["metadata", "http://169.254.169.254/latest/meta-data"],
        ["localhost", `http://localhost:${port}/scim/v2`],
      ];
      if (v6Port) urls.push(["[::1]", `http://[::1]:${v6Port}/scim/v2`]);
      else urls.push(["[::1]", `http://[::1]:${port}/scim/v2`]);
      if (hostAddr && isPrivateAddress(hostAddr)) urls.push([`DNS name ${os.hostname()} → ${hostAddr}`, `http://${os.hostname()}:${port}/scim/v2`]);
      for (const [label, tenantUrl] of urls) {
        const creds = { tenantUrl, authMethod: "bearer", secretToken: `ssrf-${uid()}` };
        // Test Connection with unsaved credentials: the documented 200 with ok:false, code ssrf_blocked, the setting named.
        const tc = await json(await call(`/api/v1/apps/${app.id}/provisioning/test-connection`, "POST", creds), 200);
        expect(tc, label).toMatchObject({ ok: false, code: "ssrf_blocked" });
        expect(tc.message, label).toMatch(/PROVISIO_ALLOW_PRIVATE_TARGETS/);
        // Saving them: refused with a 400 naming tenantUrl.
        const save = await call(`/api/v1/apps/${app.id}/provisioning/credentials`, "PUT", creds);
        const saveText = await save.text();
        expect(save.status(), `${label}: ${saveText}`).toBe(400);
        expect(saveText, label).toMatch(/tenantUrl/);
        expect(saveText, label).toMatch(/PROVISIO_ALLOW_PRIVATE_TARGETS/);
      }
      // The redirect: Test Connection fails, the redirect is not followed.
      const viaRedirect = { tenantUrl: `http://${publicV4 ?? "127.0.0.1"}:${redirectorPort}/scim/v2`, authMethod: "bearer", secretToken: `ssrf-${uid()}` };
      const tc = await json(await call(`/api/v1/apps/${app.id}/provisioning/test-connection`, "POST", viaRedirect), 200);
      expect(tc.ok).toBe(false);
      if (publicV4) expect(redirects.length, "the first hop (a public address) was made").toBeGreaterThan(0);
      else expect(tc.code).toBe("ssrf_blocked");
      expect(capture.requests.map((r) => `${r.method} ${r.url}`), "requests that reached the private capture server").toEqual([]);
      // Nothing was stored: the app still has no saved credentials.
      expect((await json(await call(`/api/v1/apps/${app.id}/provisioning`, "GET"), 200)).credentialsSaved).toBe(false);
    } finally {
      await server.close();
      await capture.close();
      await closeServer(redirector);
      if (v6Port) await closeServer(v6);
    }
  });
});

test.describe("[API][APPS][ROLES]", () => {
  test("a reader reads everything and changes nothing; an application admin may", async ({ api, request }) => {
    const app = await newApp(api);
    const user = await newUser(api);
    const assignment = await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: "organizer" } }), 201);
    const reader = await createAdmin(request, "reader", "apps-reader");
    const r = bearer(await tokenFor(request, reader.email, reader.password));
    for (const path of ["/api/v1/templates", "/api/v1/apps", `/api/v1/apps/${app.id}`, `/api/v1/apps/${app.id}/roles`, `/api/v1/apps/${app.id}/assignments`, `/api/v1/apps/${app.id}/provisioning`, `/api/v1/apps/${app.id}/provisioning/credentials`]) {
      expect((await request.get(path, { headers: r })).status(), path).toBe(200);
    }
    const writes: Array<[string, string, unknown]> = [
      ["POST", "/api/v1/apps", { templateId: "scim" }],
      ["PATCH", `/api/v1/apps/${app.id}`, { displayName: "hijacked" }],
      ["DELETE", `/api/v1/apps/${app.id}`, undefined],
      ["POST", `/api/v1/apps/${app.id}/assignments`, { principalType: "user", principalId: user.id, roleId: "admin" }],
      ["DELETE", `/api/v1/apps/${app.id}/assignments/${assignment.id}`, undefined],
      ["PATCH", `/api/v1/apps/${app.id}/provisioning`, { intervalMinutes: 5 }],
      ["PUT", `/api/v1/apps/${app.id}/provisioning/credentials`, { adminUsername: "a", adminPassword: "b" }],
      ["POST", `/api/v1/apps/${app.id}/provisioning/test-connection`, {}],
    ];
    for (const [method, path, data] of writes) {
      const res = await request.fetch(path, { method, headers: r, data });
      expect(res.status(), `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    expect((await request.get("/api/v1/apps")).status()).toBe(401);

    const appAdmin = await createAdmin(request, "app_admin", "apps-admin");
    const a = bearer(await tokenFor(request, appAdmin.email, appAdmin.password));
    expect((await request.patch(`/api/v1/apps/${app.id}`, { headers: a, data: { displayName: `${app.displayName} (app admin)` } })).status()).toBe(200);
    expect((await request.delete(`/api/v1/apps/${app.id}/assignments/${assignment.id}`, { headers: a })).status()).toBe(204);
  });
});

test.describe("[API][APPS][SECRETS]", () => {
  test("a configured secret never appears in any API response, rendered page, audit log row or the database in clear", async ({ api, page, baseURL }) => {
    test.setTimeout(180_000); // two targets, a first cycle, every provisioning page rendered twice (browser and raw), a table scan
    const SECRET = `S3cret-${randomUUID()}`;
    const CLIENT_SECRET = `Cl1ent-${randomUUID()}`;
    const goto = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: SECRET });
    const scim = await startScimTarget({ auth: { type: "bearer", token: SECRET } });
    try {
      const app = await newApp(api);
      const scimApp = await newApp(api, "scim");
      const bodies: Array<[string, string]> = [];
      const keep = async (label: string, res: APIResponse) => { bodies.push([label, await res.text()]); return res; };
      await keep("put creds", await api.put(`/api/v1/apps/${app.id}/provisioning/credentials`, { data: { adminUsername: "admin@goto.test", adminPassword: SECRET, clientSecret: CLIENT_SECRET, baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl } }));
      await keep("put scim creds", await api.put(`/api/v1/apps/${scimApp.id}/provisioning/credentials`, { data: { tenantUrl: scim.baseUrl, authMethod: "bearer", secretToken: SECRET } }));
      await keep("test saved", await api.post(`/api/v1/apps/${app.id}/provisioning/test-connection`));
      // Failures whose messages quote the server: the secret in the URL and in the request must not come back.
      await keep("test wrong pw", await api.post(`/api/v1/apps/${app.id}/provisioning/test-connection`, { data: { adminUsername: "admin@goto.test", adminPassword: `${SECRET}-x`, baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl } }));
      await keep("test 404 with secret in URL", await api.post(`/api/v1/apps/${scimApp.id}/provisioning/test-connection`, { data: { tenantUrl: `${scim.url}/${SECRET}`, authMethod: "bearer", secretToken: SECRET } }));
      await keep("test scim ok", await api.post(`/api/v1/apps/${scimApp.id}/provisioning/test-connection`));
      await keep("patch on", await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { mode: "automatic", status: "on", notificationEmail: "ops@contoso.test" } }));
      await keep("patch scim automatic", await api.patch(`/api/v1/apps/${scimApp.id}/provisioning`, { data: { mode: "automatic" } }));
      for (const id of [app.id, scimApp.id]) {
        for (const path of ["", "/roles", "/assignments", "/provisioning", "/provisioning/credentials"]) await keep(`GET ${path}`, await api.get(`/api/v1/apps/${id}${path}`));
      }
      await keep("list", await api.get("/api/v1/apps?limit=500"));
      await keep("templates", await api.get("/api/v1/templates"));
      await keep("openapi", await api.get("/api/v1/openapi.json"));
      await keep("audit", await api.get("/api/v1/audit-logs?limit=500"));
      await keep("audit app", await api.get(`/api/v1/audit-logs?targetId=${app.id}`));
      expect(bodies.find(([, b]) => b.includes("\"ok\":true"))).toBeTruthy();
      for (const [label, body] of bodies) {
        expect(body.includes(SECRET), label).toBe(false);
        expect(body.includes(CLIENT_SECRET), label).toBe(false);
      }

      await signIn(page, process.env.ADMIN_EMAIL ?? "admin@provisio.test", process.env.ADMIN_PASSWORD ?? "");
      for (const id of [app.id, scimApp.id]) {
        for (const path of ["", "/properties", "/users-and-groups", "/provisioning", "/provisioning/edit"]) {
          const url = `${baseURL}/apps/${id}${path}`;
          await page.goto(url);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          // Edit provisioning holds the credentials form (the Overview at /provisioning shows status).
          if (path === "/provisioning/edit") await expect(page.getByRole("combobox", { name: "Provisioning Mode" })).toBeVisible();
          const html = await page.content();
          const raw = await (await page.request.get(url)).text();
          for (const text of [html, raw]) {
            expect(text.includes(SECRET), url).toBe(false);
            expect(text.includes(CLIENT_SECRET), url).toBe(false);
          }
          // Password inputs never carry a value.
          for (const input of await page.locator('input[type="password"]').all()) expect(await input.inputValue()).toBe("");
        }
      }

      const rows = await sql<{ dump: string }>(`SELECT row_to_json(a)::text AS dump FROM app a WHERE id = ANY($1)`, [[app.id, scimApp.id]]);
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        expect(r.dump.includes(SECRET)).toBe(false);
        expect(r.dump).toMatch(/"credentialsSecret":"v1:/);
      }
      const audit = await sql<{ dump: string }>(`SELECT coalesce(before::text, '') || coalesce(after::text, '') AS dump FROM audit_log WHERE "targetId" = ANY($1)`, [[app.id, scimApp.id]]);
      expect(audit.length).toBeGreaterThan(0);
      for (const r of audit) expect(r.dump.includes(SECRET) || r.dump.includes(CLIENT_SECRET)).toBe(false);
      const logs = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM provisioning_log WHERE "appId" = ANY($1) AND (exchange::text LIKE $2 OR reason LIKE $2)`, [[app.id, scimApp.id], `%${SECRET}%`]);
      expect(logs[0]?.n).toBe(0);
    } finally {
      await goto.close();
      await scim.close();
    }
  });
});
