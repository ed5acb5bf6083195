// Concurrency on the database `npm test` runs on (the embedded PostgreSQL server without
// DATABASE_URL): 8 API clients read and write different resources for 60 s while sync cycles
// run against a real SCIM target. Every response is checked against its own operation's
// schema in the portal's OpenAPI document: zero 5xx, zero answers of the wrong shape. This is
// what PGlite's one-session socket failed (500s, a cycles query answered with sync_state rows).
import { randomUUID } from "node:crypto";
import type { APIRequestContext, APIResponse } from "@playwright/test";
// Ajv (2020-12 dialect, as OpenAPI 3.1) comes with openapi-backend, already a dev dependency.
import Ajv2020 from "ajv/dist/2020";
import { expect, test } from "../fixtures";
import { startScimTarget } from "../targets/scim-target";

const RUN_MS = 60_000;
const uid = () => randomUUID().slice(0, 8);

type Problem = { client: string; op: string; status: number; detail: string };

test.describe("[API][CONCURRENCY] the embedded database under concurrent clients", () => {
  test("8 clients for 60 s during sync cycles: no 5xx, every answer has its schema's shape", async ({ api }) => {
    test.setTimeout(240_000);
    type Op = { operationId: string; responses: Record<string, { content?: Record<string, { schema?: object }> }> };
    const doc = (await (await api.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, object> } };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: "provisio", components: doc.components });
    const operations = new Map(Object.values(doc.paths).flatMap((methods) => Object.values(methods)).map((op) => [op.operationId, op]));
    /** Errors of `body` against the operation's documented response for `status` (throws for an unknown operation). */
    const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
    const shapeErrors = (body: unknown, operationId: string, status: number) => {
      const key = `${operationId} ${status}`;
      if (compiled.has(key)) { const v = compiled.get(key)!; return v(body) ? [] : v.errors ?? []; }
      const op = operations.get(operationId);
      if (!op) throw new Error(`no operation ${operationId} in the OpenAPI document`);
      const schema = op.responses[String(status)]?.content?.["application/json"]?.schema;
      if (!schema) throw new Error(`${operationId} documents no JSON response for ${status}`);
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"provisio#/components/')));
      compiled.set(key, validate);
      return validate(body) ? [] : validate.errors ?? [];
    };

    const problems: Problem[] = [];
    const counts = new Map<string, number>();
    /** Sends a request, checks status and shape, returns the parsed body. */
    const call = async (client: string, op: string, expected: number, send: () => Promise<APIResponse>) => {
      const res = await send();
      counts.set(client, (counts.get(client) ?? 0) + 1);
      const text = await res.text();
      let body: unknown = undefined;
      try { body = text ? JSON.parse(text) : undefined; } catch { /* checked below */ }
      if (res.status() !== expected) {
        problems.push({ client, op, status: res.status(), detail: text.slice(0, 300) });
        return undefined;
      }
      if (text) {
        const errors = shapeErrors(body, op, expected);
        if (errors.length) problems.push({ client, op, status: res.status(), detail: JSON.stringify(errors).slice(0, 300) });
      }
      return body as Record<string, unknown> & { id: string };
    };

    // A SCIM app whose target answers creates slowly, over a directory big enough that cycles
    // last: Restart (client 8) starts a new initial cycle again and again.
    const target = await startScimTarget({ auth: { type: "bearer", token: "concurrency-token" } });
    try {
      target.inject({ kind: "latency", ms: 40 }, { times: 1_000_000, method: "POST" });
      const csv = ["userPrincipalName,displayName,department", ...Array.from({ length: 300 }, (_, i) => `load-${uid()}-${i}@contoso.test,Load user ${i},Load`)].join("\n");
      const imported = await api.post("/api/v1/users/import", { headers: { "content-type": "text/csv" }, data: csv });
      expect(imported.status(), await imported.text()).toBe(200);
      const app = await call("setup", "postApiV1Apps", 201, () => api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Concurrency ${uid()}` } }));
      expect(app).toBeDefined();
      const appId = app!.id;
      expect((await api.put(`/api/v1/apps/${appId}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: "concurrency-token" } })).status()).toBeLessThan(300);
      const on = await api.patch(`/api/v1/apps/${appId}/provisioning`, { data: { mode: "automatic", scope: "all", status: "on" } });
      expect(on.status(), await on.text()).toBe(200);

      const until = Date.now() + RUN_MS;
      const states = new Set<string>();
      const loop = async (name: string, body: (c: APIRequestContext) => Promise<void>) => {
        while (Date.now() < until) await body(api);
      };

      await Promise.all([
        // 1. users: create, read, change
        loop("users", async (c) => {
          const u = await call("users", "postApiV1Users", 201, () => c.post("/api/v1/users", { data: { userPrincipalName: `c1-${uid()}@contoso.test`, displayName: "Client one", jobTitle: "Engineer" } }));
          if (!u) return;
          await call("users", "getApiV1UsersUserId", 200, () => c.get(`/api/v1/users/${u.id}`));
          await call("users", "patchApiV1UsersUserId", 200, () => c.patch(`/api/v1/users/${u.id}`, { data: { jobTitle: `Lead ${uid()}` } }));
        }),
        // 2. groups: create, add a member, list members
        loop("groups", async (c) => {
          const g = await call("groups", "postApiV1Groups", 201, () => c.post("/api/v1/groups", { data: { displayName: `Team ${uid()}` } }));
          const u = await call("groups", "postApiV1Users", 201, () => c.post("/api/v1/users", { data: { userPrincipalName: `c2-${uid()}@contoso.test`, displayName: "Client two" } }));
          if (!g || !u) return;
          await call("groups", "postApiV1GroupsGroupIdMembers", 200, () => c.post(`/api/v1/groups/${g.id}/members`, { data: { userIds: [u.id] } }));
          await call("groups", "getApiV1GroupsGroupIdMembers", 200, () => c.get(`/api/v1/groups/${g.id}/members`));
        }),
        // 3. paging through users
        loop("paging", async (c) => {
          let cursor: string | null = null;
          for (let i = 0; i < 5 && Date.now() < until; i++) {
            const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
            const p = await call("paging", "getApiV1Users", 200, () => c.get(`/api/v1/users?limit=50${q}`));
            cursor = (p?.nextCursor as string | null) ?? null;
            if (!cursor) break;
          }
        }),
        // 4. the app's provisioning status (what Sync details polls)
        loop("status", async (c) => {
          const s = await call("status", "getApiV1AppsAppIdProvisioningStatus", 200, () => c.get(`/api/v1/apps/${appId}/provisioning/status`));
          if (s) states.add(String(s.state));
        }),
        // 5. cycle history (the query PGlite once answered with sync_state rows)
        loop("cycles", async (c) => {
          await call("cycles", "getApiV1AppsAppIdProvisioningCycles", 200, () => c.get(`/api/v1/apps/${appId}/provisioning/cycles`));
        }),
        // 6. provisioning logs of the app, as the cycles write them
        loop("logs", async (c) => {
          await call("logs", "getApiV1ProvisioningLogs", 200, () => c.get(`/api/v1/provisioning-logs?appId=${appId}&limit=50`));
        }),
        // 7. another app's settings: create, change, read
        loop("apps", async (c) => {
          const a = await call("apps", "postApiV1Apps", 201, () => c.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Side app ${uid()}` } }));
          if (!a) return;
          await call("apps", "patchApiV1AppsAppIdProvisioning", 200, () => c.patch(`/api/v1/apps/${a.id}/provisioning`, { data: { intervalMinutes: 60, notificationEmail: "ops@contoso.test" } }));
          await call("apps", "getApiV1AppsAppId", 200, () => c.get(`/api/v1/apps/${a.id}`));
        }),
        // 8. restart the sync app's cycles now and then, reading its settings in between
        loop("restart", async (c) => {
          await call("restart", "getApiV1AppsAppIdProvisioning", 200, () => c.get(`/api/v1/apps/${appId}/provisioning`));
          const s = await call("restart", "getApiV1AppsAppIdProvisioningStatus", 200, () => c.get(`/api/v1/apps/${appId}/provisioning/status`));
          if (s && s.state !== "running") {
            const r = await c.post(`/api/v1/apps/${appId}/provisioning/restart`);
            counts.set("restart", (counts.get("restart") ?? 0) + 1);
            if (r.status() >= 300) problems.push({ client: "restart", op: "restart", status: r.status(), detail: (await r.text()).slice(0, 300) });
          }
        }),
      ]);

      // One of each kind, so a failure shows every operation that went wrong.
      const kinds = [...new Map(problems.map((p) => [`${p.op} ${p.status}`, p])).values()];
      expect(problems, `${problems.length} problems, one of each kind:\n${JSON.stringify(kinds, null, 1)}`).toEqual([]);
      // Every client got through a real amount of work, and the cycles were really running meanwhile.
      for (const name of ["users", "groups", "paging", "status", "cycles", "logs", "apps", "restart"]) expect(counts.get(name) ?? 0, name).toBeGreaterThan(10);
      expect([...states]).toContain("running");
      expect(target.state.users.size).toBeGreaterThan(0);
      await api.patch(`/api/v1/apps/${appId}/provisioning`, { data: { status: "off" } });
    } finally {
      await target.close();
    }
  });
});
