import { ADMIN, createAdmin, expect, signIn, test } from "../fixtures";

test.describe("[UI][AUTH]", () => {
  test("signed out: a page redirects to sign-in and comes back after signing in", async ({ page }) => {
    await page.goto("/audit-logs");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faudit-logs/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit logs" })).toBeVisible();
    await expect(page.getByTestId("signed-in-admin")).toContainText(ADMIN.email);
  });

  test("a wrong password shows a plain message", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("definitely-wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signin-error")).toHaveText("The email or password is incorrect.");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("after 10 failures the account is locked for this address, even with the right password", async ({ page, request }) => {
    const victim = await createAdmin(request, "reader", "lockout");
    for (let i = 0; i < 10; i++) {
      const r = await request.post("/api/v1/auth/token", { data: { email: victim.email, password: `wrong-${i}` } });
      expect(r.status()).toBe(401);
    }
    const locked = await request.post("/api/v1/auth/token", { data: { email: victim.email, password: victim.password } });
    expect(locked.status()).toBe(429);
    await page.goto("/signin");
    await page.getByLabel("Email").fill(victim.email);
    await page.getByLabel("Password").fill(victim.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signin-error")).toContainText("Too many failed sign-in attempts");
  });

  test("sign out ends the session", async ({ page }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("Sign out works before the page's JavaScript runs (a plain form post), and ends the session server-side", async ({ page, browser }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    const p = await noJs.newPage();
    await p.goto("/users");
    await expect(p.getByTestId("signed-in-admin")).toContainText(ADMIN.email);
    await p.getByRole("button", { name: "Sign out" }).click();
    await expect(p).toHaveURL(/\/signin/);
    expect((await p.request.get("/api/v1/me")).status()).toBe(401);
    await noJs.close();
    // the session it ended is the one this browser had: revoked for it too
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  });

  test("the portal shell has the Azure-style navigation and breadcrumbs", async ({ signedInPage: page }) => {
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of ["Overview", "Users", "Groups", "Enterprise applications", "Provisioning logs", "Audit logs", "Settings"]) {
      await expect(nav.getByRole("link", { name: item })).toBeVisible();
    }
    await nav.getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Settings");
    await page.getByRole("link", { name: "Administrators" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Administrators" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add administrator" })).toBeVisible();
  });

  test("a global admin adds an administrator in the portal; the new admin can sign in", async ({ signedInPage: page, browser }) => {
    const email = `ui-added-${Date.now()}@provisio.test`;
    await page.goto("/settings/administrators");
    await page.getByRole("button", { name: "Add administrator" }).click();
    const dialog = page.getByRole("dialog", { name: "Add administrator" });
    await dialog.getByLabel("Name").fill("UI Added");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Role").selectOption("reader");
    await dialog.getByLabel("Temporary password").fill("short");
    await dialog.getByRole("button", { name: "Add" }).click();
    await expect(dialog.getByText("Passwords need at least 12 characters")).toBeVisible();
    await dialog.getByLabel("Temporary password").fill("a-long-enough-password");
    await dialog.getByRole("button", { name: "Add" }).click();
    await expect(page.getByText(`Added ${email}`)).toBeVisible();
    await expect(page.getByRole("cell", { name: email })).toBeVisible();

    const ctx = await browser.newContext();
    const other = await ctx.newPage();
    await signIn(other, email, "a-long-enough-password");
    await ctx.close();
  });

  test("a reader sees no write controls and cannot open administrator management", async ({ page, request }) => {
    const reader = await createAdmin(request, "reader", "ro");
    await signIn(page, reader.email, reader.password);
    await page.goto("/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Administrators" })).toHaveCount(0);
    await page.goto("/settings/administrators");
    await expect(page).not.toHaveURL(/administrators/);
  });

  test("a cookie-authenticated write from another origin is refused (CSRF)", async ({ signedInPage: page }) => {
    const res = await page.request.post("/api/v1/admins", {
      headers: { Origin: "https://evil.example" },
      data: { email: "csrf@provisio.test", name: "csrf", role: "global_admin", password: "123456789012" },
    });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.message).toMatch(/Cross-site request refused/);
  });
});
