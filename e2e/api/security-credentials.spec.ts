// Stored secrets never follow a changed URL (issue 14 item 1): Test Connection and save with a
// tenant URL, token URL or API base URL on another origin refuse with a 400 naming the secrets
// to enter again, and the other host receives nothing; same origin keeps the stored secret;
// every Test Connection is audited without the secret.
import { randomBytes } from "node:crypto";
import { expect, test } from "../fixtures";
import { startCapture, secretForms, type CaptureServer } from "../security/capture";
import { json, uid } from "../security/helpers";
import { startGoToTarget } from "../targets/goto-target";
import { startScimTarget } from "../targets/scim-target";

const secret = (label: string) => `${label}-${randomBytes(18).toString("base64url")}`;

test.describe("[SECURITY][CREDENTIALS] secrets follow only the origin they were saved for", () => {
  let capture: CaptureServer;
  test.beforeEach(async () => {
    capture = await startCapture();
  });
  test.afterEach(async () => {
    await capture.close();
  });

  const leaked = (secrets: string[]) => secrets.flatMap((s) => secretForms(s)).filter((f) => capture.text().includes(f));

  test("SCIM bearer: a tenant URL on another host gets no stored token (Test Connection and save refuse, 400 naming Secret Token)", async ({ api }) => {
    const token = secret("bearer");
    const target = await startScimTarget({ auth: { type: "bearer", token } });
    try {
      const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Origin bearer ${uid()}` } }), 201);
      const url = `/api/v1/apps/${app.id}/provisioning`;
      expect((await api.put(`${url}/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: token } })).status()).toBe(204);

      for (const other of [`${capture.url}/scim/v2`, capture.url.replace("http:", "https:") + "/scim/v2", target.baseUrl.replace("127.0.0.1", "localhost")]) {
        const test = await api.post(`${url}/test-connection`, { data: { tenantUrl: other, authMethod: "bearer" } });
        const body = await json(test, 400);
        expect(body.error.code).toBe("validation_failed");
        expect(body.error.message).toMatch(/Tenant URL now points at a different host, so the saved Secret Token is not sent there\. Enter it again\./);
        expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(["secretToken"]);
        // saving the changed URL with an empty secret is refused the same way, and nothing changes
        const save = await json(await api.put(`${url}/credentials`, { data: { tenantUrl: other, authMethod: "bearer", secretToken: "" } }), 400);
        expect(save.error.details.map((d: { path: string }) => d.path)).toEqual(["secretToken"]);
      }
      expect(capture.requests, "the other host received no request").toEqual([]);
      expect(await json(await api.get(`${url}/credentials`), 200)).toMatchObject({ tenantUrl: target.baseUrl, secretToken: { set: true } });

      // Same origin, other path: the stored token still goes along (that is where it was saved for).
      const samePath = await json(await api.post(`${url}/test-connection`, { data: { tenantUrl: `${target.baseUrl}/`, authMethod: "bearer" } }), 200);
      expect(samePath.code, JSON.stringify(samePath)).not.toBe("unauthorized");
      // Typed again for the new host: the test goes out with the new token only.
      const fresh = secret("fresh");
      await json(await api.post(`${url}/test-connection`, { data: { tenantUrl: `${capture.url}/scim/v2`, authMethod: "bearer", secretToken: fresh } }), 200);
      expect(capture.requests.length).toBeGreaterThan(0);
      expect(capture.requests[0]!.headers.authorization).toBe(`Bearer ${fresh}`);
      expect(leaked([token])).toEqual([]);

      // every Test Connection is audited: who, which origin, the outcome — never a secret
      const audit = await json(await api.get(`/api/v1/audit-logs?action=provisioning.test_connection&targetId=${app.id}&limit=50`), 200);
      expect(audit.items.length).toBe(5);
      const text = JSON.stringify(audit.items);
      expect(text).not.toContain(token);
      expect(text).not.toContain(fresh);
      const refused = audit.items.filter((a: { after: { code: string } }) => a.after.code === "secrets_must_be_reentered");
      expect(refused).toHaveLength(3);
      expect(refused[0]).toMatchObject({ actorEmail: expect.stringContaining("@"), targetName: app.displayName, after: { ok: false, fields: ["secretToken"] } });
      expect(audit.items.map((a: { after: { origins: Array<{ origin: string }> } }) => a.after.origins[0]!.origin)).toContain(capture.url);
    } finally {
      await target.close();
    }
  });

  test("SCIM OAuth: a token endpoint on another host gets no stored client secret", async ({ api }) => {
    const clientSecret = secret("oauth");
    const target = await startScimTarget({ auth: { type: "oauth2", clientId: "provisio", clientSecret } });
    try {
      const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Origin oauth ${uid()}` } }), 201);
      const url = `/api/v1/apps/${app.id}/provisioning`;
      const creds = { tenantUrl: target.baseUrl, authMethod: "oauth2_client_credentials", tokenUrl: target.tokenUrl, clientId: "provisio" };
      expect((await api.put(`${url}/credentials`, { data: { ...creds, clientSecret } })).status()).toBe(204);
      expect(await json(await api.post(`${url}/test-connection`), 200)).toMatchObject({ ok: true });
      const moved = { ...creds, tokenUrl: `${capture.url}/oauth/token` };
      const body = await json(await api.post(`${url}/test-connection`, { data: moved }), 400);
      expect(body.error.message).toMatch(/Token endpoint now points at a different host, so the saved Client secret is not sent there/);
      expect((await json(await api.put(`${url}/credentials`, { data: { ...moved, clientSecret: "" } }), 400)).error.details[0].path).toBe("clientSecret");
      expect(capture.requests).toEqual([]);
      expect(leaked([clientSecret])).toEqual([]);
    } finally {
      await target.close();
    }
  });

  test("GoToMeeting: a token URL or API base URL on another host gets neither the admin password nor the client secret", async ({ api }) => {
    const adminPassword = secret("gotopw");
    const clientSecret = secret("gotocs");
    const goto = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword, clientId: "goto-client", clientSecret });
    try {
      const app = await json(await api.post("/api/v1/apps", { data: { templateId: "gotomeeting", displayName: `Origin goto ${uid()}` } }), 201);
      const url = `/api/v1/apps/${app.id}/provisioning`;
      const creds = { adminUsername: "admin@goto.test", baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl, clientId: "goto-client" };
      expect((await api.put(`${url}/credentials`, { data: { ...creds, adminPassword, clientSecret } })).status()).toBe(204);
      for (const moved of [{ ...creds, tokenUrl: `${capture.url}/oauth/token` }, { ...creds, baseUrl: `${capture.url}/identity/v1` }]) {
        const body = await json(await api.post(`${url}/test-connection`, { data: moved }), 400);
        expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(["adminPassword"]);
        expect((await json(await api.put(`${url}/credentials`, { data: moved }), 400)).error.details[0].path).toBe("adminPassword");
      }
      expect(capture.requests).toEqual([]);
      expect(leaked([adminPassword, clientSecret])).toEqual([]);
      // the saved credentials still work where they belong
      expect(await json(await api.post(`${url}/test-connection`), 200)).toMatchObject({ ok: true });
    } finally {
      await goto.close();
    }
  });
});
