// Provisioning logs page (filters, detail drawer, CSV/JSON downloads) and Sync details
// banners/actions for quarantined and paused apps, over rows inserted straight into the
// shared database (no engine run needed). Every test uses its own app ids.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import pg from "pg";
import type { Page } from "@playwright/test";
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

/** 12 rows (every 4th a failure) plus one failed "special" entry with a full story. */
async function seedLogs(appId: string, cycleId: string, domain: string) {
  await sql(
    `INSERT INTO provisioning_log ("appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId", at)
     SELECT $1, 'Logs UI app', $2, 'user', 'update', CASE WHEN g % 4 = 0 THEN 'failure' ELSE 'success' END,
            'src-' || g, 'person' || g || '@' || $3, 'tgt-' || g, now() - (g || ' minutes')::interval
       FROM generate_series(1, 12) g`,
    [appId, cycleId, domain],
  );
  await sql(
    `INSERT INTO provisioning_log ("appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId", steps, "modifiedProperties", "errorCode", reason, recommendation, exchange, at)
     VALUES ($1, 'Logs UI app', $2, 'user', 'create', 'failure', 'src-special', 'special.agent@' || $3, 'tgt-special-42',
             '[{"name":"Import user from the directory","status":"success"},{"name":"Match user in the app","status":"success","details":"No match on userName"},{"name":"Create user","status":"failure","details":"409 Conflict"}]',
             '[{"name":"displayName","oldValue":null,"newValue":"Special Agent"},{"name":"title","oldValue":"Analyst","newValue":"Lead"}]',
             'scim_409', 'The app already has a user with this userName.', 'Check the matching attribute; the existing user will be adopted on the next cycle.',
             '{"request":{"method":"POST","url":"/Users","headers":{"authorization":"[redacted]"},"body":{"userName":"special.agent"}},"response":{"status":409,"body":{"detail":"uniqueness"}}}',
             now())`,
    [appId, cycleId, domain],
  );
}

const logRows = (page: Page) => page.getByRole("table", { name: "Provisioning logs" }).locator("tbody tr");

test.describe("[LOGS][UI] provisioning logs", () => {
  test("[LOGS][FILTERS][DRAWER] filter by status and identity, then read an entry's steps, troubleshooting, properties, ids and SCIM exchange", async ({ signedInPage: page }) => {
    const appId = `logs-ui-${uid()}`;
    const domain = `${uid()}.ui.test`;
    await seedLogs(appId, `cycle-${uid()}`, domain);
    await page.goto(`/provisioning-logs?appId=${appId}`);
    await expect(logRows(page)).toHaveCount(13);
    await expect(page.getByRole("columnheader", { name: "Source System" })).toBeVisible();

    await page.getByLabel("Status").selectOption("failure");
    await expect(logRows(page)).toHaveCount(4);
    await page.getByLabel("Identity").fill("SPECIAL");
    await expect(logRows(page)).toHaveCount(1);
    await page.getByLabel("Identity").fill("");
    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Identity").fill("tgt-7");
    await expect(logRows(page)).toHaveCount(1);
    await expect(logRows(page).first()).toContainText(`person7@${domain}`);
    await page.getByLabel("Identity").fill(`special.agent@${domain}`);
    await expect(logRows(page)).toHaveCount(1);

    await logRows(page).first().getByRole("button", { name: `special.agent@${domain}` }).click();
    const drawer = page.getByRole("dialog", { name: "Provisioning log details" });
    await expect(drawer.getByText("Match user in the app")).toBeVisible();
    await expect(drawer.getByText("409 Conflict")).toBeVisible();
    await drawer.getByRole("tab", { name: "Troubleshooting & recommendations" }).click();
    await expect(drawer.getByText("scim_409")).toBeVisible();
    await expect(drawer.getByText("The app already has a user with this userName.")).toBeVisible();
    await expect(drawer.getByText(/Check the matching attribute/)).toBeVisible();
    await drawer.getByRole("tab", { name: "Modified properties" }).click();
    const props = drawer.getByRole("table", { name: "Modified properties" });
    await expect(props.getByRole("row", { name: /title/ })).toContainText("Analyst");
    await expect(props.getByRole("row", { name: /title/ })).toContainText("Lead");
    await drawer.getByRole("tab", { name: "Summary" }).click();
    await expect(drawer.getByText("tgt-special-42")).toBeVisible();
    await expect(drawer.getByText("src-special")).toBeVisible();
    await drawer.getByRole("tab", { name: "SCIM request/response" }).click();
    await expect(drawer.getByLabel("SCIM exchange")).toContainText('"authorization": "[redacted]"');
    await expect(drawer.getByLabel("SCIM exchange")).toContainText('"status": 409');
  });

  test("[LOGS][DOWNLOAD] Download CSV and Download JSON give the filtered set", async ({ signedInPage: page }) => {
    const appId = `logs-dl-${uid()}`;
    const domain = `${uid()}.dl.test`;
    await seedLogs(appId, `cycle-${uid()}`, domain);
    await page.goto(`/provisioning-logs?appId=${appId}`);
    await expect(logRows(page)).toHaveCount(13);
    await page.getByLabel("Status").selectOption("failure");
    await expect(logRows(page)).toHaveCount(4);

    const [csvDl] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    expect(csvDl.suggestedFilename()).toMatch(/^provisioning-logs-.*\.csv$/);
    const rows = parse(fs.readFileSync((await csvDl.path())!, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.appId === appId && r.status === "failure")).toBe(true);
    expect(rows.map((r) => r.sourceIdentity)).toContain(`special.agent@${domain}`);
    expect(rows.find((r) => r.sourceIdentity === `special.agent@${domain}`)).toMatchObject({ errorCode: "scim_409", targetId: "tgt-special-42", action: "create" });

    const [jsonDl] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download JSON" }).click()]);
    expect(jsonDl.suggestedFilename()).toMatch(/\.json$/);
    const items = JSON.parse(fs.readFileSync((await jsonDl.path())!, "utf8")) as { appId: string; status: string; modifiedProperties: unknown[] }[];
    expect(items).toHaveLength(4);
    expect(items.every((i) => i.appId === appId && i.status === "failure")).toBe(true);
    expect(items.some((i) => i.modifiedProperties.length === 2)).toBe(true);
  });
});

test.describe("[SYNC][UI] Sync details banners and actions", () => {
  async function appInState(api: import("@playwright/test").APIRequestContext, state: "quarantined" | "paused", reasonCode: string, reason: string) {
    const res = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Sync ${state} ${uid()}` } });
    expect(res.status(), await res.text()).toBe(201);
    const app = (await res.json()) as { id: string; displayName: string };
    // the engine loads the app's credentials for Allow deletions; nothing listens there, so no cycle can change the state under the test
    const creds = await api.put(`/api/v1/apps/${app.id}/provisioning/credentials`, { data: { tenantUrl: "http://127.0.0.1:9/scim/v2", secretToken: `tok-${uid()}` } });
    expect(creds.status(), await creds.text()).toBe(204);
    const cycleId = randomUUID();
    // state first, then Status On: the scheduler skips paused apps and quarantined ones whose next run is in the future
    await sql(
      `INSERT INTO sync_state ("appId", state, reason, "reasonCode", "quarantinedAt", "nextRunAt", "pausedCycleId", "needsInitial", "updatedAt")
       VALUES ($1, $2, $3, $4, CASE WHEN $2 = 'quarantined' THEN now() END, now() + interval '1 day', CASE WHEN $2 = 'paused' THEN $5 END, false, now())
       ON CONFLICT ("appId") DO UPDATE SET state = EXCLUDED.state, reason = EXCLUDED.reason, "reasonCode" = EXCLUDED."reasonCode",
         "quarantinedAt" = EXCLUDED."quarantinedAt", "nextRunAt" = EXCLUDED."nextRunAt", "pausedCycleId" = EXCLUDED."pausedCycleId"`,
      [app.id, state, reason, reasonCode, cycleId],
    );
    await sql(
      `INSERT INTO sync_cycle (id, "appId", type, status, processed, total, counts, "startedAt", "finishedAt")
       VALUES ($1, $2, 'initial', $3, 120, 120, '{"users":{"created":100,"updated":5,"disabled":0,"deleted":0,"skipped":3,"failed":12},"groups":{"created":4,"updated":0,"disabled":0,"deleted":0,"skipped":0,"failed":0}}',
               now() - interval '10 minutes', now() - interval '8 minutes')`,
      [cycleId, app.id, state === "paused" ? "paused" : "completed_with_failures"],
    );
    if (state === "paused") {
      await sql(`INSERT INTO staged_deletion ("appId", "objectType", "sourceId", action, "cycleId", identity) VALUES ($1, 'user', $2, 'disable', $3, 'a@x.test'), ($1, 'user', $4, 'delete', $3, 'b@x.test')`, [app.id, `gone-${uid()}`, cycleId, `gone-${uid()}`]);
    }
    await sql(`UPDATE app SET status = 'on', mode = 'automatic' WHERE id = $1`, [app.id]);
    return app;
  }

  async function openSyncDetails(page: Page, app: { id: string; displayName: string }) {
    await page.goto("/");
    const row = page.getByTestId(`overview-app-${app.id}`);
    await row.getByRole("button", { name: `Sync details of ${app.displayName}` }).click();
    return page.getByRole("dialog", { name: `${app.displayName} – Sync details` });
  }

  test("[SYNC][QUARANTINE] says why in plain words, offers Edit credentials and Restart, and shows the cycle history", async ({ api, signedInPage: page }) => {
    const app = await appInState(api, "quarantined", "credentials", "The target rejected Provisio's credentials: 401 Unauthorized.");
    await page.goto("/");
    await expect(page.getByTestId(`overview-app-${app.id}`)).toContainText("Quarantined");
    const pane = await openSyncDetails(page, app);
    const banner = pane.getByTestId("quarantine-banner");
    await expect(banner).toContainText("Provisioning is in quarantine");
    await expect(banner).toContainText("401 Unauthorized");
    await expect(banner).toContainText("Enter valid admin credentials");
    await expect(banner.getByRole("link", { name: "Edit credentials" })).toHaveAttribute("href", `/apps/${app.id}/provisioning/edit#credentials`);
    const history = pane.getByRole("table", { name: "Cycle history" });
    await expect(history.locator("tbody tr")).toHaveCount(1);
    await expect(history).toContainText("completed with failures");
    await expect(pane.getByRole("link", { name: "View provisioning logs" })).toHaveAttribute("href", `/provisioning-logs?appId=${app.id}`);

    await banner.getByRole("button", { name: "Restart provisioning" }).click();
    const confirm = page.getByRole("dialog", { name: "Restart provisioning?" });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/apps/${app.id}/provisioning/restart`) && r.request().method() === "POST"),
      confirm.getByRole("button", { name: "Restart", exact: true }).click(),
    ]);
    expect(res.status()).toBe(200);
    await expect(page.getByText("Provisioning restarted: the next cycle is an initial cycle.")).toBeVisible();
  });

  test("[SYNC][PAUSED] explains the deletion threshold and allows deletions", async ({ api, signedInPage: page }) => {
    const app = await appInState(api, "paused", "deletion_threshold", "This cycle would disable or delete 2 accounts, more than the threshold of 1.");
    const pane = await openSyncDetails(page, app);
    const banner = pane.getByTestId("paused-banner");
    await expect(banner).toContainText("deletions need your approval");
    await expect(banner).toContainText("more than the threshold of 1");
    await expect(banner).toContainText("2 disables or deletes are held back");
    await banner.getByRole("button", { name: "Allow deletions" }).click();
    const confirm = page.getByRole("dialog", { name: "Allow deletions?" });
    await expect(confirm).toContainText("(2)");
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/apps/${app.id}/provisioning/allow-deletions`) && r.request().method() === "POST"),
      confirm.getByRole("button", { name: "Allow deletions" }).click(),
    ]);
    expect(res.status(), await res.text()).toBe(200);
    await expect(page.getByText("Deletions allowed: the paused cycle continues.")).toBeVisible();
  });
});

test.describe("[SETTINGS][UI] notifications and retention", () => {
  test("[SETTINGS][NOTIFICATIONS] says emails are not being sent without SMTP_URL and validates retention", async ({ signedInPage: page }) => {
    await page.goto("/settings/notifications");
    await expect(page.getByText("Emails are not being sent.")).toBeVisible();
    await expect(page.getByText(/SMTP_URL is not set/)).toBeVisible();
    const days = page.getByLabel("Keep provisioning logs for (days)");
    await expect(days).toHaveValue(/^\d+$/);
    await days.fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("retentionDays must be at least 1")).toBeVisible();
  });

  test("[SETTINGS][OUTBOX] lists queued, sent and failed notification emails and retries a failed one", async ({ signedInPage: page }) => {
    const tag = uid();
    const [failed] = await sql<{ id: string }>(
      `INSERT INTO email_outbox ("to", subject, body, attempts, "lastError", "nextAttemptAt") VALUES ($1, $2, 'body', 15, 'SMTP 550 mailbox unavailable', now()) RETURNING id`,
      [`ops-${tag}@example.com`, `Quarantine ${tag}`],
    );
    await sql(`INSERT INTO email_outbox ("to", subject, body, attempts, "sentAt") VALUES ($1, $2, 'body', 1, now())`, [`ops-${tag}@example.com`, `Sent ${tag}`]);
    await page.goto("/settings/notifications");
    const table = page.getByRole("table", { name: "Notification emails" });
    const row = table.getByRole("row", { name: new RegExp(`Quarantine ${tag}`) });
    await expect(row).toContainText("Failed");
    await expect(row).toContainText("SMTP 550 mailbox unavailable");
    await expect(table.getByRole("row", { name: new RegExp(`Sent ${tag}`) })).toContainText("Sent");
    await page.getByLabel("Show").selectOption("sent");
    await expect(table.getByRole("row", { name: new RegExp(`Quarantine ${tag}`) })).toHaveCount(0);
    await page.getByLabel("Show").selectOption("");
    await row.getByRole("button", { name: /^Retry/ }).click();
    await expect(page.getByText(`"Quarantine ${tag}" is sent again within a minute.`)).toBeVisible();
    const [after] = await sql<{ attempts: number }>(`SELECT attempts FROM email_outbox WHERE id = $1`, [failed!.id]);
    expect(after!.attempts).toBe(0);
  });
});

test.describe("[AUDIT][UI] audit logs", () => {
  test("[AUDIT][FILTERS] filter by activity, target and initiator, and read the before/after of a setting", async ({ api, request, signedInPage: page }) => {
    const before = await (await api.get("/api/v1/settings/notifications")).json();
    // a dedicated initiator, so rows written by parallel tests never match the filter
    const changer = await createAdmin(request, "global_admin", "audit-ui");
    const token = await tokenFor(request, changer.email, changer.password);
    const sender = `audit-${uid()}@example.com`;
    const res = await request.patch("/api/v1/settings/notifications", { headers: bearer(token), data: { fromAddress: sender } });
    expect(res.status(), await res.text()).toBe(200);
    try {
      await page.goto("/audit-logs");
      await page.getByLabel("Activity").fill("settings.notifications");
      await page.getByLabel("Target").fill("notifications and RETENTION");
      await page.getByLabel("Initiated by").fill(changer.email);
      const rows = page.getByRole("table", { name: "Audit logs" }).locator("tbody tr");
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText("Notifications and retention");
      await expect(rows.first()).toContainText("Update notifications and retention"); // the activity in words, beside its code
      await rows.first().getByRole("button", { name: "Before/after" }).click();
      const diff = page.getByTestId("audit-before-after").getByRole("table", { name: "Changed properties" });
      await expect(diff.getByRole("row", { name: /fromAddress/ })).toContainText(sender);
      await expect(diff.getByRole("row", { name: /fromAddress/ })).toContainText("From address");
      await page.getByLabel("Activity").fill("app.");
      await expect(page.getByText("No audit entries match")).toBeVisible();
    } finally {
      await api.patch("/api/v1/settings/notifications", { data: { fromAddress: before.fromAddress ?? "" } });
    }
  });
});
