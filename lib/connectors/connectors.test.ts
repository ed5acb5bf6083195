import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateMappingDocument } from "@/lib/mapping";
import { startGoToTarget, type GoToTarget } from "@/e2e/targets/goto-target";
import { startScimTarget } from "@/e2e/targets/scim-target";
import { MembershipNotExpressible } from "@/lib/scim";
import {
  buildClientForApp,
  getTemplate,
  getTemplateOrThrow,
  isRoleValidForProvisioning,
  listTemplates,
  parseCredentials,
  templateSummary,
  testConnectionForApp,
} from "./index";

describe("gallery", () => {
  it("has the generic SCIM app, GoToMeeting and at least two more SaaS templates with docs", () => {
    const ids = listTemplates().map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(["scim", "gotomeeting", "slack", "zoom"]));
    for (const t of listTemplates()) {
      expect(t.logo).toMatch(/^data:image\/svg\+xml/);
      expect(t.roles.some((r) => r.id === "default-access")).toBe(true);
      if (t.id !== "scim") expect(t.docsUrl).toMatch(/^https:\/\//);
      expect(JSON.parse(JSON.stringify(templateSummary(t))).credentialFields.length).toBeGreaterThan(0);
    }
    expect(getTemplate("nope")).toBeUndefined();
    expect(() => getTemplateOrThrow("nope")).toThrow(/Unknown application template/);
  });

  it("GoToMeeting: Default Access is not valid for provisioning, real roles are", () => {
    const g = getTemplateOrThrow("gotomeeting");
    expect(isRoleValidForProvisioning(g, "default-access")).toBe(false);
    expect(g.roles.filter((r) => r.validForProvisioning).length).toBeGreaterThan(0);
    expect(isRoleValidForProvisioning(getTemplateOrThrow("scim"), "default-access")).toBe(true);
  });

  it("default mappings are Entra's and valid documents", () => {
    const scim = getTemplateOrThrow("scim");
    const byTarget = Object.fromEntries(scim.mappings.user.attributeMappings.map((m) => [m.target, m]));
    expect(byTarget.userName).toMatchObject({ source: "userPrincipalName", matchingPrecedence: 1 });
    expect(byTarget.active).toMatchObject({ type: "expression", expression: "Not([IsSoftDeleted])" });
    expect(byTarget['emails[type eq "work"].value']).toMatchObject({ source: "mail" });
    expect(byTarget.externalId).toMatchObject({ source: "mailNickname" });
    expect(byTarget["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"]).toMatchObject({ source: "manager" });
    const groupTargets = scim.mappings.group!.attributeMappings.map((m) => [m.target, m.source, m.matchingPrecedence ?? null]);
    expect(groupTargets).toEqual([["displayName", "displayName", 1], ["externalId", "objectId", null], ["members", "members", null]]);
    for (const t of listTemplates()) {
      for (const m of [t.mappings.user, t.mappings.group]) {
        if (!m) continue;
        expect(validateMappingDocument({ ...m, id: "x" }), `${t.id}/${m.name}`).toEqual([]);
        const known = new Set(m.targetAttributes.map((a) => a.name));
        for (const am of m.attributeMappings) expect(known.has(am.target), `${t.id}: ${am.target}`).toBe(true);
      }
    }
  });

  it("credential schemas say which field is missing", () => {
    const scim = getTemplateOrThrow("scim");
    expect(parseCredentials(scim, { tenantUrl: "https://x.io/scim", secretToken: "t" }).ok).toBe(true);
    const bad = parseCredentials(scim, { tenantUrl: "ftp://x", authMethod: "oauth2_client_credentials" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.field).sort()).toEqual(["clientId", "clientSecret", "tenantUrl", "tokenUrl"]);
    expect(parseCredentials(scim, { tenantUrl: "https://x.io", secretToken: "t", extra: 1 }).ok).toBe(false);
    expect(scim.credentialFields.filter((f) => f.secret).map((f) => f.name)).toEqual(["secretToken", "clientSecret"]);
  });

  it("app overrides win over the template profile", () => {
    const c = buildClientForApp("slack", { secretToken: "t" }, { profile: { ratePerSecond: 10, patchOpCasing: "pascal" }, baseUrl: "http://127.0.0.1:1/scim/v2" }, { allowPrivate: true });
    expect(c.profile.ratePerSecond).toBe(10);
    expect(c.profile.patchOpCasing).toBe("pascal");
    expect(c.profile.maxConcurrency).toBe(2);
    expect(c.baseUrl).toBe("http://127.0.0.1:1/scim/v2");
    c.close();
  });

  it("generic SCIM template against the strict target, bearer and OAuth2", async () => {
    const t = await startScimTarget({ auth: { type: "bearer", token: "tok-abcdef" } });
    const ok = await testConnectionForApp("scim", { tenantUrl: t.baseUrl, secretToken: "tok-abcdef" }, {}, { allowPrivate: true });
    expect(ok).toMatchObject({ ok: true, code: "ok" });
    const missing = await testConnectionForApp("scim", { tenantUrl: t.baseUrl }, {}, { allowPrivate: true });
    expect(missing).toMatchObject({ ok: false, code: "invalid_credentials" });
    expect(missing.message).toMatch(/Secret Token/);
    await t.close();
    const o = await startScimTarget({ auth: { type: "oauth2", clientId: "c1", clientSecret: "cs-123456" } });
    const r = await testConnectionForApp("scim", { tenantUrl: o.baseUrl, authMethod: "oauth2_client_credentials", tokenUrl: o.tokenUrl, clientId: "c1", clientSecret: "cs-123456" }, {}, { allowPrivate: true });
    expect(r).toMatchObject({ ok: true });
    await o.close();
  });
});

describe("GoToMeeting end to end against the GoTo target (OpenAPI-validated)", () => {
  let g: GoToTarget;
  const creds = () => ({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", baseUrl: g.baseUrl, tokenUrl: g.tokenUrl, clientId: "gtm-client", clientSecret: "gtm-secret" });
  beforeAll(async () => {
    g = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", clientId: "gtm-client", clientSecret: "gtm-secret" });
  });
  afterAll(() => g.close());

  it("Test Connection: success, bad password, no Team Admin rights", async () => {
    const ok = await testConnectionForApp("gotomeeting", creds(), {}, { allowPrivate: true });
    expect(ok).toMatchObject({ ok: true, code: "ok" });
    expect(ok.details.serviceProviderConfig).toMatchObject({ scimVersion: "1.1", patch: true, bulk: false });
    const bad = await testConnectionForApp("gotomeeting", { ...creds(), adminPassword: "wrong-pass-7" }, {}, { allowPrivate: true });
    expect(bad).toMatchObject({ ok: false, code: "oauth_rejected" });
    expect(bad.message).toMatch(/admin username and password/);
    expect(JSON.stringify(bad)).not.toMatch(/wrong-pass-7|Adm1n-pass!|gtm-secret/);
    const noRights = await startGoToTarget({ adminUsername: "admin@contoso.com", adminPassword: "Adm1n-pass!", teamAdmin: false });
    const r = await testConnectionForApp("gotomeeting", { ...creds(), baseUrl: noRights.baseUrl, tokenUrl: noRights.tokenUrl, clientId: undefined, clientSecret: undefined }, {}, { allowPrivate: true });
    await noRights.close();
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(r.message).toMatch(/Team Admin rights/);
    expect(g.violations).toEqual([]);
  });

  it("create, match, update, group membership (>100), disable = remove from organization", async () => {
    const c = buildClientForApp("gotomeeting", creds(), {}, { allowPrivate: true });
    const flat = (i: number) => ({ userName: `user${i}@contoso.com`, displayName: `User ${i}`, "name.givenName": `User`, "name.familyName": `N${i}`, active: true });
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) ids.push((await c.createFromFlat("Users", flat(i))).id!);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);

    const [match] = await c.findBy("Users", "userName", "user7@contoso.com");
    expect(match?.id).toBe(ids[7]);
    await expect(c.findBy("Users", "externalId", "x")).rejects.toMatchObject({ code: "filter_unsupported" });

    // rename: PATCH with a partial object carrying the whole name
    expect(await c.updateFromFlat("Users", ids[7]!, flat(7), { ...flat(7), "name.familyName": "Renamed" })).toBe(1);
    const patch = g.requests.filter((r) => r.method === "PATCH").at(-1)!;
    expect(patch.body).toEqual({ name: { givenName: "User", familyName: "Renamed" } });
    expect(g.state.users.get(ids[7]!)!.name.familyName).toBe("Renamed");
    // active has no meaning in GoTo: no request at all
    expect(await c.updateFromFlat("Users", ids[7]!, flat(7), { ...flat(7), active: false })).toBe(0);

    const group = await c.createFromFlat("Groups", { displayName: "Engineering", members: ids.slice(0, 10).map((value) => ({ value })) });
    const before = { displayName: "Engineering", members: ids.slice(0, 10).map((value) => ({ value })) };
    // GoTo may read `members` in a PATCH as replace or add: the whole list goes in one request
    // (PUT when members leave), so a group of more than 100 members cannot be written.
    const tooMany = { displayName: "Engineering", members: ids.slice(5, 130).map((value) => ({ value })) };
    await expect(c.updateFromFlat("Groups", group.id!, before, tooMany)).rejects.toBeInstanceOf(MembershipNotExpressible);
    const after = { displayName: "Engineering", members: ids.slice(5, 105).map((value) => ({ value })) };
    expect(await c.updateFromFlat("Groups", group.id!, before, after)).toBe(1);
    const put = g.requests.filter((q) => q.path.includes("/Groups/") && q.method !== "GET").at(-1)!;
    expect(put.method).toBe("PUT");
    expect(((put.body as { members: unknown[] }).members).length).toBe(100);
    expect(g.state.groups.get(group.id!)!.members.map((m) => m.value).sort()).toEqual(ids.slice(5, 105).sort());

    // disable → DELETE (removed from the organization), then 404-safe
    expect(await c.disableUser(ids[0]!)).toBe("deleted");
    expect(g.state.users.has(ids[0]!)).toBe(false);
    expect(await c.disableUser(ids[0]!)).toBe("already_gone");
    expect(await c.get("Users", ids[1]!)).toMatchObject({ id: ids[1], userName: "user1@contoso.com" });

    const all: string[] = [];
    for await (const u of c.listAll("Users", { pageSize: 50 })) all.push(u.id!);
    expect(all).toHaveLength(129);

    expect(g.requests.some((r) => r.headers["content-type"]?.startsWith("application/json"))).toBe(true);
    expect(g.violations).toEqual([]);
    c.close();
  });

  it("the validator does catch a request that breaks the published API", async () => {
    const c = buildClientForApp("gotomeeting", creds(), { profile: { sendSchemas: true, patchStyle: "operations", numericIds: false } }, { allowPrivate: true });
    const before = g.violations.length;
    // A userKey that is not a number breaks the published path parameter…
    await expect(c.get("Users", "not-a-number")).rejects.toMatchObject({ status: 400 });
    expect(g.violations.slice(before)).toMatchObject([{ path: "/Users/not-a-number" }]);
    // …and properties GoTo does not publish (SCIM `schemas`, sent by this profile) break the body schema.
    await expect(c.createFromFlat("Users", { userName: "x@contoso.com", title: "t" })).rejects.toMatchObject({ status: 400 });
    expect(g.violations.slice(before + 1)).toMatchObject([{ method: "POST", errors: expect.stringMatching(/^unknown properties: .*schemas/) }]);
    g.violations.length = before; // leave the shared list clean for other tests
    c.close();
  });
});
