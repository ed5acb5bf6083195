// Web security: response headers on pages and APIs, session cookie flags, session expiry,
// CSRF origin checks on cookie-authenticated writes (beyond the one in e2e/ui/auth.spec.ts).
import type { APIResponse, BrowserContext } from "@playwright/test";
import { ADMIN, bearer, createAdmin, expect, signIn, test, tokenFor } from "../fixtures";
import { adminRow, json, mintJwt, SESSION_COOKIE, uid } from "../security/helpers";

function expectSecurityHeaders(res: APIResponse, label: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, `${label}: CSP`).toMatch(/frame-ancestors 'none'/);
  expect(csp, `${label}: CSP`).toMatch(/default-src 'self'/);
  expect(csp, `${label}: CSP`).toMatch(/base-uri 'self'/);
  expect(csp, `${label}: CSP`).toMatch(/form-action 'self'/);
  expect(csp, `${label}: CSP`).not.toMatch(/unsafe-eval/);
  expect(h["x-content-type-options"], label).toBe("nosniff");
  expect(h["x-frame-options"], label).toBe("DENY");
  expect(h["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(h["x-powered-by"], label).toBeUndefined();
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
}

test.describe("[SECURITY][WEB]", () => {
  test("security headers on pages, API answers, errors and SCIM", async ({ request, page }) => {
    const anon: Array<[string, () => Promise<APIResponse>]> = [
      ["sign-in page", () => request.get("/signin")],
      ["page redirect (signed out)", () => request.get("/users", { maxRedirects: 0 })],
      ["health", () => request.get("/api/health")],
      ["openapi", () => request.get("/api/v1/openapi.json")],
      ["API 401", () => request.get("/api/v1/me")],
      ["API 404", () => request.get("/api/v1/nothing-here")],
      ["API 405", () => request.put("/api/v1/audit-logs", { data: {} })],
      ["API 400", () => request.post("/api/v1/auth/token", { data: {} })],
      ["SCIM 401", () => request.get("/scim/v2/Users")],
      ["static asset", () => request.get("/favicon.ico")],
      ["unknown page", () => request.get(`/no-such-page-${uid()}`)],
    ];
    for (const [label, get] of anon) expectSecurityHeaders(await get(), label);
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const path of ["/", "/users", "/apps", "/settings/administrators", "/api/v1/me"]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(200);
      expectSecurityHeaders(res, `signed in ${path}`);
    }
    // The browser enforces it: the portal refuses to render inside a frame.
    const framed = await page.request.get("/");
    expect(framed.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  test("session cookie: HttpOnly, SameSite=Lax, Path=/; not Secure over http (next-auth sets Secure and the __Secure- prefix when NEXTAUTH_URL is https)", async ({ page, context }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    const c = await sessionCookie(context);
    expect(c, "session cookie").toBeTruthy();
    expect(c).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    // NEXTAUTH_URL is http://127.0.0.1:<port> in tests; over https the cookie is __Secure-next-auth.session-token with Secure.
    expect(process.env.NEXTAUTH_URL ?? "http://").toMatch(/^http:/);
    expect(c!.secure).toBe(false);
    // The session lifetime is bounded (8 hours), not a browser-lifetime or multi-day cookie.
    const ttl = c!.expires - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(7 * 3600);
    expect(ttl).toBeLessThanOrEqual(8 * 3600 + 60);
    // Scripts in the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
  });

  test("session expiry: a session JWT past its exp is refused (page → sign-in, API → 401); the same claims unexpired work", async ({ browser, baseURL }) => {
    const root = await adminRow(ADMIN.email);
    const claims = { sub: root.id, email: ADMIN.email, name: "Bootstrap", role: "global_admin", tv: root.tokenVersion, typ: "session", sid: `sid-${uid()}`, authAt: Math.floor(Date.now() / 1000) };
    const url = new URL(baseURL!);
    const withCookie = async (value: string) => {
      const ctx = await browser.newContext();
      await ctx.addCookies([{ name: SESSION_COOKIE, value, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
      return ctx;
    };
    const live = await withCookie(await mintJwt(claims, 600));
    const livePage = await live.newPage();
    await livePage.goto("/users");
    await expect(livePage).toHaveURL(/\/users$/);
    expect((await livePage.request.get("/api/v1/me")).status()).toBe(200);
    await live.close();

    const expired = await withCookie(await mintJwt(claims, -60));
    const page = await expired.newPage();
    await page.goto("/users");
    await expect(page).toHaveURL(/\/signin/);
    const me = await page.request.get("/api/v1/me");
    expect(me.status()).toBe(401);
    expect((await me.json()).error.code).toBe("unauthorized");
    await expired.close();

    // A session minted before a password reset (older token version) is refused too.
    const stale = await withCookie(await mintJwt({ ...claims, tv: root.tokenVersion - 1 }, 600));
    expect((await (await stale.newPage()).request.get("/api/v1/me")).status()).toBe(401);
    await stale.close();

    // The 8 hours run from sign-in, not from the last activity: a cookie next-auth re-issued a
    // minute ago (fresh exp) for a sign-in 8 h 1 min ago is refused; so is one with no sign-in time.
    const rolled = await withCookie(await mintJwt({ ...claims, authAt: Math.floor(Date.now() / 1000) - (8 * 3600 + 60) }, 600));
    const rolledPage = await rolled.newPage();
    expect((await rolledPage.request.get("/api/v1/me")).status()).toBe(401);
    await rolledPage.goto("/users");
    await expect(rolledPage).toHaveURL(/\/signin/);
    await rolled.close();
    const { authAt: _unused, ...withoutAuthAt } = claims;
    const legacy = await withCookie(await mintJwt(withoutAuthAt, 600));
    expect((await (await legacy.newPage()).request.get("/api/v1/me")).status()).toBe(401);
    await legacy.close();
  });

  test("CSRF: cookie-authenticated writes need this portal's Origin (or Referer) — other sites, lookalikes, null and missing are refused", async ({ page, baseURL, api }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `CSRF app ${uid()}` } }), 201);
    const group = await json(await api.post("/api/v1/groups", { data: { displayName: `CSRF group ${uid()}` } }), 201);
    const writes: Array<{ method: string; path: string; data?: unknown; ok: number }> = [
      { method: "POST", path: "/api/v1/users", data: { userPrincipalName: `csrf-${uid()}@contoso.test` }, ok: 201 },
      { method: "PATCH", path: `/api/v1/apps/${app.id}`, data: { displayName: `CSRF renamed ${uid()}` }, ok: 200 },
      { method: "PUT", path: `/api/v1/apps/${app.id}/provisioning/credentials`, data: { tenantUrl: "https://scim.example.com/v2", authMethod: "bearer", secretToken: "x-csrf" }, ok: 204 },
      { method: "POST", path: "/api/v1/scim-tokens", data: { name: `csrf ${uid()}` }, ok: 201 },
      { method: "DELETE", path: `/api/v1/groups/${group.id}`, ok: 204 },
    ];
    const origin = new URL(baseURL!).origin;
    const foreign: Array<[string, Record<string, string>]> = [
      ["other site", { Origin: "https://evil.example" }],
      ["lookalike host", { Origin: `http://${new URL(baseURL!).host}.evil.example` }],
      ["lookalike suffix", { Origin: `http://${new URL(baseURL!).hostname}.evil.example:${new URL(baseURL!).port}` }],
      ["same host, other port", { Origin: `http://${new URL(baseURL!).hostname}:1` }],
      ["opaque origin", { Origin: "null" }],
      ["unparsable origin", { Origin: "http://[not-a-host" }],
      ["unparsable referer", { Referer: "::::" }],
      ["foreign referer, no origin", { Referer: "https://evil.example/page" }],
      ["neither origin nor referer", {}],
    ];
    for (const w of writes) {
      for (const [label, headers] of foreign) {
        const res = await page.request.fetch(w.path, { method: w.method, headers, data: w.data });
        expect(res.status(), `${w.method} ${w.path} with ${label}`).toBe(403);
        expect((await res.json()).error.message).toMatch(/Cross-site request refused/);
      }
    }
    // Nothing happened: the group still exists, the app kept its name.
    await json(await api.get(`/api/v1/groups/${group.id}`), 200);
    expect((await json(await api.get(`/api/v1/apps/${app.id}`), 200)).displayName).toBe(app.displayName);
    // The same writes from the portal's own origin (or with its Referer) go through.
    for (const [i, w] of writes.entries()) {
      const headers: Record<string, string> = i % 2 === 0 ? { Origin: origin } : { Referer: `${origin}/apps` };
      const res = await page.request.fetch(w.path, { method: w.method, headers, data: w.data });
      expect(res.status(), `${w.method} ${w.path} same-origin: ${await res.text()}`).toBe(w.ok);
    }
    // Reads need no Origin; bearer tokens are not ambient, so they need none either.
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
    const token = await json(await page.request.post("/api/v1/auth/token", { data: { email: ADMIN.email, password: ADMIN.password } }), 200);
    const viaBearer = await page.request.post("/api/v1/groups", { headers: { ...bearer(token.access_token), Origin: "https://evil.example" }, data: { displayName: `Bearer ${uid()}` } });
    expect(viaBearer.status()).toBe(201);
  });

  // Issue 14 item 4: the proxy checks every page and RSC request against the database before any
  // page code runs; the redirect it answers carries nothing but the Location.
  test("pages and RSC requests check the session against the database: disabled, demoted, deleted → a bare redirect without data", async ({ browser, api, request }) => {
    test.setTimeout(90_000);
    const marker = `Pagecheck ${uid()}`;
    const user = await json(await api.post("/api/v1/users", { data: { userPrincipalName: `pagecheck-${uid()}@contoso.test`, displayName: marker } }), 201);
    const group = await json(await api.post("/api/v1/groups", { data: { displayName: `${marker} group` } }), 201);
    const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `${marker} app` } }), 201);
    const paths = [`/users/${user.id}`, `/groups/${group.id}`, `/apps/${app.id}`, `/apps/${app.id}/provisioning`];
    const changes: Array<[string, (id: string) => Promise<unknown>]> = [
      ["disabled", async (id) => json(await api.patch(`/api/v1/admins/${id}`, { data: { disabled: true } }), 200)],
      ["role changed", async (id) => json(await api.patch(`/api/v1/admins/${id}`, { data: { role: "app_admin" } }), 200)],
      ["deleted", async (id) => api.delete(`/api/v1/admins/${id}`)],
    ];
    let checked = 0;
    for (const [label, change] of changes) {
      const reader = await createAdmin(request, "reader", "pagecheck");
      const ctx = await browser.newContext();
      try {
        const page = await ctx.newPage();
        await signIn(page, reader.email, reader.password);
        const live = await page.request.get(paths[0]!, { maxRedirects: 0 });
        expect(live.status(), "the live session reads the page").toBe(200);
        expect(await live.text()).toContain(marker);
        await change(reader.id);
        for (const path of paths) {
          for (const rsc of [false, true]) {
            const res = await page.request.get(path, { maxRedirects: 0, headers: rsc ? { RSC: "1" } : {} });
            const what = `${label}: ${path}${rsc ? " (RSC)" : ""}`;
            expect(res.status(), what).toBe(307);
            expect(res.headers().location, what).toMatch(/\/signin\?callbackUrl=/);
            const body = await res.text();
            for (const leak of [marker, user.userPrincipalName, reader.email]) expect(body, what).not.toContain(leak);
            expect(body.length, what).toBeLessThan(200);
            checked++;
          }
        }
        // next-auth's own session endpoint tells the ended session nothing either
        const session = await page.request.get("/api/auth/session");
        expect(await session.text(), `${label}: /api/auth/session`).not.toContain(reader.email);
      } finally {
        await ctx.close();
      }
    }
    expect(checked).toBe(24);
  });

  // Issue 14 item 5: only same-origin paths after sign-in, parsed with the URL parser.
  test("sign-in callbackUrl: backslash, tab, protocol-relative and absolute URLs never leave the portal", async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const hostile = ["/\\evil.example/x", "/%09/evil.example", "/\t/evil.example", "//evil.example", "///evil.example", "https://evil.example/", "/\\/evil.example", "\\\\evil.example", "javascript:alert(1)", "http://evil.example@127.0.0.1/", "/%5cevil.example", " //evil.example"];
    // signed in: /signin redirects at once, to a path of the portal
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const cb of hostile) {
      const res = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(cb)}`, { maxRedirects: 0 });
      expect(res.status(), cb).toBe(307);
      const location = res.headers().location ?? "";
      expect(new URL(location, origin).origin, `${cb} → ${location}`).toBe(origin);
      expect(location, cb).not.toMatch(/^\/\/|^\\|evil/);
    }
    const ok = await page.request.get(`/signin?callbackUrl=${encodeURIComponent("/groups?x=1")}`, { maxRedirects: 0 });
    expect(ok.headers().location).toMatch(/\/groups\?x=1$/);
    // next-auth's own redirect (after sign-out) goes through the same check
    const csrf = (await json(await page.request.get("/api/auth/csrf"), 200)).csrfToken as string;
    const out = await page.request.post("/api/auth/signout", { form: { csrfToken: csrf, callbackUrl: "/\\evil.example/x", json: "true" }, headers: { Origin: origin } });
    expect(new URL((await out.json()).url as string).origin).toBe(origin);
  });

  test("browsers signed in through the form with a hostile callbackUrl land on the portal", async ({ browser, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    for (const cb of ["/\\evil.example/x", "/\t/evil.example", "//evil.example"]) {
      const ctx = await browser.newContext();
      try {
        const page = await ctx.newPage();
        await page.goto(`/signin?callbackUrl=${encodeURIComponent(cb)}`);
        await page.getByLabel("Email").fill(ADMIN.email);
        await page.getByLabel("Password").fill(ADMIN.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await expect(page.getByTestId("signed-in-admin")).toContainText(ADMIN.email);
        expect(new URL(page.url()).origin, cb).toBe(origin);
      } finally {
        await ctx.close();
      }
    }
  });

  // Issue 14 item 11
  test("sign-out revokes the session server-side; a session JWT is no bearer token and an API token no session cookie", async ({ browser, baseURL, request }) => {
    const url = new URL(baseURL!);
    const admin = await createAdmin(request, "reader", "signout");
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, admin.email, admin.password);
    const stolen = (await sessionCookie(ctx))!.value;
    // the session JWT as a bearer token: refused
    expect((await request.get("/api/v1/me", { headers: bearer(stolen) })).status()).toBe(401);
    await page.getByRole("button", { name: /sign out/i }).click();
    await expect(page).toHaveURL(/\/signin/);
    await ctx.close();
    // the cookie copied before signing out no longer works, for the API or for pages
    const replay = await browser.newContext();
    await replay.addCookies([{ name: SESSION_COOKIE, value: stolen, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
    const me = await replay.request.get("/api/v1/me");
    expect(me.status()).toBe(401);
    const session = await replay.request.get("/api/auth/session");
    expect(await session.json()).toEqual({});
    const pageRes = await replay.request.get("/users", { maxRedirects: 0 });
    expect(pageRes.status()).toBe(307);
    expect(pageRes.headers().location).toMatch(/\/signin/);
    await replay.close();
    // an API token as the session cookie: refused by the API and by pages
    const apiToken = await tokenFor(request, admin.email, admin.password);
    expect((await request.get("/api/v1/me", { headers: bearer(apiToken) })).status()).toBe(200);
    const asCookie = await browser.newContext();
    await asCookie.addCookies([{ name: SESSION_COOKIE, value: apiToken, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
    expect((await asCookie.request.get("/api/v1/me")).status()).toBe(401);
    expect((await asCookie.request.get("/users", { maxRedirects: 0 })).status()).toBe(307);
    await asCookie.close();
  });
});
