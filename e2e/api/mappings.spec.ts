import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

type Doc = {
  id: string; name: string; enabled: boolean; sourceObject: "user" | "group"; targetObject: string;
  actions: { create: boolean; update: boolean; delete: boolean };
  scopingFilters: { attribute: string; operator: string; value?: string | null }[][];
  attributeMappings: { type: string; source?: string | null; expression?: string | null; constant?: string | null; target: string; defaultValue?: string | null; matchingPrecedence?: number | null; applyOn: string }[];
  targetAttributes: { name: string; type: string; multiValued?: boolean; required?: boolean; custom?: boolean }[];
};

async function newApp(api: APIRequestContext) {
  const res = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Mappings API ${randomUUID().slice(0, 8)}` } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

async function mappings(api: APIRequestContext, appId: string): Promise<Doc[]> {
  const res = await api.get(`/api/v1/apps/${appId}/provisioning/mappings`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).items as Doc[];
}

test.describe("[API][MAPPINGS]", () => {
  test("GET lists the users then the groups mapping; GET one has api.md's shape", async ({ api }) => {
    const app = await newApp(api);
    const items = await mappings(api, app.id);
    expect(items.map((m) => [m.name, m.sourceObject])).toEqual([["Provision Directory Users", "user"], ["Provision Directory Groups", "group"]]);
    const res = await api.get(`/api/v1/apps/${app.id}/provisioning/mappings/${items[0]!.id}`);
    expect(res.status()).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(Object.keys(doc).sort()).toEqual(["actions", "attributeMappings", "enabled", "id", "name", "scopingFilters", "sourceObject", "targetAttributes", "targetObject"]);
    expect(doc).toMatchObject({ enabled: true, targetObject: "User", actions: { create: true, update: true, delete: true }, scopingFilters: [] });
    expect(doc.attributeMappings).toContainEqual(expect.objectContaining({ type: "direct", source: "userPrincipalName", target: "userName", matchingPrecedence: 1, applyOn: "always" }));
    expect((await api.get(`/api/v1/apps/${app.id}/provisioning/mappings/nope`)).status()).toBe(404);
    expect((await api.get(`/api/v1/apps/nope/provisioning/mappings`)).status()).toBe(404);
  });

  test("PUT saves the document (round trip), 400 details point at the field, restore-defaults brings the template back", async ({ api }) => {
    const app = await newApp(api);
    const [users] = await mappings(api, app.id);
    const url = `/api/v1/apps/${app.id}/provisioning/mappings/${users!.id}`;

    const next: Doc = structuredClone(users!);
    next.actions.delete = false;
    next.scopingFilters = [[{ attribute: "department", operator: "EQUALS", value: "Sales" }], [{ attribute: "accountEnabled", operator: "IS TRUE", value: null }]];
    const dn = next.attributeMappings.findIndex((m) => m.target === "displayName");
    next.attributeMappings[dn] = { ...next.attributeMappings[dn]!, type: "expression", source: null, expression: 'Join(" ", [givenName], [surname])' };
    const put = await api.put(url, { data: next });
    expect(put.status(), await put.text()).toBe(200);
    expect(await put.json()).toEqual(next);
    expect(await (await api.get(url)).json()).toEqual(next);
    // The change is audited.
    const audit = await (await api.get(`/api/v1/audit-logs?targetType=app_mapping&targetId=${users!.id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: "mapping.update" });

    // Shape errors: unknown field, wrong type.
    const unknown = await api.put(url, { data: { ...next, color: "red" } });
    expect(unknown.status()).toBe(400);
    expect((await unknown.json()).error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ message: expect.stringContaining("color") })] });
    const wrongType = await api.put(url, { data: { ...next, actions: { ...next.actions, create: "yes" } } });
    expect(wrongType.status()).toBe(400);
    expect((await wrongType.json()).error.details).toContainEqual(expect.objectContaining({ path: "actions.create" }));

    // Semantic errors: a broken expression (with its position) and a clause without a value.
    const bad: Doc = structuredClone(next);
    bad.attributeMappings[dn]!.expression = 'Join(" ", [givenName], ';
    bad.scopingFilters[0]![0]!.value = null;
    const semantic = await api.put(url, { data: bad });
    expect(semantic.status()).toBe(400);
    const details = (await semantic.json()).error.details as { path: string; message: string; position?: number }[];
    expect(details).toContainEqual(expect.objectContaining({ path: `attributeMappings.${dn}.expression`, position: expect.any(Number) }));
    expect(details.map((d) => d.path)).toContain("scopingFilters.0.0.value");
    // Nothing was saved.
    expect(await (await api.get(url)).json()).toEqual(next);

    const restored = await api.post(`${url}/restore-defaults`);
    expect(restored.status()).toBe(200);
    expect(await restored.json()).toEqual(users);
  });

  test("expressions/test evaluates against a user; 422 with the position for an expression that does not parse", async ({ api }) => {
    const app = await newApp(api);
    const upn = `ada-${randomUUID().slice(0, 8)}@provisio.test`;
    const created = await api.post("/api/v1/users", { data: { userPrincipalName: upn, givenName: "Ada", surname: "Lovelace" } });
    expect(created.status(), await created.text()).toBe(201);
    const userId = (await created.json()).id as string;
    const url = `/api/v1/apps/${app.id}/provisioning/expressions/test`;

    const ok = await api.post(url, { data: { expression: 'ToUpper(Join(" ", [givenName], [surname]))', userId } });
    expect(ok.status(), await ok.text()).toBe(200);
    expect(await ok.json()).toMatchObject({ value: "ADA LOVELACE" });

    const bad = await api.post(url, { data: { expression: 'Join(" ", [givenName]', userId } });
    expect(bad.status()).toBe(422);
    const err = (await bad.json()).error;
    expect(err).toMatchObject({ code: "unprocessable", message: expect.any(String), details: [{ position: expect.any(Number), message: expect.any(String) }] });

    expect((await api.post(url, { data: { expression: "[mail]", userId: "no-such-user" } })).status()).toBe(404);
    expect((await api.post(url, { data: { userId } })).status()).toBe(400);
  });

  test("readers may read and test but not PUT or restore (403)", async ({ api, request }) => {
    const app = await newApp(api);
    const [users] = await mappings(api, app.id);
    const reader = await createAdmin(request, "reader");
    const h = bearer(await tokenFor(request, reader.email, reader.password));
    const url = `/api/v1/apps/${app.id}/provisioning/mappings/${users!.id}`;
    expect((await request.get(url, { headers: h })).status()).toBe(200);
    const put = await request.put(url, { headers: h, data: users });
    expect(put.status()).toBe(403);
    expect((await put.json()).error.code).toBe("forbidden");
    expect((await request.post(`${url}/restore-defaults`, { headers: h })).status()).toBe(403);
  });
});
