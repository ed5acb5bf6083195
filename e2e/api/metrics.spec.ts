// GET /metrics of the running web server (which also runs the inline worker): refused
// without the bearer token, Prometheus text with it, and the values move when a cycle
// of a new app runs against a local SCIM target.
import { randomUUID } from "node:crypto";
import { parsePromText, sampleValue } from "../../lib/metrics/prom-text";
import { startScimTarget } from "../targets/scim-target";
import { expect, test } from "../fixtures";

const TOKEN = process.env.PROVISIO_METRICS_TOKEN ?? "";

test.describe("[API][METRICS]", () => {
  test("bearer token required; cycles, objects and target requests move when a cycle runs", async ({ api, request }) => {
    expect(TOKEN.length, "npm test sets PROVISIO_METRICS_TOKEN for the e2e server").toBeGreaterThanOrEqual(16);
    expect((await request.get("/metrics")).status()).toBe(401);
    expect((await request.get("/metrics", { headers: { Authorization: "Bearer not-the-token-at-all" } })).status()).toBe(401);
    // A signed-in portal session is not a scrape credential either.
    expect((await api.get("/metrics")).status()).toBe(401);
    const scrape = async () => {
      const res = await request.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
      return parsePromText(await res.text());
    };
    const before = await scrape();
    expect(sampleValue(before, "provisio_process_process_resident_memory_bytes")).toBeGreaterThan(0);

    const target = await startScimTarget({ auth: { type: "bearer", token: "metrics-token" } });
    try {
      const tag = randomUUID().slice(0, 8);
      const app = (await (await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Metrics ${tag}` } })).json()) as { id: string };
      const user = (await (await api.post("/api/v1/users", { data: { userPrincipalName: `metrics-${tag}@contoso.test`, displayName: `Metrics ${tag}` } })).json()) as { id: string };
      expect((await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id } })).status()).toBe(201);
      expect((await api.put(`/api/v1/apps/${app.id}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: "metrics-token" } })).status()).toBe(204);
      expect(sampleValue(await scrape(), "provisio_sync_cycles_total", { app: app.id })).toBe(0);
      const on = await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { mode: "automatic", status: "on" } });
      expect(on.status(), await on.text()).toBe(200);

      await expect.poll(async () => sampleValue(await scrape(), "provisio_sync_cycles_total", { app: app.id, type: "initial", outcome: "completed" }), { timeout: 60_000 }).toBe(1);
      const after = await scrape();
      expect(sampleValue(after, "provisio_sync_objects_total", { app: app.id, kind: "user", action: "create", status: "success" })).toBe(1);
      expect(sampleValue(after, "provisio_target_request_duration_seconds_count", { app: app.id, status_class: "2xx" })).toBeGreaterThan(0);
      expect(sampleValue(after, "provisio_escrow_objects", { app: app.id })).toBe(0);
      expect(after.find((s) => s.name === "provisio_app_info" && s.labels.app === app.id)?.labels).toMatchObject({ name: `Metrics ${tag}`, template: "scim", status: "on" });
      expect([...target.state.users.values()].map((u) => u.userName)).toContain(`metrics-${tag}@contoso.test`);
      await api.patch(`/api/v1/apps/${app.id}/provisioning`, { data: { status: "off" } });
    } finally {
      await target.close();
    }
  });
});
