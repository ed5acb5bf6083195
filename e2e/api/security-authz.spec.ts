// Authorization matrix generated from the route list: every route file on disk must have
// a registry entry (the OpenAPI document's operations, with x-required-role) and vice versa;
// every operation × caller → the expected status. Then /scim/v2 refuses everything without
// a live SCIM token (including a portal bearer token).
import { randomUUID } from "node:crypto";
import { ADMIN, bearer, createAdmin, expect, test, tokenFor } from "../fixtures";
import { adminRow, fillPath, json, mintJwt, operations, routeFilesOnDisk, SESSION_COOKIE, uid, type Operation, type RequiredRole } from "../security/helpers";

type Caller = { name: string; headers: Record<string, string>; role: RequiredRole | null };

const RANK: Record<RequiredRole, number> = { public: 0, reader: 1, app_admin: 2, global_admin: 3 };

/** 401 when not authenticated, 403 below the required role, anything else but 401/403 otherwise. */
function expected(op: Operation, caller: Caller): "401" | "403" | "allowed" {
  if (op.role === "public") return "allowed";
  if (caller.role === null) return "401";
  return RANK[caller.role] >= RANK[op.role] ? "allowed" : "403";
}

async function send(request: import("@playwright/test").APIRequestContext, op: Operation, headers: Record<string, string>) {
  const url = fillPath(op.path);
  if (op.rawBody) return request.fetch(url, { method: op.method, headers: { ...headers, "content-type": op.rawBody }, data: "" });
  if (op.hasJsonBody) return request.fetch(url, { method: op.method, headers, data: {} });
  return request.fetch(url, { method: op.method, headers });
}

test.describe("[SECURITY][AUTHZ]", () => {
  test("every route file has a registry entry and every registry entry a route file", async ({ request }) => {
    const disk = routeFilesOnDisk();
    expect(disk.length).toBeGreaterThan(30);
    const onDisk = new Set(disk.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
    for (const r of disk) expect(r.methods.length, `${r.file} defines no method through methods({...})`).toBeGreaterThan(0);
    const ops = await operations(request);
    const registered = new Set(ops.map((o) => `${o.method} ${o.path}`));
    expect([...onDisk].filter((k) => !registered.has(k)), "route methods without a registry entry").toEqual([]);
    expect([...registered].filter((k) => !onDisk.has(k)), "registry entries without a route file").toEqual([]);
    for (const o of ops) expect(["public", "reader", "app_admin", "global_admin"], `${o.method} ${o.path} x-required-role`).toContain(o.role);
    // The public surface is exactly what needs no sign-in.
    expect(ops.filter((o) => o.role === "public").map((o) => `${o.method} ${o.path}`).sort()).toEqual(["GET /api/health", "GET /api/v1/openapi.json", "POST /api/v1/auth/token"]);
  });

  test("every operation × anonymous, reader, app admin, global admin, expired token, disabled admin's token, SCIM token", async ({ request, api }) => {
    test.setTimeout(120_000);
    const ops = await operations(request);
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
    const cases = ops.flatMap((op) => callers.map((caller) => ({ op, caller })));
    const failures: string[] = [];
    let i = 0;
    const worker = async () => {
      for (;;) {
        const c = cases[i++];
        if (!c) return;
        const res = await send(request, c.op, c.caller.headers);
        const status = res.status();
        const want = expected(c.op, c.caller);
        const ok = want === "allowed" ? status !== 401 && status !== 403 && status < 500 : String(status) === want;
        if (!ok) failures.push(`${c.op.method} ${c.op.path} as ${c.caller.name}: ${status} (want ${want}) ${(await res.text()).slice(0, 200)}`);
        else if (want !== "allowed") {
          const body = await res.json();
          expect(body.error.code).toBe(want === "401" ? "unauthorized" : "forbidden");
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(`[SECURITY][COUNT] authorization matrix: ${ops.length} operations × ${callers.length} callers = ${cases.length} requests, wrong answers: ${failures.length}`);
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(10 * 50);
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
