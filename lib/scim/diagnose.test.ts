import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimTarget, type ScimTarget } from "@/e2e/targets/scim-target";
import { startSelfSignedTlsServer } from "@/e2e/targets/tls-server";
import { testConnection } from "./diagnose";

const TOKEN = "diag-secret-token-1";
let t: ScimTarget;
beforeAll(async () => {
  t = await startScimTarget({ auth: { type: "bearer", token: TOKEN }, bulk: true });
});
afterAll(() => t.close());

const bearer = { type: "bearer", token: TOKEN } as const;
const run = (o: Partial<Parameters<typeof testConnection>[0]> = {}) =>
  testConnection({ baseUrl: t.baseUrl, auth: bearer, allowPrivate: true, ...o });

function noSecret(r: { message: string; details: unknown }) {
  expect(r.message + JSON.stringify(r.details)).not.toMatch(/diag-secret-token-1|wrong-token-9|oauth-secret-1/);
}

describe("testConnection", () => {
  it("success: says what it found", async () => {
    t.requests.length = 0;
    const r = await run();
    expect(r).toMatchObject({ ok: true, code: "ok" });
    expect(r.message).toMatch(/SCIM 2\.0; PATCH supported, bulk supported, filtering supported, up to 100 results/);
    expect(r.details.serviceProviderConfig).toMatchObject({ scimVersion: "2.0", patch: true, bulk: true, filter: true, maxResults: 100 });
    const probe = t.requests.find((q) => q.path.endsWith("/Users"))!;
    expect(probe.method).toBe("GET");
    expect(probe.query.filter).toMatch(/^userName eq "provisio-test-[0-9a-f-]+"$/);
    expect(t.requests.every((q) => q.method === "GET")).toBe(true);
    noSecret(r);
  });

  it("DNS failure", async () => {
    const r = await run({ baseUrl: "https://scim.provisio-test.invalid/scim/v2" });
    expect(r).toMatchObject({ ok: false, code: "dns_failure" });
    expect(r.message).toMatch(/could not be resolved/);
  });

  it("connection refused", async () => {
    const srv = net.createServer();
    await new Promise<void>((res) => srv.listen(0, "127.0.0.1", () => res()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((res) => srv.close(res)); // port now closed
    const r = await run({ baseUrl: `http://127.0.0.1:${port}/scim` });
    expect(r).toMatchObject({ ok: false, code: "connection_refused" });
  });

  it("TLS error (self-signed certificate)", async () => {
    const tls = await startSelfSignedTlsServer();
    const r = await run({ baseUrl: `${tls.url}/scim/v2` });
    await tls.close();
    expect(r).toMatchObject({ ok: false, code: "tls_error" });
    expect(r.message).toMatch(/certificate is not trusted/);
  });

  it("timeout", async () => {
    t.inject({ kind: "latency", ms: 1500 });
    const r = await run({ timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, code: "timeout" });
  });

  it("401: check the token (without echoing it)", async () => {
    const r = await run({ auth: { type: "bearer", token: "wrong-token-9" } });
    expect(r).toMatchObject({ ok: false, code: "unauthorized" });
    expect(r.message).toMatch(/Check the token/);
    noSecret(r);
  });

  it("403 with a template hint", async () => {
    t.inject({ kind: "status", status: 403 });
    const r = await run({ hints: { forbidden: "The GoToMeeting account needs Team Admin rights." } });
    expect(r).toMatchObject({ ok: false, code: "forbidden", message: "The GoToMeeting account needs Team Admin rights." });
  });

  it("404 on the base URL", async () => {
    const r = await run({ baseUrl: `${t.url}/wrong/path` });
    expect(r).toMatchObject({ ok: false, code: "base_url_not_found" });
    expect(r.message).toMatch(/Check the Tenant URL/);
  });

  it("a body that is not JSON", async () => {
    t.inject({ kind: "html" });
    const r = await run();
    expect(r).toMatchObject({ ok: false, code: "not_json" });
  });

  it("JSON that is not SCIM", async () => {
    t.inject({ kind: "non-scim-json" });
    const r = await run();
    expect(r).toMatchObject({ ok: false, code: "not_scim" });
  });

  it("OAuth token endpoint rejects the credentials", async () => {
    const o = await startScimTarget({ auth: { type: "oauth2", clientId: "c", clientSecret: "right-secret-1" } });
    const r = await run({ baseUrl: o.baseUrl, auth: { type: "oauth2_client_credentials", tokenUrl: o.tokenUrl, clientId: "c", clientSecret: "oauth-secret-1" } });
    await o.close();
    expect(r).toMatchObject({ ok: false, code: "oauth_rejected" });
    expect(r.message).toMatch(/client ID and client secret/);
    noSecret(r);
  });

  it("private target refused by the SSRF guard", async () => {
    const r = await run({ allowPrivate: false });
    expect(r).toMatchObject({ ok: false, code: "ssrf_blocked" });
    expect(r.message).toMatch(/PROVISIO_ALLOW_PRIVATE_TARGETS=true/);
  });

  it("connection reset and 5xx", async () => {
    t.inject({ kind: "reset" });
    expect((await run()).code).toBe("connection_reset");
    t.inject({ kind: "status", status: 502 });
    expect((await run()).code).toBe("server_error");
  });

  it("no ServiceProviderConfig is still a success", async () => {
    const srv = http.createServer((q, s) => {
      if (q.url?.startsWith("/Users")) {
        s.writeHead(200, { "content-type": "application/json" });
        s.end(JSON.stringify({ totalResults: 0, Resources: [] }));
      } else {
        s.writeHead(404);
        s.end();
      }
    });
    await new Promise<void>((res) => srv.listen(0, "127.0.0.1", () => res()));
    const r = await run({ baseUrl: `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}` });
    srv.closeAllConnections();
    await new Promise((res) => srv.close(res));
    expect(r).toMatchObject({ ok: true, code: "ok" });
    expect(r.message).toMatch(/did not publish its capabilities/);
  });
});
