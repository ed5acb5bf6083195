// Inbound SCIM 2.0 (/scim/v2), driven through the request sequence of Microsoft's
// SCIM Validator, plus paging, projection, errors and auth.
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

type Scim = {
  get: (path: string) => Promise<APIResponse>;
  post: (path: string, body: unknown) => Promise<APIResponse>;
  put: (path: string, body: unknown) => Promise<APIResponse>;
  patch: (path: string, ...ops: unknown[]) => Promise<APIResponse>;
  del: (path: string) => Promise<APIResponse>;
  raw: APIRequestContext;
};

const uniq = () => randomUUID().slice(0, 8);

async function newToken(api: APIRequestContext, name = `validator ${uniq()}`): Promise<{ id: string; token: string }> {
  const res = await api.post("/api/v1/scim-tokens", { data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

async function scimClient(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string | undefined, token: string): Promise<Scim> {
  const raw = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const send = (method: string) => (path: string, body: unknown) =>
    raw.fetch(`/scim/v2${path}`, { method, headers: { "content-type": "application/scim+json" }, data: JSON.stringify(body) });
  return {
    get: (path) => raw.get(`/scim/v2${path}`),
    post: send("POST"),
    put: send("PUT"),
    patch: (path, ...ops) => send("PATCH")(path, { schemas: [PATCH], Operations: ops }),
    del: (path) => raw.delete(`/scim/v2${path}`),
    raw,
  };
}

async function json(res: APIResponse, status: number) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

async function expectScimError(res: APIResponse, status: number, scimType?: string) {
  const body = await json(res, status);
  expect(res.headers()["content-type"]).toContain("application/scim+json");
  expect(body.schemas).toEqual([ERROR]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe("string");
  if (scimType) expect(body.scimType).toBe(scimType);
  return body;
}

const newUser = (u: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENT],
  userName: `${u}@scim.test`,
  externalId: `ext-${u}`,
  active: true,
  displayName: `Validator ${u}`,
  name: { givenName: "Val", familyName: `Idator ${u}` },
  emails: [{ type: "work", value: `${u}@mail.scim.test`, primary: true }],
  title: "Engineer",
  [ENT]: { employeeNumber: `E-${u}`, department: "Research" },
  ...extra,
});

test.describe("[DIRECTORY][SCIM_INBOUND]", () => {
  test("users: the Microsoft SCIM Validator sequence", async ({ api, playwright, baseURL }) => {
    const { token } = await newToken(api);
    const scim = await scimClient(playwright, baseURL, token);
    const u = `alice-${uniq()}`;
    let id = "";
    let managerId = "";

    await test.step("create", async () => {
      const res = await scim.post("/Users", newUser(u));
      const body = await json(res, 201);
      expect(res.headers()["content-type"]).toContain("application/scim+json");
      expect(res.headers().location).toBe(`${baseURL}/scim/v2/Users/${body.id}`);
      expect(body).toMatchObject({
        userName: `${u}@scim.test`, externalId: `ext-${u}`, active: true, displayName: `Validator ${u}`, title: "Engineer",
        name: { givenName: "Val", familyName: `Idator ${u}` }, emails: [{ value: `${u}@mail.scim.test`, type: "work", primary: true }],
        [ENT]: { employeeNumber: `E-${u}`, department: "Research" },
        meta: { resourceType: "User", location: `${baseURL}/scim/v2/Users/${body.id}` },
      });
      expect(body.schemas).toContain(USER);
      id = body.id;
    });

    await test.step("create again → 409 uniqueness, also in another case", async () => {
      await expectScimError(await scim.post("/Users", newUser(u)), 409, "uniqueness");
      await expectScimError(await scim.post("/Users", newUser(u, { userName: `${u.toUpperCase()}@SCIM.TEST` })), 409, "uniqueness");
    });

    await test.step("filter existing, incl. different case", async () => {
      for (const name of [`${u}@scim.test`, `${u.toUpperCase()}@SCIM.TEST`]) {
        const body = await json(await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`), 200);
        expect(body).toMatchObject({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
        expect(body.Resources[0].id).toBe(id);
      }
      const none = await json(await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "nobody-${uniq()}@scim.test"`)}`), 200);
      expect(none).toMatchObject({ totalResults: 0, Resources: [] });
      const byExt = await json(await scim.get(`/Users?filter=${encodeURIComponent(`externalId eq "ext-${u}"`)}`), 200);
      expect(byExt.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
    });

    await test.step("get by id; unknown id → 404", async () => {
      const body = await json(await scim.get(`/Users/${id}`), 200);
      expect(body.userName).toBe(`${u}@scim.test`);
      await expectScimError(await scim.get(`/Users/${randomUUID()}`), 404);
    });

    await test.step("patch replace/add with Entra's op names", async () => {
      const body = await json(await scim.patch(`/Users/${id}`,
        { op: "Replace", path: "displayName", value: `Renamed ${u}` },
        { op: "Replace", path: 'emails[type eq "work"].value', value: `new-${u}@mail.scim.test` },
        { op: "Add", path: "name.givenName", value: "Valerie" },
        { op: "Add", path: `${ENT}:department`, value: "Platform" },
        { op: "Replace", path: "nickName", value: `nick${u.replace(/-/g, "")}` },
      ), 200);
      expect(body).toMatchObject({
        displayName: `Renamed ${u}`, emails: [{ value: `new-${u}@mail.scim.test`, type: "work" }], name: { givenName: "Valerie", familyName: `Idator ${u}` },
        [ENT]: { department: "Platform", employeeNumber: `E-${u}` }, nickName: `nick${u.replace(/-/g, "")}`,
      });
    });

    await test.step("path-less replace of userName", async () => {
      const body = await json(await scim.patch(`/Users/${id}`, { op: "Replace", value: { userName: `${u}-renamed@scim.test`, "name.familyName": "Renamed" } }), 200);
      expect(body).toMatchObject({ userName: `${u}-renamed@scim.test`, name: { familyName: "Renamed" } });
    });

    await test.step("manager add / replace / remove", async () => {
      const m1 = await json(await scim.post("/Users", newUser(`mgr1-${uniq()}`)), 201);
      const m2 = await json(await scim.post("/Users", newUser(`mgr2-${uniq()}`)), 201);
      managerId = m1.id;
      let body = await json(await scim.patch(`/Users/${id}`, { op: "Add", path: `${ENT}:manager`, value: m1.id }), 200);
      expect(body[ENT].manager.value).toBe(m1.id);
      body = await json(await scim.patch(`/Users/${id}`, { op: "Replace", path: `${ENT}:manager`, value: { value: m2.id } }), 200);
      expect(body[ENT].manager.value).toBe(m2.id);
      const filtered = await json(await scim.get(`/Users?filter=${encodeURIComponent(`${ENT}:manager.value eq "${m2.id}"`)}`), 200);
      expect(filtered.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
      body = await json(await scim.patch(`/Users/${id}`, { op: "Remove", path: `${ENT}:manager` }), 200);
      expect(body[ENT].manager).toBeUndefined();
      await expectScimError(await scim.patch(`/Users/${id}`, { op: "Add", path: `${ENT}:manager`, value: randomUUID() }), 400, "invalidValue");
    });

    await test.step("disable (active false, and Entra's string \"False\")", async () => {
      let body = await json(await scim.patch(`/Users/${id}`, { op: "Replace", path: "active", value: false }), 200);
      expect(body.active).toBe(false);
      body = await json(await scim.patch(`/Users/${id}`, { op: "Replace", path: "active", value: "True" }), 200);
      expect(body.active).toBe(true);
      body = await json(await scim.patch(`/Users/${id}`, { op: "Replace", path: "active", value: "False" }), 200);
      expect(body.active).toBe(false);
      const rest = await json(await api.get(`/api/v1/users/${id}`), 200);
      expect(rest.accountEnabled).toBe(false);
      await expectScimError(await scim.patch(`/Users/${id}`, { op: "Replace", path: "active", value: "maybe" }), 400, "invalidValue");
    });

    await test.step("PUT replaces the user", async () => {
      const body = await json(await scim.put(`/Users/${id}`, { schemas: [USER], userName: `${u}-renamed@scim.test`, active: true, displayName: "Put Name" }), 200);
      expect(body).toMatchObject({ displayName: "Put Name", active: true });
      expect(body.title).toBeUndefined();
      expect(body.emails).toBeUndefined();
    });

    await test.step("delete; then 404", async () => {
      expect((await scim.del(`/Users/${id}`)).status()).toBe(204);
      await expectScimError(await scim.get(`/Users/${id}`), 404);
      await expectScimError(await scim.del(`/Users/${id}`), 404);
      expect((await scim.del(`/Users/${managerId}`)).status()).toBe(204);
    });
    await scim.raw.dispose();
  });

  test("groups: the Microsoft SCIM Validator sequence", async ({ api, playwright, baseURL }) => {
    const { token } = await newToken(api);
    const scim = await scimClient(playwright, baseURL, token);
    const g = `Validator group ${uniq()}`;
    const m1 = await json(await scim.post("/Users", newUser(`gm1-${uniq()}`)), 201);
    const m2 = await json(await scim.post("/Users", newUser(`gm2-${uniq()}`)), 201);
    let id = "";

    await test.step("create with a member", async () => {
      const res = await scim.post("/Groups", { schemas: [GROUP], displayName: g, externalId: `ext-${g}`, members: [{ value: m1.id }] });
      const body = await json(res, 201);
      expect(body).toMatchObject({ schemas: [GROUP], displayName: g, externalId: `ext-${g}`, meta: { resourceType: "Group" } });
      expect(body.members.map((m: { value: string }) => m.value)).toEqual([m1.id]);
      id = body.id;
    });

    await test.step("duplicate displayName → 409 uniqueness", async () => {
      await expectScimError(await scim.post("/Groups", { schemas: [GROUP], displayName: g.toUpperCase() }), 409, "uniqueness");
    });

    await test.step("non-existent member → 400 invalidValue, nothing written", async () => {
      const name = `Bad members ${uniq()}`;
      await expectScimError(await scim.post("/Groups", { schemas: [GROUP], displayName: name, members: [{ value: randomUUID() }] }), 400, "invalidValue");
      const found = await json(await scim.get(`/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`), 200);
      expect(found.totalResults).toBe(0);
      await expectScimError(await scim.patch(`/Groups/${id}`, { op: "Replace", path: "displayName", value: `${g} x` }, { op: "Add", path: "members", value: [{ value: randomUUID() }] }), 400, "invalidValue");
      expect((await json(await scim.get(`/Groups/${id}`), 200)).displayName).toBe(g);
    });

    await test.step("filter by displayName (any case), get excluding members", async () => {
      const body = await json(await scim.get(`/Groups?filter=${encodeURIComponent(`displayName eq "${g.toLowerCase()}"`)}&excludedAttributes=members`), 200);
      expect(body.totalResults).toBe(1);
      expect(body.Resources[0].id).toBe(id);
      expect(body.Resources[0].members).toBeUndefined();
      const one = await json(await scim.get(`/Groups/${id}?excludedAttributes=members`), 200);
      expect(one).toMatchObject({ id, displayName: g });
      expect(one.members).toBeUndefined();
    });

    await test.step("patch displayName", async () => {
      expect((await scim.patch(`/Groups/${id}`, { op: "Replace", path: "displayName", value: `${g} renamed` })).status()).toBe(204);
      expect((await json(await scim.get(`/Groups/${id}`), 200)).displayName).toBe(`${g} renamed`);
    });

    await test.step("add / remove members", async () => {
      expect((await scim.patch(`/Groups/${id}`, { op: "Add", path: "members", value: [{ value: m2.id }] })).status()).toBe(204);
      let body = await json(await scim.get(`/Groups/${id}`), 200);
      expect(body.members.map((m: { value: string }) => m.value).sort()).toEqual([m1.id, m2.id].sort());
      const byMember = await json(await scim.get(`/Groups?filter=${encodeURIComponent(`members[value eq "${m2.id}"]`)}&excludedAttributes=members`), 200);
      expect(byMember.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
      expect((await scim.patch(`/Groups/${id}`, { op: "Remove", path: `members[value eq "${m1.id}"]` })).status()).toBe(204);
      body = await json(await scim.get(`/Groups/${id}`), 200);
      expect(body.members.map((m: { value: string }) => m.value)).toEqual([m2.id]);
      // Entra's form: remove with a value list
      expect((await scim.patch(`/Groups/${id}`, { op: "Remove", path: "members", value: [{ value: m2.id }] })).status()).toBe(204);
      body = await json(await scim.get(`/Groups/${id}`), 200);
      expect(body.members ?? []).toEqual([]);
      const rest = await json(await api.get(`/api/v1/groups/${id}/members`), 200);
      expect(rest.items).toEqual([]);
    });

    await test.step("delete; then 404", async () => {
      expect((await scim.del(`/Groups/${id}`)).status()).toBe(204);
      await expectScimError(await scim.get(`/Groups/${id}`), 404);
    });
    await scim.del(`/Users/${m1.id}`);
    await scim.del(`/Users/${m2.id}`);
    await scim.raw.dispose();
  });

  test("paging, attributes and excludedAttributes", async ({ api, playwright, baseURL }) => {
    const { token } = await newToken(api);
    const scim = await scimClient(playwright, baseURL, token);
    const tag = `page${uniq()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await json(await scim.post("/Users", newUser(`${tag}-${i}`)), 201)).id);
    const filter = encodeURIComponent(`userName sw "${tag}-"`);
    const p1 = await json(await scim.get(`/Users?filter=${filter}&startIndex=1&count=2`), 200);
    const p2 = await json(await scim.get(`/Users?filter=${filter}&startIndex=3&count=2`), 200);
    const p3 = await json(await scim.get(`/Users?filter=${filter}&startIndex=5&count=2`), 200);
    expect([p1.totalResults, p2.totalResults, p3.totalResults]).toEqual([5, 5, 5]);
    expect([p1.itemsPerPage, p2.itemsPerPage, p3.itemsPerPage]).toEqual([2, 2, 1]);
    expect(p2.startIndex).toBe(3);
    const seen = [...p1.Resources, ...p2.Resources, ...p3.Resources].map((r: { id: string }) => r.id);
    expect(seen.sort()).toEqual([...ids].sort());
    const countOnly = await json(await scim.get(`/Users?filter=${filter}&count=0`), 200);
    expect(countOnly).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    const capped = await json(await scim.get(`/Users?count=100000`), 200);
    expect(capped.itemsPerPage).toBeLessThanOrEqual(500);

    const only = await json(await scim.get(`/Users/${ids[0]}?attributes=userName,name.givenName,${ENT}:department`), 200);
    expect(Object.keys(only).sort()).toEqual(["id", "name", "schemas", "userName", ENT].sort());
    expect(only.name).toEqual({ givenName: "Val" });
    expect(only[ENT]).toEqual({ department: "Research" });
    const without = await json(await scim.get(`/Users?filter=${filter}&excludedAttributes=emails,name,meta&count=1`), 200);
    expect(without.Resources[0].emails).toBeUndefined();
    expect(without.Resources[0].name).toBeUndefined();
    expect(without.Resources[0].userName).toContain(tag);
    expect(without.Resources[0].id).toBeTruthy();

    const complex = await json(await scim.get(`/Users?filter=${encodeURIComponent(`(userName sw "${tag}-0" or userName sw "${tag}-1") and not (title pr and active eq false) and emails[type eq "work" and value co "${tag}"]`)}`), 200);
    expect(complex.totalResults).toBe(2);

    // "%" and "_" in values are literal characters, not LIKE wildcards
    const PROV = "urn:provisio:params:scim:schemas:extension:2.0:User";
    const lit = await json(await scim.post("/Users", newUser(`${tag}-lit`, { displayName: `${tag} 100%_x`, [PROV]: { extensionAttribute1: `${tag}_a` } })), 201);
    const other = await json(await scim.post("/Users", newUser(`${tag}-oth`, { displayName: `${tag} 100ab_x`, [PROV]: { extensionAttribute1: `${tag}xa` } })), 201);
    ids.push(lit.id, other.id);
    for (const f of [`displayName eq "${tag} 100%_x"`, `displayName co "100%"`, `displayName ew "%_x" and displayName sw "${tag}"`, `${PROV}:extensionAttribute1 eq "${tag}_a"`, `${PROV}:extensionAttribute1 co "${tag}_"`]) {
      const r = await json(await scim.get(`/Users?filter=${encodeURIComponent(f)}`), 200);
      expect(r.Resources.map((x: { id: string }) => x.id), f).toEqual([lit.id]);
    }
    for (const id of ids) await scim.del(`/Users/${id}`);
    await scim.raw.dispose();
  });

  test("errors: invalid filter, malformed JSON, bad PATCH, unknown routes, body limit — all SCIM errors", async ({ api, playwright, baseURL }) => {
    const { token } = await newToken(api);
    const scim = await scimClient(playwright, baseURL, token);
    await expectScimError(await scim.get(`/Users?filter=${encodeURIComponent('userName eq')}`), 400, "invalidFilter");
    await expectScimError(await scim.get(`/Users?filter=${encodeURIComponent('userName xx "a"')}`), 400, "invalidFilter");
    await expectScimError(await scim.get(`/Groups?filter=${encodeURIComponent('(displayName eq "a"')}`), 400, "invalidFilter");
    await expectScimError(await scim.raw.post("/scim/v2/Users", { headers: { "content-type": "application/scim+json" }, data: '{"userName": ' }), 400, "invalidSyntax");
    await expectScimError(await scim.raw.post("/scim/v2/Groups", { headers: { "content-type": "application/json" }, data: "[1,2]" }), 400, "invalidSyntax");
    await expectScimError(await scim.post("/Users", { schemas: [USER], userName: "not an upn" }), 400, "invalidValue");
    await expectScimError(await scim.post("/Users", { schemas: [USER], displayName: "no userName" }), 400, "invalidValue");
    await expectScimError(await scim.post("/Users", { schemas: [USER], userName: `t-${uniq()}@scim.test`, active: 7 }), 400, "invalidValue");
    const u = await json(await scim.post("/Users", newUser(`err-${uniq()}`)), 201);
    await expectScimError(await scim.patch(`/Users/${u.id}`, { op: "Replace", path: 'emails[type eq "work"', value: "x" }), 400, "invalidPath");
    await expectScimError(await scim.patch(`/Users/${u.id}`, { op: "Replace", path: "id", value: "x" }), 400, "mutability");
    await expectScimError(await scim.patch(`/Users/${u.id}`, { op: "Remove" }), 400, "noTarget");
    await expectScimError(await scim.patch(`/Users/${u.id}`, { op: "Frobnicate", path: "title", value: "x" }), 400, "invalidSyntax");
    await expectScimError(await scim.raw.fetch(`/scim/v2/Users/${u.id}`, { method: "PATCH", headers: { "content-type": "application/scim+json" }, data: JSON.stringify({ Operations: [] }) }), 400, "invalidSyntax");
    await expectScimError(await scim.get("/Nope"), 404);
    await expectScimError(await scim.raw.get("/scim/v1/Users"), 404);
    await expectScimError(await scim.get(`/Users/${u.id}/extra`), 404);
    await expectScimError(await scim.raw.fetch("/scim/v2/ServiceProviderConfig", { method: "DELETE" }), 405);
    await expectScimError(await scim.raw.post("/scim/v2/Users", { headers: { "content-type": "application/scim+json" }, data: JSON.stringify({ userName: `big-${uniq()}@scim.test`, displayName: "x".repeat(1024 * 1024 + 10) }) }), 413);
    await expectScimError(await scim.raw.post("/scim/v2/Users", { headers: { "content-type": "text/plain" }, data: "hello" }), 415);
    // inputs Postgres cannot store or index are 400, not 500
    await expectScimError(await scim.post("/Users", { schemas: [USER], userName: `nul-${uniq()}@scim.test`, displayName: "a\u0000b" }), 400, "invalidValue");
    await expectScimError(await scim.get(`/Users?filter=${encodeURIComponent('userName eq "a\u0000"')}`), 400, "invalidValue");
    await expectScimError(await scim.get("/Users/%00"), 400, "invalidValue");
    await expectScimError(await scim.get("/Users?startIndex=abc"), 400, "invalidValue");
    expect((await json(await scim.get("/Users?startIndex=99999999999999999999&count=-5"), 200)).Resources).toEqual([]);
    await scim.del(`/Users/${u.id}`);
    await scim.raw.dispose();
  });

  test("auth: no token, a wrong token and a revoked token get 401; lastUsedAt is recorded", async ({ api, adminToken, playwright, baseURL }) => {
    const anon = await playwright.request.newContext({ baseURL });
    const res = await anon.get("/scim/v2/Users");
    await expectScimError(res, 401);
    expect(res.headers()["www-authenticate"]).toContain("Bearer");
    await expectScimError(await anon.get("/scim/v2/Users", { headers: { Authorization: "Bearer psc_not-a-real-token" } }), 401);
    // a portal API token is not a SCIM token
    await expectScimError(await anon.get("/scim/v2/Users", { headers: { Authorization: `Bearer ${adminToken}` } }), 401);

    const t = await newToken(api);
    const scim = await scimClient(playwright, baseURL, t.token);
    await json(await scim.get("/ServiceProviderConfig"), 200);
    const listed = (await json(await api.get("/api/v1/scim-tokens"), 200)).items.find((x: { id: string }) => x.id === t.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect((await api.delete(`/api/v1/scim-tokens/${t.id}`)).status()).toBe(204);
    await expectScimError(await scim.get("/Users"), 401);
    await scim.raw.dispose();
    await anon.dispose();
  });

  test("discovery: ServiceProviderConfig, Schemas, ResourceTypes", async ({ api, playwright, baseURL }) => {
    const { token } = await newToken(api);
    const scim = await scimClient(playwright, baseURL, token);
    const spc = await json(await scim.get("/ServiceProviderConfig"), 200);
    expect(spc).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 500 }, bulk: { supported: false } });
    const schemas = await json(await scim.get("/Schemas"), 200);
    expect(schemas.Resources.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([USER, GROUP, ENT]));
    const user = await json(await scim.get(`/Schemas/${USER}`), 200);
    expect(user.attributes.find((a: { name: string }) => a.name === "userName")).toMatchObject({ caseExact: false, uniqueness: "server", required: true });
    await expectScimError(await scim.get("/Schemas/urn:nope"), 404);
    const types = await json(await scim.get("/ResourceTypes"), 200);
    expect(types.Resources.map((r: { id: string }) => r.id).sort()).toEqual(["Group", "User"]);
    expect(await json(await scim.get("/ResourceTypes/User"), 200)).toMatchObject({ endpoint: "/Users", schema: USER });
    await scim.raw.dispose();
  });

  test("a user created through SCIM shows up in /api/v1/users, with its externalId", async ({ api, playwright, baseURL }) => {
    const { token } = await newToken(api);
    const scim = await scimClient(playwright, baseURL, token);
    const u = `rest-${uniq()}`;
    const created = await json(await scim.post("/Users", newUser(u)), 201);
    const rest = await json(await api.get(`/api/v1/users/${created.id}`), 200);
    expect(rest).toMatchObject({
      userPrincipalName: `${u}@scim.test`, givenName: "Val", surname: `Idator ${u}`, mail: `${u}@mail.scim.test`, jobTitle: "Engineer",
      department: "Research", employeeId: `E-${u}`, accountEnabled: true, externalId: `ext-${u}`,
    });
    const listed = await json(await api.get(`/api/v1/users?filter=${encodeURIComponent(`${u}@`)}`), 200);
    expect(listed.items.map((x: { id: string }) => x.id)).toContain(created.id);
    await scim.del(`/Users/${created.id}`);
    await scim.raw.dispose();
  });
});
