// Provisioning logs, notification settings: REST API over rows inserted straight
// into the shared database (the engine is not involved), filtered to this file's own app ids.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import pg from "pg";
import type { APIResponse } from "@playwright/test";
import { bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

const uid = () => randomUUID().slice(0, 8);

async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

/** n log rows for one app, time increasing with id (as the engine writes): every 4th a failure, actions rotate, identities User<g>@<domain>. */
async function seedLogs(appId: string, cycleId: string, n: number, domain: string) {
  await sql(
    `INSERT INTO provisioning_log ("appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId", steps, "modifiedProperties", "errorCode", reason, recommendation, exchange, at)
     SELECT $1, 'Logs API app', $2, 'user', (ARRAY['create','update','disable'])[1 + g % 3], CASE WHEN g % 4 = 0 THEN 'failure' ELSE 'success' END,
            'src-' || $1 || '-' || g, 'User' || g || '@' || $4, 'tgt-' || $1 || '-' || g,
            '[{"name":"Import from source","status":"success"},{"name":"Perform action","status":"success"}]'::jsonb,
            jsonb_build_array(jsonb_build_object('name', 'displayName', 'oldValue', 'Old ' || g, 'newValue', 'New ' || g)),
            CASE WHEN g % 4 = 0 THEN 'scim_400' END, CASE WHEN g % 4 = 0 THEN 'The app refused the request.' END, NULL,
            '{"request":{"method":"POST","headers":{"authorization":"[redacted]"}},"response":{"status":201}}'::jsonb,
            now() - ((41 - g) || ' seconds')::interval
       FROM generate_series(1, $3::int) g`,
    [appId, cycleId, n, domain],
  );
}

async function ok(res: APIResponse, status = 200) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

test.describe("[LOGS][API] provisioning logs", () => {
  const appId = `logs-api-${uid()}`;
  const cycleId = `cycle-${uid()}`;
  const domain = `${uid()}.logs.test`;
  test.beforeAll(async () => {
    await seedLogs(appId, cycleId, 40, domain);
  });

  test("[LOGS][LIST] filters and keyset paging return each entry once", async ({ api }) => {
    const all = await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&limit=100`));
    expect(all.items).toHaveLength(40);
    expect(all.nextCursor).toBeNull();
    expect(all.items[0]).toMatchObject({ appId, cycleId, objectType: "user", sourceIdentity: "User40@" + domain, appName: "Logs API app" });
    expect(Object.keys(all.items[0])).toEqual(expect.arrayContaining(["id", "at", "appId", "cycleId", "action", "status", "sourceId", "sourceIdentity", "targetId", "steps", "modifiedProperties", "errorCode", "reason", "recommendation"]));

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&limit=7${cursor ? `&cursor=${cursor}` : ""}`));
      for (const i of page.items) seen.add(i.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(40);

    expect((await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&status=failure`))).items).toHaveLength(10);
    expect((await ok(await api.get(`/api/v1/provisioning-logs?cycleId=${cycleId}&action=create&limit=100`))).items).toHaveLength(13);
    expect((await ok(await api.get(`/api/v1/provisioning-logs?q=${encodeURIComponent(`user3@${domain.toUpperCase()}`)}`))).items).toHaveLength(1);
    expect((await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&q=user3`))).items).toHaveLength(11); // 3, 30-39
    expect((await ok(await api.get(`/api/v1/provisioning-logs?q=tgt-${appId}-17`))).items.map((i: { sourceIdentity: string }) => i.sourceIdentity)).toEqual([`User17@${domain}`]);
    const from = all.items[9].at as string; // newest first: the 10th newest and everything after it
    expect((await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&from=${encodeURIComponent(from)}`))).items).toHaveLength(10);
    expect((await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&to=${encodeURIComponent(from)}&limit=100`))).items).toHaveLength(31);
  });

  test("[LOGS][DETAIL] an entry with its redacted SCIM exchange; 404 otherwise", async ({ api }) => {
    const first = (await ok(await api.get(`/api/v1/provisioning-logs?appId=${appId}&limit=1`))).items[0];
    const detail = await ok(await api.get(`/api/v1/provisioning-logs/${first.id}`));
    expect(detail).toMatchObject({ id: first.id, exchange: { request: { headers: { authorization: "[redacted]" } }, response: { status: 201 } } });
    expect(detail.modifiedProperties[0]).toMatchObject({ name: "displayName", oldValue: "Old 40", newValue: "New 40" });
    await ok(await api.get("/api/v1/provisioning-logs/999999999999"), 404);
  });

  test("[LOGS][DOWNLOAD] CSV and JSON stream the whole filtered set as attachments", async ({ api }) => {
    const csvRes = await api.get(`/api/v1/provisioning-logs?appId=${appId}&status=failure&format=csv&limit=1`);
    expect(csvRes.status()).toBe(200);
    expect(csvRes.headers()["content-type"]).toContain("text/csv");
    expect(csvRes.headers()["content-disposition"]).toMatch(/^attachment; filename="provisioning-logs-.*\.csv"$/);
    const rows = parse(await csvRes.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10); // limit does not cut a download
    expect(rows.every((r) => r.appId === appId && r.status === "failure" && r.errorCode === "scim_400")).toBe(true);

    const jsonRes = await api.get(`/api/v1/provisioning-logs?appId=${appId}&format=json`);
    expect(jsonRes.headers()["content-disposition"]).toMatch(/\.json"$/);
    const items = JSON.parse(await jsonRes.text()) as { id: string; sourceIdentity: string }[];
    expect(items).toHaveLength(40);
    expect(new Set(items.map((i) => i.id)).size).toBe(40);
  });

  test("[LOGS][VALIDATION] bad filters are 400 with the field named; readers may read; anonymous may not", async ({ api, request }) => {
    const bad = await ok(await api.get("/api/v1/provisioning-logs?status=exploded"), 400);
    expect(bad.error.message).toMatch(/status/);
    await ok(await api.get("/api/v1/provisioning-logs?cursor=abc"), 400);
    await ok(await api.get("/api/v1/provisioning-logs?from=yesterday"), 400);
    await ok(await api.get("/api/v1/provisioning-logs?format=xml"), 400);
    await ok(await request.get("/api/v1/provisioning-logs"), 401);
    const reader = await createAdmin(request, "reader", "logs-reader");
    const token = await tokenFor(request, reader.email, reader.password);
    expect((await ok(await request.get(`/api/v1/provisioning-logs?appId=${appId}&limit=5`, { headers: bearer(token) }))).items).toHaveLength(5);
  });

  test("[LOGS][SUMMARY] actions per day and failures in 24 h", async ({ api }) => {
    const s = await ok(await api.get(`/api/v1/provisioning-logs/summary?days=7&appId=${appId}`));
    expect(s.days).toHaveLength(7);
    const total = s.days.reduce((n: number, d: { create: number; update: number; disable: number }) => n + d.create + d.update + d.disable, 0);
    expect(total).toBe(40);
    expect(s.failures24h).toEqual([{ appId, appName: "Logs API app", failures: 10 }]);
  });
});

test.describe("[LOGS][API] notification settings", () => {
  test("[SETTINGS][NOTIFICATIONS] say SMTP is not configured; retention and sender are validated, audited and global-admin only", async ({ api, request }) => {
    const before = await ok(await api.get("/api/v1/settings/notifications"));
    expect(before).toMatchObject({ smtpConfigured: false, retentionDays: expect.any(Number), outbox: { pending: expect.any(Number) } });
    const bad = await ok(await api.patch("/api/v1/settings/notifications", { data: { retentionDays: 0 } }), 400);
    expect(bad.error.message).toMatch(/retentionDays/);
    await ok(await api.patch("/api/v1/settings/notifications", { data: { fromAddress: "not an email" } }), 400);
    await ok(await api.patch("/api/v1/settings/notifications", { data: { shoeSize: 44 } }), 400);
    const sender = `provisioning-${uid()}@example.com`;
    try {
      const after = await ok(await api.patch("/api/v1/settings/notifications", { data: { fromAddress: sender, retentionDays: before.retentionDays } }));
      expect(after).toMatchObject({ fromAddress: sender, effectiveFromAddress: sender });
      const audit = await ok(await api.get("/api/v1/audit-logs?action=settings.notifications_update&limit=5"));
      expect(audit.items[0]).toMatchObject({ after: { fromAddress: sender } });
      const appAdmin = await createAdmin(request, "app_admin", "logs-appadmin");
      const token = await tokenFor(request, appAdmin.email, appAdmin.password);
      await ok(await request.patch("/api/v1/settings/notifications", { headers: bearer(token), data: { retentionDays: 5 } }), 403);
      await ok(await request.get("/api/v1/settings/notifications", { headers: bearer(token) }));
    } finally {
      await api.patch("/api/v1/settings/notifications", { data: { fromAddress: before.fromAddress ?? "" } });
    }
  });
});
