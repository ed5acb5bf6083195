// Admin sign-in through the company's OpenID provider (issue 19), in Chromium against a real
// provider on loopback (e2e/idp/oidc-idp.ts, the npm package oidc-provider): first sign-in with a
// mapped group, refused users, the role following the groups at each sign-in, disabled in
// Provisio winning, a replayed callback refused, sign-out — and, on a second server with
// PROVISIO_PASSWORD_LOGIN=false, password sign-in off except the bootstrap admin's break-glass path.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { startIdp, type Idp } from "../idp/oidc-idp";
import { E2E_OIDC_PORT, OIDC_E2E, oidcServerEnv } from "../idp/settings";
import { ADMIN, bearer, createAdmin, expect, test, tokenFor } from "../fixtures";

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer();
  s.listen(0, "127.0.0.1", () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
});

const SSO_BUTTON = `Continue with ${OIDC_E2E.name}`;

/** Signs in through the provider: its login page when the browser has no session there yet. */
async function ssoSignIn(page: Page, base: string, login: string) {
  await page.goto(`${base}/signin`);
  await page.getByRole("button", { name: SSO_BUTTON }).waitFor();
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  // at the provider's login page, or already back (the provider remembered the browser)
  await page.waitForURL((u) => u.port === String(E2E_OIDC_PORT) || u.pathname !== "/signin" || u.searchParams.has("error"));
  if (new URL(page.url()).port === String(E2E_OIDC_PORT)) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("whatever-the-provider-accepts");
    await page.getByRole("button", { name: "Sign-in" }).click();
  }
}

/** Sign out from the top bar (retried: a click before the page is hydrated does nothing). */
async function signOut(page: Page) {
  await expect(async () => {
    // clicked again only while still in the portal (a slow sign-out is already on its way)
    if (!new URL(page.url()).pathname.startsWith("/signin")) await page.getByRole("button", { name: "Sign out" }).click({ timeout: 5_000 });
    await expect(page).toHaveURL(/\/signin/, { timeout: 10_000 });
  }).toPass({ timeout: 45_000 });
}

async function adminByEmail(api: APIRequestContext, email: string) {
  const res = await api.get("/api/v1/admins");
  expect(res.status()).toBe(200);
  const body = await res.json();
  const items = body.items as Array<{ id: string; email: string; role: string; disabled: boolean }>;
  return items.find((a) => a.email === email);
}

test.describe("[UI][AUTH][OIDC] admin sign-in through the company's OpenID provider", () => {
  test.describe.configure({ mode: "serial" });
  let idp: Idp;
  let ssoOnlyPort = 0;
  let ssoOnly: ChildProcess | null = null;
  const newUser = (groups: string[]) => {
    const login = `u-${randomUUID().slice(0, 8)}`;
    idp.users.set(login, { email: `${login}@corp.example`, name: `User ${login}`, groups });
    return { login, email: `${login}@corp.example` };
  };
  // Nothing leaves the machine: oidc-provider's development login page links a web font.
  const loopbackOnly = (ctx: BrowserContext) => ctx.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
  const freshPage = async (browser: Browser) => {
    const ctx = await browser.newContext();
    await loopbackOnly(ctx);
    return ctx.newPage();
  };
  test.beforeEach(async ({ context }) => { await loopbackOnly(context); });

  test.beforeAll(async ({ baseURL }) => {
    ssoOnlyPort = await freePort();
    idp = await startIdp({
      port: E2E_OIDC_PORT, issuer: OIDC_E2E.issuer, clientId: OIDC_E2E.clientId, clientSecret: OIDC_E2E.clientSecret,
      redirectUris: [`${baseURL}/api/auth/callback/oidc`, `http://127.0.0.1:${ssoOnlyPort}/api/auth/callback/oidc`],
    });
  });
  test.afterAll(async () => {
    if (ssoOnly && ssoOnly.exitCode === null) {
      const exited = new Promise((r) => ssoOnly!.once("exit", r));
      ssoOnly.kill("SIGTERM");
      await exited;
    }
    await idp?.stop();
  });

  test("first sign-in with a mapped group creates the admin with that role; sign-out ends the session", async ({ page, baseURL, api }) => {
    const alice = newUser(["staff", "provisio-ops"]);
    await ssoSignIn(page, baseURL!, alice.login);
    await expect(page.getByTestId("signed-in-admin")).toContainText(alice.email);
    await expect(page.getByTestId("signed-in-admin")).toContainText("(Application administrator)");
    const created = await adminByEmail(api, alice.email);
    expect(created).toMatchObject({ role: "app_admin", disabled: false });

    await signOut(page);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/signin/);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  });

  test("a user without a mapped group is refused with a clear page and no account is created", async ({ page, baseURL, api }) => {
    const bob = newUser(["staff"]);
    await ssoSignIn(page, baseURL!, bob.login);
    await expect(page.getByRole("heading", { name: "You are not allowed to sign in" })).toBeVisible();
    await expect(page.getByTestId("not-allowed-reason")).toContainText("does not give you a role in Provisio");
    expect(await adminByEmail(api, bob.email)).toBeUndefined();
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("the role follows the groups at the next sign-in, and the change ends the admin's other sessions", async ({ page, baseURL, browser, api }) => {
    const carol = newUser(["provisio-readers"]);
    await ssoSignIn(page, baseURL!, carol.login);
    await expect(page.getByTestId("signed-in-admin")).toContainText("(Reader)");

    idp.users.get(carol.login)!.groups = ["provisio-readers", "provisio-admins"];
    const second = await freshPage(browser);
    await ssoSignIn(second, baseURL!, carol.login);
    await expect(second.getByTestId("signed-in-admin")).toContainText("(Global administrator)");
    expect(await adminByEmail(api, carol.email)).toMatchObject({ role: "global_admin" });
    // the reader session from before the change is over
    await page.reload();
    await expect(page).toHaveURL(/\/signin/);

    // signed out of Provisio, still signed in at the provider: the next sign-in reads the groups again
    await signOut(second);
    idp.users.get(carol.login)!.groups = ["provisio-ops"];
    await ssoSignIn(second, baseURL!, carol.login);
    await expect(second.getByTestId("signed-in-admin")).toContainText("(Application administrator)");
    await second.context().close();
  });

  test("removed from every mapped group: refused at the next sign-in, and open sessions end", async ({ page, baseURL, browser, api }) => {
    const dave = newUser(["provisio-ops"]);
    await ssoSignIn(page, baseURL!, dave.login);
    await expect(page.getByTestId("signed-in-admin")).toContainText(dave.email);

    idp.users.get(dave.login)!.groups = ["staff"];
    const second = await freshPage(browser);
    await ssoSignIn(second, baseURL!, dave.login);
    await expect(second.getByTestId("not-allowed-reason")).toContainText("does not give you a role in Provisio");
    await page.reload();
    await expect(page).toHaveURL(/\/signin/);
    expect(await adminByEmail(api, dave.email)).toMatchObject({ role: "app_admin" });
    await second.context().close();
  });

  test("disabled in Provisio wins over the provider's groups", async ({ page, baseURL, api }) => {
    const erin = newUser(["provisio-admins"]);
    await ssoSignIn(page, baseURL!, erin.login);
    await expect(page.getByTestId("signed-in-admin")).toContainText(erin.email);
    const id = (await adminByEmail(api, erin.email))!.id;
    expect((await api.patch(`/api/v1/admins/${id}`, { data: { disabled: true } })).status()).toBe(200);

    await page.reload();
    await expect(page).toHaveURL(/\/signin/);
    await ssoSignIn(page, baseURL!, erin.login);
    await expect(page.getByTestId("not-allowed-reason")).toContainText("Your Provisio administrator account is disabled");
  });

  test("a provider account with the email of a password admin never takes that account over", async ({ page, baseURL, api, browser }) => {
    const login = `root-${randomUUID().slice(0, 8)}`;
    idp.users.set(login, { email: ADMIN.email, name: "Impostor", groups: ["provisio-readers"] });
    await ssoSignIn(page, baseURL!, login);
    await expect(page.getByTestId("not-allowed-reason")).toContainText("already exists in Provisio and signs in with a password");
    expect(await adminByEmail(api, ADMIN.email)).toMatchObject({ role: "global_admin", disabled: false });
    // the bootstrap admin still signs in with its password
    const other = await freshPage(browser);
    await other.goto(`${baseURL}/signin`);
    await other.getByLabel("Email").fill(ADMIN.email);
    await other.getByLabel("Password").fill(ADMIN.password);
    await other.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(other.getByTestId("signed-in-admin")).toContainText(ADMIN.email);
    await other.context().close();
  });

  test("a callback replayed in another browser (without the sign-in's state, PKCE verifier and nonce cookies) signs nobody in", async ({ page, baseURL, browser }) => {
    const frank = newUser(["provisio-admins"]);
    await page.goto(`${baseURL}/signin`);
    await page.getByRole("button", { name: SSO_BUTTON }).click();
    await page.waitForURL((u) => u.port === String(E2E_OIDC_PORT) && u.pathname.startsWith("/interaction/"));
    // The provider's login, done with this browser's cookies but without following its redirects,
    // so the answer (code + state) is caught before it reaches Provisio.
    const http = page.context().request;
    const login = await http.post(page.url(), { form: { prompt: "login", login: frank.login, password: "whatever" }, maxRedirects: 0 });
    expect(login.status()).toBe(303);
    const resume = await http.get(new URL(login.headers().location!, page.url()).toString(), { maxRedirects: 0 });
    expect(resume.status()).toBe(303);
    const callback = resume.headers().location!;
    expect(callback).toContain(`${baseURL}/api/auth/callback/oidc?code=`);

    // Another browser presenting it (login CSRF, a stolen code) is refused before the code is used…
    const attacker = await freshPage(browser);
    await attacker.goto(callback);
    await expect(attacker).toHaveURL(/\/signin\?.*error=OAuthCallback/);
    await expect(attacker.getByTestId("signin-problem")).toContainText("could not be verified");
    expect((await attacker.request.get(`${baseURL}/api/v1/me`)).status()).toBe(401);
    await attacker.context().close();
    // …while the browser that started the sign-in completes it with the same answer.
    await page.goto(callback);
    await expect(page.getByTestId("signed-in-admin")).toContainText(frank.email);
  });

  test("PROVISIO_PASSWORD_LOGIN=false: single sign-on only, except the bootstrap admin's break-glass path", async ({ browser, request }) => {
    test.setTimeout(180_000);
    const reader = await createAdmin(request, "reader", "pw-off");
    const base = `http://127.0.0.1:${ssoOnlyPort}`;
    // the same build and database, password sign-in off (its own server; the shared one keeps passwords)
    ssoOnly = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(ssoOnlyPort), "-H", "127.0.0.1"], {
      // The OIDC_* settings the shared server gets from playwright.config.ts are not in this
      // process's environment: without them "password sign-in off" is a configuration error (500s).
      env: { ...process.env, ...oidcServerEnv(), PORT: String(ssoOnlyPort), NEXTAUTH_URL: base, PROVISIO_PASSWORD_LOGIN: "false", PROVISIO_WORKER: "off", E2E_SERVER_LOG: "" } as NodeJS.ProcessEnv,
      stdio: "ignore",
    });
    await expect.poll(() => fetch(`${base}/api/health`).then((r) => r.status, () => 0), { timeout: 120_000 }).toBe(200);

    const page = await freshPage(browser);
    await page.goto(`${base}/signin`);
    await expect(page.getByRole("button", { name: SSO_BUTTON })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);

    // the token endpoint: refused for everyone but the bootstrap admin
    const refused = await fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: reader.email, password: reader.password }) });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toBe(`Password sign-in is switched off: sign in with ${OIDC_E2E.name}.`);
    const breakGlassToken = await fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
    expect(breakGlassToken.status).toBe(200);

    // the break-glass form: the bootstrap admin only
    await page.goto(`${base}/signin?break-glass`);
    await expect(page.getByTestId("break-glass-notice")).toBeVisible();
    await page.getByLabel("Email").fill(reader.email);
    await page.getByLabel("Password").fill(reader.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("signin-error")).toHaveText(`Password sign-in is switched off: sign in with ${OIDC_E2E.name}.`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("signed-in-admin")).toContainText(ADMIN.email);
    await page.context().close();

    // single sign-on works there
    const grace = newUser(["provisio-readers"]);
    const sso = await freshPage(browser);
    await ssoSignIn(sso, base, grace.login);
    await expect(sso.getByTestId("signed-in-admin")).toContainText(grace.email);
    await sso.context().close();

    // the shared server (password sign-in on) still takes the reader's password
    expect(await tokenFor(request, reader.email, reader.password)).toBeTruthy();
    const me = await request.get("/api/v1/me", { headers: bearer(await tokenFor(request, reader.email, reader.password)) });
    expect(me.status()).toBe(200);
  });
});
