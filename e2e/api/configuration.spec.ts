// GET|PUT /api/v1/apps/{appId}/provisioning/configuration and POST …/diff over HTTP:
// the round trip between two apps, every structural and semantic problem listed
// with its JSON path (nothing changed), the readers' limits, the OpenAPI entry.
import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

async function newApp(api: APIRequestContext, templateId = "scim") {
  const res = await api.post("/api/v1/apps", { data: { templateId, displayName: `Configuration API ${randomUUID().slice(0, 8)}` } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document edited freely by the test
type Json = any;
const getConfig = async (api: APIRequestContext, appId: string): Promise<Json> => {
  const res = await api.get(`/api/v1/apps/${appId}/provisioning/configuration`);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
};

test.describe("[API][CONFIGURATION]", () => {
  test("export → PUT into a new app → identical; diff previews; audited", async ({ api }) => {
    const a = await newApp(api);
    const doc = await getConfig(api, a);
    doc.provisioning.scope = "all";
    doc.provisioning.intervalMinutes = 20;
    doc.mappings.user.scopingFilters = [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]];
    const dn = doc.mappings.user.attributeMappings.findIndex((m: Json) => m.target === "displayName");
    Object.assign(doc.mappings.user.attributeMappings[dn], { type: "expression", source: null, expression: 'Join(" ", [givenName], [surname])' });

    const diff = await api.post(`/api/v1/apps/${a}/provisioning/configuration/diff`, { data: doc });
    expect(diff.status(), await diff.text()).toBe(200);
    expect((await diff.json()).changes).toEqual(expect.arrayContaining([
      { path: "provisioning.scope", before: "assigned", after: "all" },
      { path: `mappings.user.attributeMappings.${dn}.expression`, before: null, after: 'Join(" ", [givenName], [surname])' },
    ]));

    const put = await api.put(`/api/v1/apps/${a}/provisioning/configuration`, { data: doc });
    expect(put.status(), await put.text()).toBe(200);
    expect((await put.json()).configuration).toEqual(doc);

    const b = await newApp(api);
    const putB = await api.put(`/api/v1/apps/${b}/provisioning/configuration`, { data: await getConfig(api, a) });
    expect(putB.status(), await putB.text()).toBe(200);
    expect(await getConfig(api, b)).toEqual(await getConfig(api, a));

    const audit = await (await api.get(`/api/v1/audit-logs?targetId=${b}`)).json();
    expect(audit.items.map((i: Json) => i.action)).toContain("provisioning.configuration.apply");
  });

  test("an invalid document: 400 lists every structural problem, 422 every semantic one; nothing changes", async ({ api }) => {
    const appId = await newApp(api);
    const before = await getConfig(api, appId);

    const shape = structuredClone(before);
    shape.version = 7;
    shape.extra = true;
    shape.provisioning.intervalMinutes = 0;
    shape.mappings.user.actions.create = "yes";
    delete shape.mappings.group;
    const r1 = await api.put(`/api/v1/apps/${appId}/provisioning/configuration`, { data: shape });
    expect(r1.status()).toBe(400);
    const paths1 = ((await r1.json()).error.details as Json[]).map((d) => d.path);
    expect(paths1).toEqual(expect.arrayContaining(["version", "", "provisioning.intervalMinutes", "mappings.user.actions.create", "mappings.group"]));

    const meaning = structuredClone(before);
    meaning.templateId = "zoom";
    const un = meaning.mappings.user.attributeMappings.findIndex((m: Json) => m.target === "userName");
    Object.assign(meaning.mappings.user.attributeMappings[un], { type: "expression", source: null, expression: "Left([userPrincipalName]," });
    meaning.mappings.group.attributeMappings.push({ type: "direct", source: "displayName", target: "displayName", applyOn: "always" });
    const r2 = await api.put(`/api/v1/apps/${appId}/provisioning/configuration`, { data: meaning });
    expect(r2.status()).toBe(422);
    const err = (await r2.json()).error;
    expect(err.code).toBe("unprocessable");
    expect((err.details as Json[]).map((d) => d.path)).toEqual(expect.arrayContaining([
      "templateId", `mappings.user.attributeMappings.${un}.expression`, `mappings.group.attributeMappings.${meaning.mappings.group.attributeMappings.length - 1}.target`,
    ]));
    expect(await getConfig(api, appId)).toEqual(before);
    const audit = await (await api.get(`/api/v1/audit-logs?targetId=${appId}`)).json();
    expect(audit.items.map((i: Json) => i.action)).not.toContain("provisioning.configuration.apply");
  });

  test("readers can export and preview but not apply; the operations are in the OpenAPI document", async ({ request, api }) => {
    const appId = await newApp(api);
    const reader = await createAdmin(request, "reader", "configuration");
    const headers = bearer(await tokenFor(request, reader.email, reader.password));
    const doc = await (await request.get(`/api/v1/apps/${appId}/provisioning/configuration`, { headers })).json();
    expect(doc.version).toBe(1);
    expect((await request.post(`/api/v1/apps/${appId}/provisioning/configuration/diff`, { headers, data: doc })).status()).toBe(200);
    expect((await request.put(`/api/v1/apps/${appId}/provisioning/configuration`, { headers, data: doc })).status()).toBe(403);
    const openapi = await (await request.get("/api/v1/openapi.json")).json();
    const ops = openapi.paths["/api/v1/apps/{appId}/provisioning/configuration"];
    expect(Object.keys(ops).sort()).toEqual(["get", "put"]);
    expect(ops.put.requestBody.content["application/json"].schema.properties).toHaveProperty("mappings");
    expect(openapi.paths["/api/v1/apps/{appId}/provisioning/configuration/diff"]).toHaveProperty("post");
  });
});
