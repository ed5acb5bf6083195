import SwaggerParser from "@apidevtools/swagger-parser";
import { ADMIN, bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

test.describe("[API][FOUNDATION]", () => {
  test("health answers ok with the database reachable", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  test("token endpoint: right password → bearer token; wrong → 401; missing fields → 400", async ({ request }) => {
    const ok = await request.post("/api/v1/auth/token", { data: { email: ADMIN.email, password: ADMIN.password } });
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const me = await request.get("/api/v1/me", { headers: bearer(body.access_token) });
    expect(await me.json()).toMatchObject({ email: ADMIN.email, role: "global_admin" });

    const wrong = await request.post("/api/v1/auth/token", { data: { email: ADMIN.email, password: "not-it" } });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: "unauthorized", message: "The email or password is incorrect." } });

    const missing = await request.post("/api/v1/auth/token", { data: { email: ADMIN.email } });
    expect(missing.status()).toBe(400);
    expect((await missing.json()).error.message).toMatch(/password/);
  });

  test("401 without or with a bad token, 403 for a role that may not", async ({ request }) => {
    expect((await request.get("/api/v1/me")).status()).toBe(401);
    const garbage = await request.get("/api/v1/me", { headers: bearer("not-a-token") });
    expect(garbage.status()).toBe(401);
    expect((await garbage.json()).error.code).toBe("unauthorized");

    const reader = await createAdmin(request, "reader");
    const readerToken = await tokenFor(request, reader.email, reader.password);
    expect((await request.get("/api/v1/audit-logs", { headers: bearer(readerToken) })).status()).toBe(200);
    const denied = await request.post("/api/v1/admins", { headers: bearer(readerToken), data: { email: "x@y.z", name: "x", role: "reader", password: "123456789012" } });
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error).toEqual({ code: "forbidden", message: "Your role does not allow this action." });

    const appAdmin = await createAdmin(request, "app_admin");
    const appToken = await tokenFor(request, appAdmin.email, appAdmin.password);
    expect((await request.get("/api/v1/admins", { headers: bearer(appToken) })).status()).toBe(403);
  });

  test("a disabled admin's token and a token from before a password reset stop working", async ({ request, api }) => {
    const a = await createAdmin(request, "app_admin", "revoke");
    const t = await tokenFor(request, a.email, a.password);
    expect((await request.get("/api/v1/me", { headers: bearer(t) })).status()).toBe(200);
    expect((await api.patch(`/api/v1/admins/${a.id}`, { data: { password: "a-brand-new-password" } })).status()).toBe(200);
    expect((await request.get("/api/v1/me", { headers: bearer(t) })).status()).toBe(401);
    const t2 = await tokenFor(request, a.email, "a-brand-new-password");
    expect((await api.patch(`/api/v1/admins/${a.id}`, { data: { disabled: true } })).status()).toBe(200);
    expect((await request.get("/api/v1/me", { headers: bearer(t2) })).status()).toBe(401);
    const signIn = await request.post("/api/v1/auth/token", { data: { email: a.email, password: "a-brand-new-password" } });
    expect(signIn.status()).toBe(401);
    expect((await signIn.json()).error.message).toMatch(/disabled/);
  });

  test("bad input: malformed JSON 400, unknown field 400, body over 1 MB 413, unknown route 404, wrong method 405", async ({ api }) => {
    const malformed = await api.post("/api/v1/admins", { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: "validation_failed", message: expect.stringMatching(/not valid JSON/) });

    const unknown = await api.post("/api/v1/admins", { data: { email: "u@provisio.test", name: "U", role: "reader", password: "123456789012", shoeSize: 42 } });
    expect(unknown.status()).toBe(400);
    expect((await unknown.json()).error.message).toBe("Unknown field: shoeSize");

    const wrongType = await api.post("/api/v1/admins", { data: { email: "u@provisio.test", name: "U", role: "emperor", password: "123456789012" } });
    expect(wrongType.status()).toBe(400);
    expect((await wrongType.json()).error.message).toMatch(/^role: /);

    const big = await api.post("/api/v1/admins", { headers: { "content-type": "application/json" }, data: Buffer.from(`{"name":"${"x".repeat(1_100_000)}"}`) });
    expect(big.status()).toBe(413);
    expect((await big.json()).error.code).toBe("payload_too_large");

    const nf = await api.get("/api/v1/does-not-exist");
    expect(nf.status()).toBe(404);
    expect((await nf.json()).error.code).toBe("not_found");

    const wrongMethod = await api.put("/api/v1/audit-logs", { data: {} });
    expect(wrongMethod.status()).toBe(405);
    expect((await wrongMethod.json()).error.code).toBe("method_not_allowed");
  });

  test("the OpenAPI document is valid OpenAPI 3.1 and lists the routes", async ({ request }) => {
    const res = await request.get("/api/v1/openapi.json");
    expect(res.status()).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    await SwaggerParser.validate(structuredClone(doc));
    expect(doc.paths["/api/v1/auth/token"].post.requestBody).toBeTruthy();
    expect(doc.paths["/api/v1/admins/{adminId}"].patch["x-required-role"]).toBe("global_admin");
  });

  test("admin changes land in the audit log without secret values", async ({ api, request }) => {
    const a = await createAdmin(request, "reader", "audited");
    await api.patch(`/api/v1/admins/${a.id}`, { data: { role: "app_admin", password: "super-secret-password-1" } });
    const res = await api.get(`/api/v1/audit-logs?targetId=${a.id}`);
    const { items } = await res.json();
    expect(items.map((i: { action: string }) => i.action)).toEqual(["admin.password_reset", "admin.create"]);
    expect(items[0].before).toMatchObject({ role: "reader" });
    expect(items[0].after).toMatchObject({ role: "app_admin" });
    expect(JSON.stringify(items)).not.toContain("super-secret-password-1");
    expect(JSON.stringify(items)).not.toContain(a.password);
  });
});
