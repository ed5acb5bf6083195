// Secret leakage: three apps configured with known random secrets (SCIM bearer token, GoTo admin
// password + OAuth client secret, SCIM OAuth client-credentials secret) against local targets;
// Test Connection, provision on demand, a full cycle, log downloads — then every GET operation
// of the OpenAPI document with real ids, error responses, every portal page (HTML, DOM and the
// API calls the browser makes), every table of the database, and the server's own log output.
// The secrets, and the OAuth access tokens the targets issued, never appear.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { ADMIN, expect, signIn, test } from "../fixtures";
import { fillPath, json, operations, sql, uid } from "../security/helpers";
import { startGoToTarget, type GoToTarget } from "../targets/goto-target";
import { startScimTarget, type ScimTarget } from "../targets/scim-target";

const secret = (label: string) => `${label}-${randomBytes(18).toString("base64url")}`;

test.describe("[SECURITY][SECRETS]", () => {
  test("configured secrets never appear in API responses, downloads, pages, database rows or the server log", async ({ api, page }) => {
    // three first cycles, 30 pages and a scan of every table's rows: minutes on a loaded 2-core machine
    test.setTimeout(360_000);
    const S = { scimToken: secret("scimtok"), gotoPassword: secret("gotopw"), gotoClientSecret: secret("gotocs"), oauthClientSecret: secret("oauthcs") };
    const secrets = Object.values(S);
    const leaks: string[] = [];
    const issuedTokens = () => [...oauth.state.tokens.keys()].map((k) => k.replace(/^refresh:/, ""));
    // the secret as is, and the forms a transformed echo takes (URL-encoded, base64, any case)
    const forms = (x: string) => [x, encodeURIComponent(x), Buffer.from(x).toString("base64").replace(/=+$/, ""), Buffer.from(x).toString("base64url")].map((f) => f.toLowerCase());
    const check = (label: string, text: string) => {
      const lower = text.toLowerCase();
      for (const s of [...secrets, ...issuedTokens()]) if (forms(s).some((f) => lower.includes(f))) leaks.push(`${label} contains ${s.slice(0, 10)}…`);
    };
    const scim: ScimTarget = await startScimTarget({ auth: { type: "bearer", token: S.scimToken } });
    const oauth: ScimTarget = await startScimTarget({ auth: { type: "oauth2", clientId: "provisio-client", clientSecret: S.oauthClientSecret } });
    const goto: GoToTarget = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: S.gotoPassword, clientId: "goto-client", clientSecret: S.gotoClientSecret });
    try {
      // ── configure ──
      const mk = async (templateId: string, label: string) => json(await api.post("/api/v1/apps", { data: { templateId, displayName: `Secrets ${label} ${uid()}` } }), 201);
      const scimApp = await mk("scim", "bearer");
      const oauthApp = await mk("scim", "oauth");
      const gotoApp = await mk("gotomeeting", "goto");
      const apps = [scimApp, oauthApp, gotoApp];
      const creds: Record<string, Record<string, string>> = {
        [scimApp.id]: { tenantUrl: scim.baseUrl, authMethod: "bearer", secretToken: S.scimToken },
        [oauthApp.id]: { tenantUrl: oauth.baseUrl, authMethod: "oauth2_client_credentials", tokenUrl: oauth.tokenUrl, clientId: "provisio-client", clientSecret: S.oauthClientSecret },
        [gotoApp.id]: { adminUsername: "admin@goto.test", adminPassword: S.gotoPassword, clientId: "goto-client", clientSecret: S.gotoClientSecret, baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl },
      };
      const user = await json(await api.post("/api/v1/users", { data: { userPrincipalName: `secret-${uid()}@contoso.test`, displayName: "Secret Tester", givenName: "Secret", surname: "Tester", mail: `secret-${uid()}@contoso.test` } }), 201);
      const group = await json(await api.post("/api/v1/groups", { data: { displayName: `Secret group ${uid()}` } }), 201);
      expect((await api.post(`/api/v1/groups/${group.id}/members`, { data: { userIds: [user.id] } })).status()).toBeLessThan(300);
      const responses: Array<[string, string]> = [];
      const keep = async (label: string, res: Awaited<ReturnType<APIRequestContext["get"]>>) => {
        const text = await res.text();
        responses.push([label, text]);
        return { status: res.status(), text };
      };
      for (const app of apps) {
        const url = `/api/v1/apps/${app.id}/provisioning`;
        expect((await keep("put creds", await api.put(`${url}/credentials`, { data: creds[app.id] }))).status).toBe(204);
        const tested = await keep("test saved", await api.post(`${url}/test-connection`));
        expect(JSON.parse(tested.text), `${app.displayName}: ${tested.text}`).toMatchObject({ ok: true });
        // Failing tests with the secret (slightly wrong, and in a URL) quote the server's answer: the secret must not come back.
        const wrong = Object.fromEntries(Object.entries(creds[app.id]!).map(([k, v]) => [k, secrets.includes(v) ? `${v}-wrong` : v]));
        await keep("test wrong secret", await api.post(`${url}/test-connection`, { data: wrong }));
        // A tenant URL that (by mistake) contains the app's own secret: the 404 diagnosis quotes the URL, scrubbed.
        const own = app.id === scimApp.id ? S.scimToken : S.oauthClientSecret;
        if (app.id !== gotoApp.id) await keep("test secret in url", await api.post(`${url}/test-connection`, { data: { ...creds[app.id], tenantUrl: `${scim.url}/${own}` } }));
        // Error responses around credentials: invalid values next to the secrets.
        await keep("bad creds", await api.put(`${url}/credentials`, { data: { ...creds[app.id], ...(app.id === gotoApp.id ? { baseUrl: "ftp://x" } : { tenantUrl: "not a url" }) } }));
        await keep("unknown field", await api.put(`${url}/credentials`, { data: { ...creds[app.id], shoeSize: S.gotoClientSecret } }));
        await keep("wrong type", await api.put(`${url}/credentials`, { data: { ...creds[app.id], adminPassword: 42, secretToken: [S.scimToken] } }));
        await keep("too long", await api.put(`${url}/credentials`, { data: { ...creds[app.id], secretToken: `${S.scimToken}${"x".repeat(5000)}`, adminPassword: `${S.gotoPassword}${"x".repeat(5000)}` } }));
        const role = app.id === gotoApp.id ? "organizer" : "user";
        await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "user", principalId: user.id, roleId: role } }), 201);
        await json(await api.post(`/api/v1/apps/${app.id}/assignments`, { data: { principalType: "group", principalId: group.id, roleId: role } }), 201);
        const pod = await keep("provision on demand", await api.post(`${url}/provision-on-demand`, { data: { userId: user.id } }));
        expect(JSON.parse(pod.text), pod.text).toMatchObject({ status: "success" });
        await json(await api.patch(url, { data: { mode: "automatic", notificationEmail: "ops@contoso.test" } }), 200);
        await json(await api.post(`${url}/start`), 200);
      }
      for (const app of apps) {
        await expect
          .poll(async () => (await json(await api.get(`/api/v1/apps/${app.id}/provisioning/status`), 200)).lastCycle?.finishedAt ?? null, { timeout: 90_000, message: `${app.displayName}: a cycle finishes` })
          .not.toBeNull();
      }
      expect(scim.state.users.size + oauth.state.users.size).toBeGreaterThanOrEqual(2);
      expect(issuedTokens().length, "the OAuth target issued access tokens").toBeGreaterThan(0);

      // ── downloads ──
      for (const app of apps) {
        for (const format of ["csv", "json"]) {
          const r = await keep(`logs ${format}`, await api.get(`/api/v1/provisioning-logs?appId=${app.id}&format=${format}`));
          expect(r.status).toBe(200);
          expect(r.text.length).toBeGreaterThan(50);
        }
      }
      await keep("users export", await api.get("/api/v1/users/export"));

      // ── every GET operation with real ids ──
      const logs = await json(await api.get(`/api/v1/provisioning-logs?appId=${scimApp.id}&limit=5`), 200);
      expect(logs.items.length).toBeGreaterThan(0);
      const tokenRes = await json(await api.post("/api/v1/scim-tokens", { data: { name: `secrets ${uid()}` } }), 201);
      const me = await json(await api.get("/api/v1/me"), 200);
      const ops = (await operations(api)).filter((o) => o.method === "GET");
      let gets = 0;
      for (const app of apps) {
        const mappings = await json(await api.get(`/api/v1/apps/${app.id}/provisioning/mappings`), 200);
        const assignments = await json(await api.get(`/api/v1/apps/${app.id}/assignments`), 200);
        const ids: Record<string, string> = {
          appId: app.id, mappingId: mappings.items[0].id, assignmentId: assignments.items[0].id, userId: user.id, groupId: group.id,
          logId: logs.items[0].id, tokenId: tokenRes.id, adminId: me.id,
        };
        for (const op of ops) {
          if (app !== scimApp && !op.params.includes("appId")) continue;
          const q = op.queryParams.includes("limit") ? "?limit=500" : "";
          const r = await keep(`GET ${op.path}`, await api.get(`${fillPath(op.path, ids)}${q}`));
          expect(r.status, `GET ${op.path}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
          gets++;
        }
      }
      expect(gets).toBeGreaterThan(ops.length);
      for (const [label, text] of responses) check(`API ${label}`, text);

      // ── portal pages: server HTML, rendered DOM, and every response the browser received ──
      await signIn(page, ADMIN.email, ADMIN.password);
      const browserResponses: Array<Promise<void>> = [];
      page.on("response", (res) => {
        browserResponses.push(res.text().then((t) => check(`browser ${res.url()}`, t), () => undefined));
      });
      const pages = ["/", "/users", `/users/${user.id}`, "/groups", `/groups/${group.id}`, "/apps", "/provisioning-logs", "/audit-logs", "/settings", "/settings/administrators", "/settings/notifications", "/settings/scim-tokens"];
      for (const app of apps) {
        const mappings = await json(await api.get(`/api/v1/apps/${app.id}/provisioning/mappings`), 200);
        pages.push(`/apps/${app.id}`, `/apps/${app.id}/properties`, `/apps/${app.id}/users-and-groups`, `/apps/${app.id}/provisioning`, `/apps/${app.id}/provisioning/mappings`, `/apps/${app.id}/provisioning/mappings/${mappings.items[0].id}`);
        pages.push(`/provisioning-logs?appId=${app.id}`);
      }
      for (const path of pages) {
        check(`HTML ${path}`, await (await page.request.get(path)).text());
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        check(`DOM ${path}`, await page.content());
        for (const input of await page.locator('input[type="password"]').all()) expect(await input.inputValue(), `${path} password input`).toBe("");
      }
      await Promise.all(browserResponses);
      expect(browserResponses.length).toBeGreaterThan(pages.length);

      // ── the database: every table, every row, as text ──
      const [stored] = await sql<{ n: number; ciphertext: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE "credentialsSecret" LIKE 'v1:%')::int AS ciphertext FROM app WHERE id = ANY($1)`,
        [apps.map((a) => a.id)],
      );
      expect(stored).toEqual({ n: 3, ciphertext: 3 });
      // every schema: the app's tables and the job queue's
      const tables = await sql<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      expect(tables.map((t) => t.t)).toEqual(expect.arrayContaining(["app", "audit_log", "provisioning_log", "sync_cycle"]));
      const patterns = [...secrets, ...issuedTokens()].flatMap(forms).map((x) => `%${x.replace(/[\\%_]/g, "\\$&")}%`);
      for (const { s, t } of tables) {
        const [hit] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}"."${t}" x WHERE x::text ILIKE ANY($1)`, [patterns]);
        if (hit?.n) leaks.push(`table ${s}.${t}: ${hit.n} rows`);
      }
      const [logRows] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM provisioning_log WHERE "appId" = ANY($1)`, [apps.map((a) => a.id)]);
      expect(logRows?.n, "the cycles wrote provisioning logs").toBeGreaterThan(3);

      // ── the server's own output ──
      const logFile = process.env.E2E_SERVER_LOG;
      expect(logFile, "E2E_SERVER_LOG is set by `npm test` (lib/cli/test.mjs)").toBeTruthy();
      const serverLog = fs.readFileSync(logFile!, "utf8");
      expect(serverLog, "the server log captured this test's activity").toContain(scimApp.id);
      check("server log", serverLog);

      console.log(`[SECURITY][COUNT] secret leaks: ${leaks.length} (${responses.length} API responses, ${pages.length} pages, ${tables.length} tables, ${serverLog.length} bytes of server log)`);
      expect(leaks).toEqual([]);
      test.info().annotations.push({ type: "crawl", description: `${responses.length} API responses, ${pages.length} pages, ${tables.length} tables, ${serverLog.length} bytes of server log` });
    } finally {
      await Promise.all([scim.close(), oauth.close(), goto.close()]);
    }
  });
});
