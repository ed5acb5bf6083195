// Accessibility (issue 17): axe-core with the WCAG 2.1 A and AA rules on every page of the
// portal, the sign-in page, and each dialog and drawer open; focus returns to the opener
// after Escape; a skip link is the first tab stop. Zero violations is the bar.
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "../fixtures";
import { seedPortal, type PortalFixture } from "./portal-setup";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Legacy mode: axe.run in the page itself, not runPartial there and finishRun in a new blank
 * page of the context (a page opened and axe injected twice per check). The portal has no
 * iframes, so both see the same DOM and report the same results (checked side by side: same
 * violations and passes on the same pages, and both report an unlabeled input, an image without
 * alt and low-contrast text added to a page); with resultTypes (only violations are read here, so axe
 * skips building selectors for every passing node) a check took 0.53 s instead of 1.48 s (median
 * of 12, same pages, same load). `options` replaces the whole option set, hence before withTags.
 */
async function axe(page: Page, where: string, found: string[]) {
  const r = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).withTags(TAGS).setLegacyMode().analyze();
  for (const v of r.violations) found.push(`${where}: ${v.id} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  return r.violations.reduce((n, v) => n + v.nodes.length, 0);
}

function report(testInfo: TestInfo, counts: Record<string, number>) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  void testInfo.attach("axe-counts.json", { body: JSON.stringify({ total, counts }, null, 2), contentType: "application/json" });
  console.log(`[axe] ${Object.keys(counts).length} views, ${total} violating nodes`);
}

test.describe("[UI][A11Y]", () => {
  let f: PortalFixture;
  test.beforeAll(async ({ playwright, baseURL }) => {
    test.setTimeout(180_000); // a first cycle on a shared machine
    const { ADMIN, tokenFor } = await import("../fixtures");
    const req = await playwright.request.newContext({ baseURL });
    const token = await tokenFor(req, ADMIN.email, ADMIN.password);
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    f = await seedPortal(api);
    await api.dispose();
    await req.dispose();
  });
  test.afterAll(async () => { await f?.close(); });

  // The pages in four tests of about six, then dialogs, drawers and sign-in: each well inside its
  // limit on a loaded machine (all 23 pages in one test ran out of 300 s at load ≈ 7–15).
  const pageGroups: Array<{ name: string; urls: (app: string) => string[] }> = [
    { name: "directory", urls: () => ["/", "/users", "/users/new", `/users/${f.userId}`, "/groups", "/groups/new", `/groups/${f.groupId}`] },
    { name: "enterprise applications", urls: (app) => ["/apps", "/apps/new", app, `${app}/properties`, `${app}/users-and-groups`, `${app}/provisioning`] },
    { name: "provisioning", urls: (app) => [`${app}/provisioning/edit`, `${app}/provisioning/mappings`, `${app}/provisioning/mappings/${f.usersMappingId}`, `${app}/provisioning/schema`, `/provisioning-logs?appId=${f.appId}`] },
    { name: "audit logs and settings", urls: () => ["/audit-logs", "/settings", "/settings/notifications", "/settings/scim-tokens", "/settings/administrators"] },
  ];
  for (const group of pageGroups) test(`[AXE] zero WCAG 2.1 A/AA violations on every page (1440 px): ${group.name}`, async ({ signedInPage: page }, testInfo) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const found: string[] = [];
    const counts: Record<string, number> = {};
    for (const url of group.urls(`/apps/${f.appId}`)) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("status", { name: /^Loading/ })).toHaveCount(0);
      counts[url] = await axe(page, url, found);
    }
    report(testInfo, counts);
    expect(found).toEqual([]);
  });

  test("[AXE] zero WCAG 2.1 A/AA violations in every dialog and drawer, and on the sign-in page (1440 px)", async ({ signedInPage: page, browser }, testInfo) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const found: string[] = [];
    const counts: Record<string, number> = {};
    const app = `/apps/${f.appId}`;
    // Dialogs and drawers, each opened the way an admin opens it; Escape returns focus to the opener.
    const dialogs: Array<{ url: string; open: (p: Page) => ReturnType<Page["getByRole"]>; name: string; readOnly?: boolean }> = [
      { url: "/apps/new", name: "SCIM 2.0 app (non-gallery)", open: (p) => p.getByRole("button", { name: /^SCIM 2\.0 app/ }) },
      { url: `${app}/users-and-groups`, name: "Add Assignment", open: (p) => p.getByRole("button", { name: "Add user/group" }).first() },
      { url: `${app}/provisioning`, name: "Provision on demand", open: (p) => p.getByRole("button", { name: "Provision on demand" }) },
      { url: `${app}/provisioning`, name: "Restart provisioning?", open: (p) => p.getByRole("toolbar", { name: "Provisioning commands" }).getByRole("button", { name: "Restart provisioning" }) },
      { url: `${app}/provisioning`, name: "Stop provisioning?", open: (p) => p.getByRole("button", { name: "Stop provisioning" }) },
      { url: `${app}/provisioning`, name: "Preview", open: (p) => p.getByRole("button", { name: "Preview", exact: true }) },
      { url: `${app}/provisioning/mappings/${f.usersMappingId}`, name: "Edit Attribute", open: (p) => p.getByRole("button", { name: "Edit mapping for displayName" }) },
      // read-only: no field to start on, so focus starts inside it (on Close)
      { url: `/provisioning-logs?appId=${f.appId}`, name: "Provisioning log details", readOnly: true, open: (p) => p.getByRole("table", { name: "Provisioning logs" }).locator("tbody tr button").first() },
      { url: "/users", name: "Bulk import users", open: (p) => p.getByRole("button", { name: "Bulk import" }).first() },
    ];
    for (const d of dialogs) {
      await page.goto(d.url);
      const opener = d.open(page);
      await opener.click();
      const dialog = page.getByRole("dialog", { name: d.name });
      await expect(dialog).toBeVisible();
      // the first field (or the first control) has focus, not the Close button
      if (d.readOnly) await expect.soft(dialog.locator(":focus"), `${d.name} has focus`).toHaveCount(1);
      else await expect.soft(dialog.locator('button[aria-label="Close"]'), `${d.name} opens on its first field`).not.toBeFocused();
      counts[`${d.url} ▸ ${d.name}`] = await axe(page, `${d.url} ▸ ${d.name}`, found);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect.soft(opener, `focus returns to the opener of ${d.name}`).toBeFocused();
    }

    // The sign-in page, signed out.
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const anon = await ctx.newPage();
    await anon.goto("/signin");
    counts["/signin"] = await axe(anon, "/signin", found);
    await ctx.close();

    report(testInfo, counts);
    expect(found).toEqual([]);
  });

  test("[AXE][390] the seed flow's pages and the navigation drawer at 390 px", async ({ signedInPage: page }, testInfo) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    const found: string[] = [];
    const counts: Record<string, number> = {};
    const app = `/apps/${f.appId}`;
    for (const url of ["/", "/apps", "/apps/new", app, `${app}/users-and-groups`, `${app}/provisioning`, `${app}/provisioning/edit`, `${app}/provisioning/mappings/${f.usersMappingId}`, `/provisioning-logs?appId=${f.appId}`]) {
      await page.goto(url);
      await expect(page.getByRole("status", { name: /^Loading/ })).toHaveCount(0);
      counts[url] = await axe(page, `390 ${url}`, found);
    }
    const menu = page.getByRole("button", { name: "Open navigation menu" });
    await menu.click();
    await expect(page.getByRole("dialog", { name: "Provisio" })).toBeVisible();
    counts["nav drawer"] = await axe(page, "390 navigation drawer", found);
    await page.keyboard.press("Escape");
    await expect(menu).toBeFocused();
    report(testInfo, counts);
    expect(found).toEqual([]);
  });

  test("[KEYBOARD] the skip link is the first tab stop and moves focus to the main content", async ({ signedInPage: page }) => {
    await page.goto(`/apps/${f.appId}/provisioning/edit`);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    // from there, Provisioning Mode is a few tabs away (no top bar, no navigation in between)
    let tabs = 0;
    while (tabs < 12 && !(await page.getByLabel("Provisioning Mode").evaluate((e) => e === document.activeElement))) {
      await page.keyboard.press("Tab");
      tabs += 1;
    }
    expect(tabs).toBeLessThan(12);
  });

  test("[FIELDS] required fields say so to assistive technology", async ({ signedInPage: page }) => {
    await page.goto("/users/new");
    await expect(page.getByLabel("User principal name")).toHaveAttribute("aria-required", "true");
    await page.goto("/groups/new");
    await expect(page.getByLabel("Group name")).toHaveAttribute("aria-required", "true");
    await page.goto(`/apps/${f.appId}/provisioning/edit`);
    await expect(page.getByLabel("Tenant URL")).toHaveAttribute("aria-required", "true");
  });
});
