// Authorization matrix with its own oracle: MATRIX below is written by hand from the product's
// roles (docs/product.md, README "Readers may…") and the documented success statuses
// (docs/api.md, the OpenAPI document) — it is not read from the route specs the wrapper enforces,
// so a wrong role in a spec shows up here. Every route method in app/api/**/route.ts needs a row.
// Each operation × caller is sent as a valid request (real ids, valid bodies): a caller with the
// role gets exactly the documented success status, one without gets 403, no credentials 401.
// Then /scim/v2 refuses everything without a live SCIM token (including a portal bearer token).
import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { ADMIN, bearer, createAdmin, expect, test, tokenFor } from "../fixtures";
import { adminRow, json, mintJwt, routeFilesOnDisk, SESSION_COOKIE, sql, uid } from "../security/helpers";
import { startScimTarget, type ScimTarget } from "../targets/scim-target";

type Role = "public" | "reader" | "app_admin" | "global_admin";
type Req = { path: string; body?: unknown; csv?: string };
/** role: the lowest role allowed; ok: the documented success status; req: a valid request (fresh objects where it changes or deletes one). */
type Row = { role: Role; ok: number; req: (f: Fixtures) => Promise<Req> };

const RANK: Record<Role, number> = { public: 0, reader: 1, app_admin: 2, global_admin: 3 };
const TOKEN = "authz-target-token";

/**
 * One retry when the server reset a kept-alive socket before reading the request (it closes idle
 * sockets while a loaded client may pick one up): a transport race, not an answer of the server.
 */
function retryOnReset(ctx: APIRequestContext): APIRequestContext {
  return new Proxy(ctx, {
    get(t, prop, receiver) {
      const v = Reflect.get(t, prop, receiver) as unknown;
      if (typeof v !== "function" || !["get", "post", "put", "patch", "delete", "fetch"].includes(String(prop))) return v;
      return async (...args: unknown[]) => {
        try {
          return await (v as (...a: unknown[]) => Promise<unknown>).apply(t, args);
        } catch (e) {
          if (!/ECONNRESET|socket hang up/.test(String((e as Error)?.message))) throw e;
          return (v as (...a: unknown[]) => Promise<unknown>).apply(t, args);
        }
      };
    },
  });
}

/** Objects the requests need, made through the API as the global admin. Shared ones are read-only. */
class Fixtures {
  private memo = new Map<string, Promise<unknown>>();
  readonly api: APIRequestContext;
  constructor(api: APIRequestContext, readonly target: ScimTarget) {
    this.api = retryOnReset(api);
  }
  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as Promise<T>;
  }
  async user(): Promise<string> {
    return (await json(await this.api.post("/api/v1/users", { data: { userPrincipalName: `authz-${uid()}@authz.test`, givenName: "Ada", surname: "Authz" } }), 201)).id;
  }
  async group(members: string[] = []): Promise<string> {
    const id = (await json(await this.api.post("/api/v1/groups", { data: { displayName: `authz ${uid()}` } }), 201)).id as string;
    if (members.length) await json(await this.api.post(`/api/v1/groups/${id}/members`, { data: { userIds: members } }), 200);
    return id;
  }
  async admin(): Promise<string> {
    return (await createAdmin(this.api, "reader", "authz-victim")).id;
  }
  /** A SCIM app; with credentials: saved, pointing at the local target; automatic: ready to be turned On. */
  async app(opts: { credentials?: boolean; automatic?: boolean } = {}): Promise<string> {
    const id = (await json(await this.api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `authz ${uid()}` } }), 201)).id as string;
    if (opts.credentials || opts.automatic) {
      await json(await this.api.put(`/api/v1/apps/${id}/provisioning/credentials`, { data: { tenantUrl: this.target.baseUrl, authMethod: "bearer", secretToken: TOKEN } }), 204);
    }
    if (opts.automatic) await json(await this.api.patch(`/api/v1/apps/${id}/provisioning`, { data: { mode: "automatic" } }), 200);
    return id;
  }
  async mapping(appId: string): Promise<{ id: string } & Record<string, unknown>> {
    const list = await json(await this.api.get(`/api/v1/apps/${appId}/provisioning/mappings`), 200);
    return (Array.isArray(list) ? list : list.items)[0];
  }
  async assignment(appId: string): Promise<string> {
    return (await json(await this.api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType: "user", principalId: await this.user() } }), 201)).id;
  }
  async completedPreview(appId: string): Promise<string> {
    const { id } = await json(await this.api.post(`/api/v1/apps/${appId}/provisioning/previews`, { data: {} }), 202);
    await expect.poll(async () => (await json(await this.api.get(`/api/v1/apps/${appId}/provisioning/previews/${id}`), 200)).status, { timeout: 60_000 }).toBe("completed");
    return id;
  }
  // read-only objects shared by every read
  sharedUser = () => this.once("user", () => this.user());
  sharedGroup = () => this.once("group", async () => this.group([await this.sharedUser()]));
  sharedApp = () => this.once("app", () => this.app({ credentials: true }));
  sharedMapping = () => this.once("mapping", async () => this.mapping(await this.sharedApp()));
  sharedPreview = () => this.once("preview", async () => this.completedPreview(await this.sharedApp()));
  sharedLog = () =>
    this.once("log", async () => {
      const appId = await this.sharedApp();
      await json(await this.api.post(`/api/v1/apps/${appId}/provisioning/provision-on-demand`, { data: { userId: await this.sharedUser() } }), 200);
      return (await json(await this.api.get(`/api/v1/provisioning-logs?appId=${appId}&limit=1`), 200)).items[0].id as string;
    });
  configuration = async (appId: string) => json(await this.api.get(`/api/v1/apps/${appId}/provisioning/configuration`), 200);
}

const A = "/api/v1/apps/{appId}";
const P = `${A}/provisioning`;
const app = (f: Fixtures) => f.sharedApp();

// route × lowest role → documented success status, by hand.
const MATRIX: Record<string, Row> = {
  "GET /api/health": { role: "public", ok: 200, req: async () => ({ path: "/api/health" }) },
  "GET /api/v1/openapi.json": { role: "public", ok: 200, req: async () => ({ path: "/api/v1/openapi.json" }) },
  "POST /api/v1/auth/token": { role: "public", ok: 200, req: async () => ({ path: "/api/v1/auth/token", body: { email: ADMIN.email, password: ADMIN.password } }) },
  "GET /api/v1/me": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/me" }) },
  "PATCH /api/v1/me": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/me", body: { locale: null } }) },

  // administrators and global settings: global admins only
  "GET /api/v1/admins": { role: "global_admin", ok: 200, req: async () => ({ path: "/api/v1/admins" }) },
  "POST /api/v1/admins": { role: "global_admin", ok: 201, req: async () => ({ path: "/api/v1/admins", body: { email: `authz-new-${uid()}@provisio.test`, name: "New", role: "reader", password: `Pw-${randomUUID()}` } }) },
  "PATCH /api/v1/admins/{adminId}": { role: "global_admin", ok: 200, req: async (f) => ({ path: `/api/v1/admins/${await f.admin()}`, body: { name: "Renamed" } }) },
  "DELETE /api/v1/admins/{adminId}": { role: "global_admin", ok: 204, req: async (f) => ({ path: `/api/v1/admins/${await f.admin()}` }) },
  "GET /api/v1/sign-in-lockouts": { role: "global_admin", ok: 200, req: async () => ({ path: "/api/v1/sign-in-lockouts" }) },
  "DELETE /api/v1/sign-in-lockouts": { role: "global_admin", ok: 204, req: async () => ({ path: `/api/v1/sign-in-lockouts?email=${encodeURIComponent(`nobody-${uid()}@provisio.test`)}` }) },
  "GET /api/v1/settings/notifications": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/settings/notifications" }) },
  "PATCH /api/v1/settings/notifications": { role: "global_admin", ok: 200, req: async () => ({ path: "/api/v1/settings/notifications", body: { retentionDays: 30 } }) },
  "GET /api/v1/settings/notifications/outbox": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/settings/notifications/outbox" }) },
  "POST /api/v1/settings/notifications/outbox/{emailId}/retry": {
    role: "global_admin", ok: 200,
    req: async () => {
      // a failed, unsent email, not due again for a day (the worker leaves it alone until Retry)
      const [row] = await sql<{ id: string }>(`INSERT INTO email_outbox ("to", subject, body, attempts, "nextAttemptAt", "lastError") VALUES ('ops@contoso.test', $1, 'authz', 3, now() + interval '1 day', 'SMTP refused') RETURNING id`, [`authz ${uid()}`]);
      return { path: `/api/v1/settings/notifications/outbox/${row!.id}/retry`, body: {} };
    },
  },

  // directory: readers read, application admins write
  "GET /api/v1/users": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/users" }) },
  "POST /api/v1/users": { role: "app_admin", ok: 201, req: async () => ({ path: "/api/v1/users", body: { userPrincipalName: `authz-new-${uid()}@authz.test` } }) },
  "GET /api/v1/users/{userId}": { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/users/${await f.sharedUser()}` }) },
  "PATCH /api/v1/users/{userId}": { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/users/${await f.user()}`, body: { jobTitle: "Changed" } }) },
  "DELETE /api/v1/users/{userId}": { role: "app_admin", ok: 204, req: async (f) => ({ path: `/api/v1/users/${await f.user()}` }) },
  "GET /api/v1/users/{userId}/groups": { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/users/${await f.sharedUser()}/groups` }) },
  "POST /api/v1/users/bulk": { role: "app_admin", ok: 200, req: async (f) => ({ path: "/api/v1/users/bulk", body: { action: "disable", userIds: [await f.user()] } }) },
  "GET /api/v1/users/export": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/users/export" }) },
  "POST /api/v1/users/import": { role: "app_admin", ok: 200, req: async () => ({ path: "/api/v1/users/import", csv: `userPrincipalName,displayName\nauthz-csv-${uid()}@authz.test,Imported\n` }) },
  "GET /api/v1/groups": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/groups" }) },
  "POST /api/v1/groups": { role: "app_admin", ok: 201, req: async () => ({ path: "/api/v1/groups", body: { displayName: `authz new ${uid()}` } }) },
  "GET /api/v1/groups/{groupId}": { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/groups/${await f.sharedGroup()}` }) },
  "PATCH /api/v1/groups/{groupId}": { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/groups/${await f.group()}`, body: { description: "Changed" } }) },
  "DELETE /api/v1/groups/{groupId}": { role: "app_admin", ok: 204, req: async (f) => ({ path: `/api/v1/groups/${await f.group()}` }) },
  "GET /api/v1/groups/{groupId}/members": { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/groups/${await f.sharedGroup()}/members` }) },
  "POST /api/v1/groups/{groupId}/members": { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/groups/${await f.group()}/members`, body: { userIds: [await f.user()] } }) },
  "DELETE /api/v1/groups/{groupId}/members/{userId}": {
    role: "app_admin", ok: 204,
    req: async (f) => {
      const u = await f.user();
      return { path: `/api/v1/groups/${await f.group([u])}/members/${u}` };
    },
  },
  "GET /api/v1/scim-tokens": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/scim-tokens" }) },
  "POST /api/v1/scim-tokens": { role: "app_admin", ok: 201, req: async () => ({ path: "/api/v1/scim-tokens", body: { name: `authz ${uid()}` } }) },
  "DELETE /api/v1/scim-tokens/{tokenId}": {
    role: "app_admin", ok: 204,
    req: async (f) => ({ path: `/api/v1/scim-tokens/${(await json(await f.api.post("/api/v1/scim-tokens", { data: { name: `authz ${uid()}` } }), 201)).id}` }),
  },

  // gallery and apps
  "GET /api/v1/templates": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/templates" }) },
  "GET /api/v1/apps": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/apps" }) },
  "POST /api/v1/apps": { role: "app_admin", ok: 201, req: async () => ({ path: "/api/v1/apps", body: { templateId: "scim", displayName: `authz new ${uid()}` } }) },
  [`GET ${A}`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}` }) },
  [`PATCH ${A}`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}`, body: { displayName: `authz renamed ${uid()}` } }) },
  [`DELETE ${A}`]: { role: "app_admin", ok: 204, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}` }) },
  [`GET ${A}/roles`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/roles` }) },
  [`GET ${A}/assignments`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/assignments` }) },
  [`POST ${A}/assignments`]: { role: "app_admin", ok: 201, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}/assignments`, body: { principalType: "user", principalId: await f.user() } }) },
  [`DELETE ${A}/assignments/{assignmentId}`]: {
    role: "app_admin", ok: 204,
    req: async (f) => {
      const id = await f.app();
      return { path: `/api/v1/apps/${id}/assignments/${await f.assignment(id)}` };
    },
  },

  // provisioning of one app: readers read (and may test expressions, diff a document), application admins act
  [`GET ${P}`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning` }) },
  [`PATCH ${P}`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}/provisioning`, body: { intervalMinutes: 60 } }) },
  [`GET ${P}/status`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/status` }) },
  [`GET ${P}/statistics`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/statistics` }) },
  [`GET ${P}/cycles`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/cycles` }) },
  [`GET ${P}/credentials`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/credentials` }) },
  [`PUT ${P}/credentials`]: { role: "app_admin", ok: 204, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}/provisioning/credentials`, body: { tenantUrl: f.target.baseUrl, authMethod: "bearer", secretToken: TOKEN } }) },
  [`POST ${P}/test-connection`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/test-connection` }) },
  [`POST ${P}/start`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await f.app({ automatic: true })}/provisioning/start` }) },
  [`POST ${P}/stop`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}/provisioning/stop` }) },
  [`POST ${P}/restart`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await f.app()}/provisioning/restart` }) },
  [`POST ${P}/allow-deletions`]: {
    role: "app_admin", ok: 200,
    req: async (f) => {
      const id = await f.app({ credentials: true });
      // paused by the deletion threshold (nothing staged): the state Allow deletions acts on
      await sql(`INSERT INTO sync_state ("appId", state, "updatedAt") VALUES ($1, 'paused', now()) ON CONFLICT ("appId") DO UPDATE SET state = 'paused'`, [id]);
      return { path: `/api/v1/apps/${id}/provisioning/allow-deletions` };
    },
  },
  [`POST ${P}/provision-on-demand`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/provision-on-demand`, body: { userId: await f.sharedUser() } }) },
  [`POST ${P}/expressions/test`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/expressions/test`, body: { expression: 'Join(" ", [givenName], [surname])', userId: await f.sharedUser() } }) },
  [`GET ${P}/mappings`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/mappings` }) },
  [`GET ${P}/mappings/{mappingId}`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/mappings/${(await f.sharedMapping()).id}` }) },
  [`GET ${P}/mappings/{mappingId}/source-attributes`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/mappings/${(await f.sharedMapping()).id}/source-attributes` }) },
  [`PUT ${P}/mappings/{mappingId}`]: {
    role: "app_admin", ok: 200,
    req: async (f) => {
      const id = await f.app();
      const m = await f.mapping(id);
      return { path: `/api/v1/apps/${id}/provisioning/mappings/${m.id}`, body: { ...m, actions: { create: true, update: true, delete: false } } };
    },
  },
  [`POST ${P}/mappings/{mappingId}/restore-defaults`]: {
    role: "app_admin", ok: 200,
    req: async (f) => {
      const id = await f.app();
      return { path: `/api/v1/apps/${id}/provisioning/mappings/${(await f.mapping(id)).id}/restore-defaults` };
    },
  },
  [`GET ${P}/configuration`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/configuration` }) },
  [`PUT ${P}/configuration`]: {
    role: "app_admin", ok: 200,
    req: async (f) => {
      const id = await f.app();
      return { path: `/api/v1/apps/${id}/provisioning/configuration`, body: await f.configuration(id) };
    },
  },
  [`POST ${P}/configuration/diff`]: { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/configuration/diff`, body: await f.configuration(await app(f)) }) },
  // previews read the target's data: application admins, like provision on demand (README "Preview")
  [`POST ${P}/previews`]: { role: "app_admin", ok: 202, req: async (f) => ({ path: `/api/v1/apps/${await f.app({ credentials: true })}/provisioning/previews`, body: {} }) },
  [`GET ${P}/previews`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/previews` }) },
  [`GET ${P}/previews/{previewId}`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/previews/${await f.sharedPreview()}` }) },
  [`GET ${P}/previews/{previewId}/items`]: { role: "app_admin", ok: 200, req: async (f) => ({ path: `/api/v1/apps/${await app(f)}/provisioning/previews/${await f.sharedPreview()}/items` }) },
  [`POST ${P}/previews/{previewId}/apply`]: {
    role: "app_admin", ok: 200,
    req: async (f) => {
      const id = await f.app({ automatic: true });
      return { path: `/api/v1/apps/${id}/provisioning/previews/${await f.completedPreview(id)}/apply`, body: {} };
    },
  },

  // logs
  "GET /api/v1/provisioning-logs": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/provisioning-logs" }) },
  "GET /api/v1/provisioning-logs/summary": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/provisioning-logs/summary" }) },
  "GET /api/v1/provisioning-logs/{logId}": { role: "reader", ok: 200, req: async (f) => ({ path: `/api/v1/provisioning-logs/${await f.sharedLog()}` }) },
  "GET /api/v1/audit-logs": { role: "reader", ok: 200, req: async () => ({ path: "/api/v1/audit-logs" }) },
};

type Caller = { name: string; headers: Record<string, string>; role: Exclude<Role, "public"> | null };

function expected(row: Row, caller: Caller): number {
  if (row.role === "public") return row.ok;
  if (caller.role === null) return 401;
  return RANK[caller.role] >= RANK[row.role] ? row.ok : 403;
}

async function send(plain: APIRequestContext, key: string, r: Req, headers: Record<string, string>) {
  const request = retryOnReset(plain);
  const method = key.split(" ")[0]!;
  if (r.csv !== undefined) return request.fetch(r.path, { method, headers: { ...headers, "content-type": "text/csv" }, data: r.csv });
  if (r.body !== undefined) return request.fetch(r.path, { method, headers, data: r.body as Record<string, unknown> });
  return request.fetch(r.path, { method, headers });
}

test.describe("[SECURITY][AUTHZ]", () => {
  test("every route method in app/api has a row in the matrix, and every row a route; the OpenAPI document agrees", async ({ request }) => {
    const disk = routeFilesOnDisk();
    for (const r of disk) expect(r.methods.length, `${r.file} defines no method through methods({...})`).toBeGreaterThan(0);
    const onDisk = new Set(disk.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
    expect([...onDisk].filter((k) => !(k in MATRIX)).sort(), "route methods without a row in MATRIX (add one: lowest role, documented success status, a valid request)").toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !onDisk.has(k)).sort(), "rows without a route file").toEqual([]);
    // The documentation says the same as the matrix: x-required-role and the first documented success status.
    type Op = { "x-required-role": string; responses?: Record<string, unknown> };
    const doc = await json<{ paths: Record<string, Record<string, Op>> }>(await request.get("/api/v1/openapi.json"), 200);
    const drift: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item)) {
        const key = `${m.toUpperCase()} ${p}`;
        const row = MATRIX[key];
        if (!row) { drift.push(`${key}: documented, no row`); continue; }
        if (op["x-required-role"] !== row.role) drift.push(`${key}: x-required-role ${op["x-required-role"]}, matrix ${row.role}`);
        const success = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s));
        if (Number(success) !== row.ok) drift.push(`${key}: documented success ${success}, matrix ${row.ok}`);
      }
    }
    expect(drift).toEqual([]);
  });

  test("every operation × anonymous, reader, app admin, global admin, expired token, disabled admin's token, SCIM token, misplaced token types", async ({ request, api }) => {
    test.setTimeout(300_000);
    const target = await startScimTarget({ auth: { type: "bearer", token: TOKEN } });
    try {
      const f = new Fixtures(api, target);
      const reader = await createAdmin(request, "reader", "authz-reader");
      const appAdmin = await createAdmin(request, "app_admin", "authz-app");
      const disabled = await createAdmin(request, "global_admin", "authz-disabled");
      const disabledToken = await tokenFor(request, disabled.email, disabled.password);
      await json(await api.patch(`/api/v1/admins/${disabled.id}`, { data: { disabled: true } }), 200);
      // Expired: a token for the live global admin, valid in every way but its exp.
      const root = await adminRow(ADMIN.email);
      const expired = await mintJwt({ sub: root.id, email: ADMIN.email, tv: root.tokenVersion, typ: "api" }, -3600);
      const fresh = await mintJwt({ sub: root.id, email: ADMIN.email, tv: root.tokenVersion, typ: "api" }, 600);
      expect((await request.get("/api/v1/me", { headers: bearer(fresh) })).status(), "a minted token with a future exp works: the expired one differs only in exp").toBe(200);
      const scimToken = (await json(await api.post("/api/v1/scim-tokens", { data: { name: `authz ${uid()}` } }), 201)).token as string;
      // Each token type only where it belongs (issue 14 item 11): a live global admin's session JWT
      // as a bearer token, and its API token as the session cookie.
      const sessionJwt = await mintJwt({ sub: root.id, email: ADMIN.email, tv: root.tokenVersion, typ: "session", sid: `authz-${uid()}` }, 600);
      const rootToken = await tokenFor(request, ADMIN.email, ADMIN.password);

      const callers: Caller[] = [
        { name: "anonymous", headers: {}, role: null },
        { name: "garbage bearer", headers: bearer("not-a-jwt"), role: null },
        { name: "expired token", headers: bearer(expired), role: null },
        { name: "disabled admin", headers: bearer(disabledToken), role: null },
        { name: "SCIM token", headers: bearer(scimToken), role: null },
        { name: "session JWT as bearer", headers: bearer(sessionJwt), role: null },
        { name: "API token as session cookie", headers: { Cookie: `${SESSION_COOKIE}=${rootToken}` }, role: null },
        { name: "reader", headers: bearer(await tokenFor(request, reader.email, reader.password)), role: "reader" },
        { name: "app_admin", headers: bearer(await tokenFor(request, appAdmin.email, appAdmin.password)), role: "app_admin" },
        { name: "global_admin", headers: bearer(rootToken), role: "global_admin" },
      ];
      const cases = Object.entries(MATRIX).flatMap(([key, row]) => callers.map((caller) => ({ key, row, caller })));
      const failures: string[] = [];
      let i = 0;
      const worker = async () => {
        for (;;) {
          const c = cases[i++];
          if (!c) return;
          const r = await c.row.req(f);
          const res = await send(request, c.key, r, c.caller.headers);
          const status = res.status();
          const want = expected(c.row, c.caller);
          if (status !== want) failures.push(`${c.key} as ${c.caller.name}: ${status} (want ${want}) ${(await res.text()).slice(0, 200)}`);
          else if (want === 401 || want === 403) expect((await res.json()).error.code).toBe(want === 401 ? "unauthorized" : "forbidden");
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      console.log(`[SECURITY][COUNT] authorization matrix: ${Object.keys(MATRIX).length} operations × ${callers.length} callers = ${cases.length} requests, wrong answers: ${failures.length}`);
      expect(failures).toEqual([]);
      expect(cases.length).toBe(Object.keys(MATRIX).length * callers.length);
    } finally {
      await target.close();
    }
  });

  test("/scim/v2 answers 401 in SCIM form without a live SCIM token: none, garbage, revoked, portal bearer JWT", async ({ request, api, adminToken }) => {
    const created = await json(await api.post("/api/v1/scim-tokens", { data: { name: `authz revoked ${uid()}` } }), 201);
    expect((await request.get("/scim/v2/Users", { headers: bearer(created.token) })).status()).toBe(200);
    await json(await api.delete(`/api/v1/scim-tokens/${created.id}`), 204);
    const tokens: Array<[string, Record<string, string>]> = [
      ["none", {}],
      ["garbage", bearer("psc_not-a-real-token")],
      ["basic", { Authorization: "Basic YWRtaW46YWRtaW4=" }],
      ["revoked", bearer(created.token)],
      ["portal bearer JWT", bearer(adminToken)],
    ];
    const endpoints: Array<[string, string]> = [];
    for (const p of ["/scim/v2/Users", "/scim/v2/Groups"]) for (const m of ["GET", "POST"]) endpoints.push([m, p]);
    for (const p of [`/scim/v2/Users/${randomUUID()}`, `/scim/v2/Groups/${randomUUID()}`]) for (const m of ["GET", "PUT", "PATCH", "DELETE"]) endpoints.push([m, p]);
    for (const p of ["/scim/v2/ServiceProviderConfig", "/scim/v2/Schemas", "/scim/v2/ResourceTypes", "/scim/v2/nope"]) endpoints.push(["GET", p]);
    for (const [label, headers] of tokens) {
      for (const [method, p] of endpoints) {
        const res = await request.fetch(p, { method, headers: { ...headers, "content-type": "application/scim+json" }, data: method === "GET" || method === "DELETE" ? undefined : "{}" });
        expect(res.status(), `${method} ${p} with ${label}`).toBe(401);
        expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
        expect(await res.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
      }
    }
  });
});
