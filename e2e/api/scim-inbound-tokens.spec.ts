// /api/v1/scim-tokens: create (value shown once), list, revoke; roles; the value never leaks.
import { randomUUID } from "node:crypto";
import { bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

test.describe("[SETTINGS][SCIM_TOKENS] API", () => {
  test("create shows the token once; list, audit and a second read never contain it", async ({ api }) => {
    const name = `HR feed ${randomUUID().slice(0, 8)}`;
    const res = await api.post("/api/v1/scim-tokens", { data: { name } });
    expect(res.status(), await res.text()).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ name, status: "active", lastUsedAt: null, revokedAt: null });
    expect(created.token).toMatch(/^psc_[A-Za-z0-9_-]{40,}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.token.length / 2);

    const listText = await (await api.get("/api/v1/scim-tokens")).text();
    expect(listText).not.toContain(created.token);
    const listed = JSON.parse(listText).items.find((t: { id: string }) => t.id === created.id);
    expect(listed).toMatchObject({ id: created.id, name, prefix: created.prefix, status: "active" });
    expect(listed.token).toBeUndefined();

    expect((await api.delete(`/api/v1/scim-tokens/${created.id}`)).status()).toBe(204);
    const after = (await (await api.get("/api/v1/scim-tokens")).json()).items.find((t: { id: string }) => t.id === created.id);
    expect(after.status).toBe("revoked");
    expect(after.revokedAt).not.toBeNull();
    // revoking twice is fine; an unknown id is 404
    expect((await api.delete(`/api/v1/scim-tokens/${created.id}`)).status()).toBe(204);
    expect((await api.delete(`/api/v1/scim-tokens/${randomUUID()}`)).status()).toBe(404);

    const audit = await (await api.get(`/api/v1/audit-logs?targetType=scim_token&targetId=${created.id}`)).text();
    expect(audit).not.toContain(created.token);
    const actions = JSON.parse(audit).items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["scim_token.create", "scim_token.revoke"]));
    expect(actions.filter((a: string) => a === "scim_token.revoke")).toHaveLength(1);
  });

  test("validation: name required, unknown fields refused", async ({ api }) => {
    expect((await api.post("/api/v1/scim-tokens", { data: {} })).status()).toBe(400);
    expect((await api.post("/api/v1/scim-tokens", { data: { name: "  " } })).status()).toBe(400);
    expect((await api.post("/api/v1/scim-tokens", { data: { name: "x", token: "mine" } })).status()).toBe(400);
    expect((await api.post("/api/v1/scim-tokens", { data: { name: "x".repeat(101) } })).status()).toBe(400);
  });

  test("roles: readers list but cannot create or revoke; app admins can; anonymous gets 401", async ({ api, request }) => {
    const reader = await createAdmin(request, "reader", "scimtok-reader");
    const appAdmin = await createAdmin(request, "app_admin", "scimtok-appadmin");
    const readerToken = await tokenFor(request, reader.email, reader.password);
    const appToken = await tokenFor(request, appAdmin.email, appAdmin.password);
    const existing = await (await api.post("/api/v1/scim-tokens", { data: { name: `roles ${randomUUID().slice(0, 8)}` } })).json();

    expect((await request.get("/api/v1/scim-tokens", { headers: bearer(readerToken) })).status()).toBe(200);
    expect((await request.post("/api/v1/scim-tokens", { headers: bearer(readerToken), data: { name: "nope" } })).status()).toBe(403);
    expect((await request.delete(`/api/v1/scim-tokens/${existing.id}`, { headers: bearer(readerToken) })).status()).toBe(403);
    expect((await request.get("/api/v1/scim-tokens")).status()).toBe(401);

    const mine = await request.post("/api/v1/scim-tokens", { headers: bearer(appToken), data: { name: `app admin ${randomUUID().slice(0, 8)}` } });
    expect(mine.status()).toBe(201);
    expect((await request.delete(`/api/v1/scim-tokens/${existing.id}`, { headers: bearer(appToken) })).status()).toBe(204);
    expect((await request.delete(`/api/v1/scim-tokens/${(await mine.json()).id}`, { headers: bearer(appToken) })).status()).toBe(204);
  });
});
