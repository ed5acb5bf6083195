// [DIRECTORY] REST API: users, groups, memberships, CSV import/export, bulk actions, validation and roles.
import { randomUUID } from "node:crypto";
import { bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

const upn = (p = "api") => `${p}-${randomUUID().slice(0, 8)}@dir.example.com`;

test.describe("[DIRECTORY][API]", () => {
  test("user CRUD: create, read, change, find, delete", async ({ api }) => {
    const u = upn("crud");
    const created = await api.post("/api/v1/users", { data: { userPrincipalName: u, displayName: "Crud Person", mail: u, extensionAttributes: { extensionAttribute1: "x" } } });
    expect(created.status(), await created.text()).toBe(201);
    const user = await created.json();
    expect(user).toMatchObject({ userPrincipalName: u, displayName: "Crud Person", accountEnabled: true, extensionAttributes: { extensionAttribute1: "x" } });
    expect(Date.parse(user.createdAt)).not.toBeNaN();

    const got = await api.get(`/api/v1/users/${user.id}`);
    expect(got.status()).toBe(200);

    const patched = await api.patch(`/api/v1/users/${user.id}`, { data: { jobTitle: "Tester", accountEnabled: false } });
    expect(patched.status(), await patched.text()).toBe(200);
    expect(await patched.json()).toMatchObject({ jobTitle: "Tester", accountEnabled: false });

    const listed = await api.get(`/api/v1/users?q=${encodeURIComponent(u.slice(0, 13))}&limit=5`);
    expect(listed.status()).toBe(200);
    const body = await listed.json();
    expect(body.items.map((x: { id: string }) => x.id)).toContain(user.id);
    expect(body).toHaveProperty("nextCursor");
    const filtered = await api.get(`/api/v1/users?filter=${encodeURIComponent(u)}`);
    expect((await filtered.json()).items).toHaveLength(1);

    expect((await api.delete(`/api/v1/users/${user.id}`)).status()).toBe(204);
    const gone = await api.get(`/api/v1/users/${user.id}`);
    expect(gone.status()).toBe(404);
    expect((await gone.json()).error.code).toBe("not_found");
  });

  test("bad input answers 400 naming the field; duplicate UPN 409; unknown ids 404", async ({ api }) => {
    const cases: [unknown, string][] = [
      [{ userPrincipalName: "not a upn" }, "userPrincipalName"],
      [{ displayName: "No UPN" }, "userPrincipalName"],
      [{ userPrincipalName: upn(), mail: "nope" }, "mail"],
      [{ userPrincipalName: upn(), displayName: "x".repeat(300) }, "displayName"],
      [{ userPrincipalName: upn(), favouriteColour: "blue" }, "favouriteColour"],
      [{ userPrincipalName: upn(), accountEnabled: "yes" }, "accountEnabled"],
      [{ userPrincipalName: upn(), extensionAttributes: { extensionAttribute1: 5 } }, "extensionAttributes"],
    ];
    for (const [data, field] of cases) {
      const r = await api.post("/api/v1/users", { data });
      expect(r.status(), JSON.stringify(data)).toBe(400);
      const e = (await r.json()).error;
      expect(e.code).toBe("validation_failed");
      expect(`${e.message} ${JSON.stringify(e.details)}`).toContain(field);
    }
    const malformed = await api.post("/api/v1/users", { headers: { "content-type": "application/json" }, data: "{not json" });
    expect(malformed.status()).toBe(400);

    const u = upn("dup");
    expect((await api.post("/api/v1/users", { data: { userPrincipalName: u } })).status()).toBe(201);
    const dup = await api.post("/api/v1/users", { data: { userPrincipalName: u.toUpperCase() } });
    expect(dup.status()).toBe(409);
    expect((await dup.json()).error.code).toBe("conflict");

    expect((await api.get("/api/v1/users/does-not-exist")).status()).toBe(404);
    expect((await api.patch("/api/v1/users/does-not-exist", { data: { displayName: "x" } })).status()).toBe(404);
    expect((await api.get("/api/v1/groups/does-not-exist")).status()).toBe(404);
    expect((await api.post("/api/v1/groups", { data: { description: "no name" } })).status()).toBe(400);
  });

  test("groups and members: create, add, list, remove, delete", async ({ api }) => {
    const g = await (await api.post("/api/v1/groups", { data: { displayName: `API group ${randomUUID()}`, description: "e2e" } })).json();
    const a = await (await api.post("/api/v1/users", { data: { userPrincipalName: upn("m1") } })).json();
    const b = await (await api.post("/api/v1/users", { data: { userPrincipalName: upn("m2") } })).json();
    const add = await api.post(`/api/v1/groups/${g.id}/members`, { data: { userIds: [a.id, b.id] } });
    expect(add.status(), await add.text()).toBe(200);
    expect((await add.json()).added.sort()).toEqual([a.id, b.id].sort());
    const badAdd = await api.post(`/api/v1/groups/${g.id}/members`, { data: { userIds: ["nobody"] } });
    expect(badAdd.status()).toBe(400);
    const members = await (await api.get(`/api/v1/groups/${g.id}/members?limit=1`)).json();
    expect(members.items).toHaveLength(1);
    expect(members.nextCursor).not.toBeNull();
    expect((await (await api.get(`/api/v1/groups/${g.id}`)).json()).memberCount).toBe(2);
    expect((await (await api.get(`/api/v1/users/${a.id}/groups`)).json()).items.map((x: { id: string }) => x.id)).toContain(g.id);
    expect((await api.delete(`/api/v1/groups/${g.id}/members/${a.id}`)).status()).toBe(204);
    expect((await api.delete(`/api/v1/groups/${g.id}/members/${a.id}`)).status()).toBe(404);
    const renamed = await api.patch(`/api/v1/groups/${g.id}`, { data: { displayName: `${g.displayName} renamed` } });
    expect((await renamed.json()).displayName).toMatch(/renamed$/);
    expect((await api.delete(`/api/v1/groups/${g.id}`)).status()).toBe(204);
    expect((await api.get(`/api/v1/groups/${g.id}`)).status()).toBe(404);
  });

  test("CSV import reports bad rows by line; export downloads CSV; bulk disable", async ({ api }) => {
    const t = randomUUID().slice(0, 8);
    const csv = `userPrincipalName,displayName,department\nimp1-${t}@dir.example.com,Imported One,Sales\nbroken-${t},Bad,\nimp2-${t}@dir.example.com,Imported Two,\n`;
    const r = await api.post("/api/v1/users/import", { headers: { "content-type": "text/csv" }, data: csv });
    expect(r.status(), await r.text()).toBe(200);
    const result = await r.json();
    expect(result).toMatchObject({ created: 2, updated: 0 });
    expect(result.failed).toEqual([{ line: 3, message: expect.stringContaining("userPrincipalName") }]);
    const header = await api.post("/api/v1/users/import", { headers: { "content-type": "text/csv" }, data: "userPrincipalName,shoeSize\na@b.example.com,44\n" });
    expect(header.status()).toBe(400);
    expect((await header.json()).error.message).toContain("shoeSize");

    const exp = await api.get("/api/v1/users/export");
    expect(exp.status()).toBe(200);
    expect(exp.headers()["content-type"]).toContain("text/csv");
    const text = await exp.text();
    expect(text.split("\n")[0]).toContain("userPrincipalName");
    expect(text).toContain(`imp1-${t}@dir.example.com`);

    const one = (await (await api.get(`/api/v1/users?filter=imp1-${t}`)).json()).items[0];
    const bulk = await api.post("/api/v1/users/bulk", { data: { action: "disable", userIds: [one.id] } });
    expect(bulk.status(), await bulk.text()).toBe(200);
    expect((await bulk.json()).affected).toBe(1);
    expect((await (await api.get(`/api/v1/users/${one.id}`)).json()).accountEnabled).toBe(false);
    const noGroup = await api.post("/api/v1/users/bulk", { data: { action: "addToGroup", userIds: [one.id] } });
    expect(noGroup.status()).toBe(400);
    expect((await noGroup.json()).error.message).toContain("groupId");
  });

  test("readers can read the directory but every write answers 403", async ({ request, api }) => {
    const reader = await createAdmin(request, "reader");
    const h = bearer(await tokenFor(request, reader.email, reader.password));
    const user = await (await api.post("/api/v1/users", { data: { userPrincipalName: upn("ro") } })).json();
    const group = await (await api.post("/api/v1/groups", { data: { displayName: `RO ${randomUUID()}` } })).json();
    expect((await request.get("/api/v1/users", { headers: h })).status()).toBe(200);
    expect((await request.get(`/api/v1/groups/${group.id}/members`, { headers: h })).status()).toBe(200);
    const writes = [
      request.post("/api/v1/users", { headers: h, data: { userPrincipalName: upn("ro2") } }),
      request.patch(`/api/v1/users/${user.id}`, { headers: h, data: { displayName: "x" } }),
      request.delete(`/api/v1/users/${user.id}`, { headers: h }),
      request.post("/api/v1/users/import", { headers: { ...h, "content-type": "text/csv" }, data: `userPrincipalName\n${upn("ro3")}\n` }),
      request.post("/api/v1/users/bulk", { headers: h, data: { action: "disable", userIds: [user.id] } }),
      request.post("/api/v1/groups", { headers: h, data: { displayName: "nope" } }),
      request.patch(`/api/v1/groups/${group.id}`, { headers: h, data: { displayName: "nope" } }),
      request.post(`/api/v1/groups/${group.id}/members`, { headers: h, data: { userIds: [user.id] } }),
      request.delete(`/api/v1/groups/${group.id}`, { headers: h }),
    ];
    for (const res of await Promise.all(writes)) expect(res.status()).toBe(403);
    expect((await api.get(`/api/v1/users/${user.id}`)).status()).toBe(200);
    expect((await request.get("/api/v1/users")).status()).toBe(401);
  });
});
