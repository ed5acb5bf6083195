// Real-time push through the running web server (issue 12, item 11): a directory change made
// through any write path reaches the target at once, not at the next 10 s tick or the 40 min
// interval. The web server runs the worker in-process (PROVISIO_WORKER=inline, the default), but
// the route handlers that write are separate bundles: the change reaches the worker only through
// Postgres (NOTIFY → the worker's listener → the queue). Each write is checked by polling the
// target for PUSH_MS — under the tick's 10 s, so writes left to the tick fail most of these
// checks. (8 s, not less: on a loaded 2-core CI machine a push behind a running cycle took > 5 s.)
import type { APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures";
import { startScimTarget, type ScimTarget } from "../targets/scim-target";

const PUSH_MS = 8_000;
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type Ctx = { target: ScimTarget; appId: string; tag: string };

const targetUser = (t: ScimTarget, upn: string) => [...t.state.users.values()].find((u) => String(u.userName).toLowerCase() === upn.toLowerCase());

async function newUser(api: APIRequestContext, tag: string, name: string) {
  const upn = `push-${name}-${tag}@contoso.test`;
  const res = await api.post("/api/v1/users", { data: { userPrincipalName: upn, displayName: `Push ${name} ${tag}`, jobTitle: "Start" } });
  expect(res.status(), await res.text()).toBe(201);
  return { ...((await res.json()) as { id: string }), upn };
}

test.describe("[PUSH] real-time push from every write path", () => {
  test.describe.configure({ mode: "serial" });
  let ctx: Ctx;
  let anna: { id: string; upn: string };

  test.beforeAll(async ({ playwright, baseURL }) => {
    const token = await (await import("../fixtures")).tokenFor(await playwright.request.newContext({ baseURL }), process.env.ADMIN_EMAIL ?? "admin@provisio.test", process.env.ADMIN_PASSWORD ?? "");
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const tag = randomUUID().slice(0, 8);
    const target = await startScimTarget({ auth: { type: "bearer", token: "push-token" } });
    const app = (await (await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Push ${tag}` } })).json()) as { id: string };
    ctx = { target, appId: app.id, tag };
    anna = await newUser(api, tag, "anna");
    expect((await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: anna.id } })).status()).toBe(201);
    expect((await api.put(`/api/v1/apps/${app.id}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: "push-token" } })).status()).toBe(204);
    const on = await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { mode: "automatic", status: "on" } });
    expect(on.status(), await on.text()).toBe(200);
    // The initial cycle; from then on the app is at steady state with its next cycle 40 min away.
    await expect.poll(() => targetUser(target, anna.upn)?.title, { timeout: 60_000 }).toBe("Start");
    await expect.poll(async () => (await (await api.get(`/api/v1/apps/${app.id}/provisioning/status`)).json()).currentCycle, { timeout: 30_000 }).toBeNull();
    await api.dispose();
  });

  test.afterAll(async ({ api }) => {
    await api.patch(`/api/v1/apps/${ctx.appId}/provisioning`, { data: { status: "off" } });
    await ctx.target.close();
  });

  test("REST: PATCH /api/v1/users/{id}", async ({ api }) => {
    for (const title of ["REST one", "REST two", "REST three"]) {
      expect((await api.patch(`/api/v1/users/${anna.id}`, { data: { jobTitle: title } })).status()).toBe(200);
      await expect.poll(() => targetUser(ctx.target, anna.upn)?.title, { timeout: PUSH_MS }).toBe(title);
    }
  });

  test("CSV import", async ({ api }) => {
    const res = await api.post("/api/v1/users/import", { headers: { "content-type": "text/csv" }, data: `userPrincipalName,jobTitle\n${anna.upn},From CSV\n` });
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => targetUser(ctx.target, anna.upn)?.title, { timeout: PUSH_MS }).toBe("From CSV");
  });

  test("inbound SCIM: PATCH /scim/v2/Users/{id}", async ({ api, playwright, baseURL }) => {
    const tok = await api.post("/api/v1/scim-tokens", { data: { name: `push ${ctx.tag}` } });
    expect(tok.status(), await tok.text()).toBe(201);
    const { token } = (await tok.json()) as { token: string };
    const scim = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}`, "content-type": "application/scim+json" } });
    const res = await scim.patch(`/scim/v2/Users/${anna.id}`, { data: JSON.stringify({ schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "From SCIM" }] }) });
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => targetUser(ctx.target, anna.upn)?.title, { timeout: PUSH_MS }).toBe("From SCIM");
    await scim.dispose();
  });

  test("assignments: assigning creates the user, removing the assignment disables it", async ({ api }) => {
    const ben = await newUser(api, ctx.tag, "ben");
    const a = await api.post(`/api/v1/apps/${ctx.appId}/assignments`, { data: { principalType: "user", principalId: ben.id } });
    expect(a.status(), await a.text()).toBe(201);
    await expect.poll(() => targetUser(ctx.target, ben.upn)?.active, { timeout: PUSH_MS }).toBe(true);
    const { id } = (await a.json()) as { id: string };
    expect((await api.delete(`/api/v1/apps/${ctx.appId}/assignments/${id}`)).status()).toBe(204);
    await expect.poll(() => targetUser(ctx.target, ben.upn)?.active, { timeout: PUSH_MS }).toBe(false);
  });

  test("group membership through REST reaches the target group", async ({ api }) => {
    const g = await api.post("/api/v1/groups", { data: { displayName: `Push group ${ctx.tag}` } });
    expect(g.status(), await g.text()).toBe(201);
    const group = (await g.json()) as { id: string };
    // Scope "assigned": the group is provisioned once assigned; then a member added is pushed.
    expect((await api.post(`/api/v1/apps/${ctx.appId}/assignments`, { data: { principalType: "group", principalId: group.id } })).status()).toBe(201);
    const targetGroup = () => [...ctx.target.state.groups.values()].find((x) => x.displayName === `Push group ${ctx.tag}`);
    await expect.poll(() => !!targetGroup(), { timeout: PUSH_MS }).toBe(true);
    const m = await api.post(`/api/v1/groups/${group.id}/members`, { data: { userIds: [anna.id] } });
    expect(m.status(), await m.text()).toBeLessThan(300);
    const annaId = () => String(targetUser(ctx.target, anna.upn)?.id);
    await expect.poll(() => ((targetGroup()?.members ?? []) as { value: string }[]).map((x) => x.value), { timeout: PUSH_MS }).toContain(annaId());
  });
});
