import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimTarget, type ScimTarget } from "@/e2e/targets/scim-target";
import { ScimClient, type ScimClientOptions } from "./client";

// One clock shared by the target (token expiry) and the client (refresh decision): time moves without sleeping.
let clock = 1_700_000_000_000;
const now = () => clock;

describe.each([
  ["bearer", { type: "bearer", token: "tok-123456" }, { type: "bearer", token: "tok-123456" }],
  ["basic", { type: "basic", username: "admin", password: "pw-123456" }, { type: "basic", username: "admin", password: "pw-123456" }],
] as const)("%s auth", (_name, targetAuth, clientAuth) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget({ auth: targetAuth });
  });
  afterAll(() => t.close());

  it("is accepted with the right secret and rejected (auth, not retried) with a wrong one", async () => {
    const ok = new ScimClient({ baseUrl: t.baseUrl, auth: clientAuth, allowPrivate: true });
    expect((await ok.list("Users")).totalResults).toBe(0);
    const wrong = clientAuth.type === "bearer" ? { ...clientAuth, token: "nope-nope" } : { ...clientAuth, password: "nope-nope" };
    const bad = new ScimClient({ baseUrl: t.baseUrl, auth: wrong, allowPrivate: true });
    await expect(bad.list("Users")).rejects.toMatchObject({ kind: "auth", status: 401, attempts: 1 });
    expect(t.requests.at(-1)!.headers.authorization).toMatch(/^(Bearer|Basic) \[redacted\]$/);
    ok.close();
    bad.close();
  });
});

describe("OAuth2", () => {
  let t: ScimTarget;
  const base = { clientId: "cid", clientSecret: "csecret-123" };
  beforeAll(async () => {
    t = await startScimTarget({ auth: { type: "oauth2", ...base, users: [{ username: "admin@x.io", password: "adminpw-1" }], tokenLifetimeSec: 600 }, now });
  });
  afterAll(() => t.close());
  const mk = (auth: ScimClientOptions["auth"]) => new ScimClient({ baseUrl: t.baseUrl, auth, allowPrivate: true, now });
  const tokenCalls = () => t.requests.filter((r) => r.path === "/oauth/token").length;

  it.each([
    ["client credentials (basic client auth)", { type: "oauth2_client_credentials", tokenUrl: "", ...base }],
    ["client credentials (body client auth)", { type: "oauth2_client_credentials", tokenUrl: "", ...base, clientAuth: "body" }],
    ["password grant", { type: "oauth2_password", tokenUrl: "", ...base, username: "admin@x.io", password: "adminpw-1" }],
  ] as const)("%s: one token for many calls, refreshed before expiry", async (_n, cfg) => {
    t.requests.length = 0;
    const c = mk({ ...cfg, tokenUrl: t.tokenUrl });
    await Promise.all(Array.from({ length: 10 }, () => c.list("Users")));
    expect(tokenCalls()).toBe(1); // single flight
    clock += 500_000; // 100 s before expiry: inside the refresh window (10% of 600 s = 60 s)? no → still valid
    await c.list("Users");
    expect(tokenCalls()).toBe(1);
    clock += 50_000; // 50 s before expiry: refresh proactively, no 401 seen
    await c.list("Users");
    expect(tokenCalls()).toBe(2);
    expect(t.requests.filter((r) => r.status === 401)).toHaveLength(0);
    clock += 10_000_000; // long past expiry
    await c.list("Users");
    expect(tokenCalls()).toBe(3);
    c.close();
  });

  it("refreshes once on a 401 (token revoked server-side) and does not loop", async () => {
    t.requests.length = 0;
    const c = mk({ type: "oauth2_client_credentials", tokenUrl: t.tokenUrl, ...base });
    await c.list("Users");
    t.revokeTokens();
    await c.list("Users");
    expect(t.requests.map((r) => `${r.path === "/oauth/token" ? "token" : "scim"}:${r.status}`)).toEqual(["token:200", "scim:200", "scim:401", "token:200", "scim:200"]);
    // a target that keeps saying 401 gets exactly one refresh per request
    t.requests.length = 0;
    t.inject({ kind: "status", status: 401 }, { times: 5 });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "auth", status: 401 });
    expect(t.requests.map((r) => r.path === "/oauth/token")).toEqual([false, true, false]);
    c.close();
  });

  it("a rejected client secret or password is an auth error that names no secret", async () => {
    const c = mk({ type: "oauth2_client_credentials", tokenUrl: t.tokenUrl, clientId: "cid", clientSecret: "wrong-secret-1" });
    const e1 = await c.list("Users").catch((e: unknown) => e);
    expect(e1).toMatchObject({ kind: "auth", code: "oauth_rejected", status: 401 });
    const c2 = mk({ type: "oauth2_password", tokenUrl: t.tokenUrl, ...base, username: "admin@x.io", password: "wrong-pass-1" });
    const e2 = await c2.list("Users").catch((e: unknown) => e);
    expect(e2).toMatchObject({ kind: "auth", code: "oauth_rejected", detail: "invalid_grant" });
    expect(JSON.stringify(e2) + String(e2)).not.toMatch(/wrong-pass-1|wrong-secret-1|csecret-123/);
    c.close();
    c2.close();
  });

  it("uses a refresh_token when the server issues one", async () => {
    const t2 = await startScimTarget({ auth: { type: "oauth2", ...base, users: [{ username: "u", password: "p-123456" }], tokenLifetimeSec: 60, issueRefreshTokens: true }, now });
    const c = new ScimClient({ baseUrl: t2.baseUrl, auth: { type: "oauth2_password", tokenUrl: t2.tokenUrl, ...base, username: "u", password: "p-123456" }, allowPrivate: true, now });
    await c.list("Users");
    clock += 120_000;
    await c.list("Users");
    const grants = t2.requests.filter((r) => r.path === "/oauth/token").map((r) => (r.body as Record<string, string>).grant_type);
    expect(grants).toEqual(["password", "refresh_token"]);
    c.close();
    await t2.close();
  });
});
