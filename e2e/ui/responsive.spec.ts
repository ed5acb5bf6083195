// Responsive layout (issue 17): the seed flow's pages at 390, 768 and 1440 px, and at 640 × 400
// CSS px — a 1280 × 800 laptop at 200 % zoom (WCAG 1.4.10 reflow: CSS px are what zoom changes). Nothing makes
// the page scroll sideways (wide tables scroll inside their cards), the header keeps Sign out
// on screen, and below 1024 px the navigation folds into a menu button and the app's menu
// into a disclosure. Screenshots of each page are kept with the test's output.
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { seedPortal, type PortalFixture } from "./portal-setup";

/** Widest content against the viewport: the document and <main> (the scroll container) must not overflow sideways. */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector("main");
    return { doc: document.documentElement.scrollWidth - window.innerWidth, main: main ? main.scrollWidth - main.clientWidth : 0 };
  });
}

test.describe("[UI][RESPONSIVE]", () => {
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

  const HEIGHT: Record<number, number> = { 390: 844, 640: 400, 768: 900, 1440: 900 };
  for (const width of [390, 640, 768, 1440]) {
    test(`[${width}] every page of the seed flow fits the width; navigation and header adapt`, async ({ signedInPage: page }, testInfo) => {
      test.setTimeout(180_000);
      const height = HEIGHT[width]!;
      await page.setViewportSize({ width, height });
      const app = `/apps/${f.appId}`;
      const pages = ["/", "/apps", "/apps/new", app, `${app}/users-and-groups`, `${app}/provisioning`, `${app}/provisioning/edit`, `${app}/provisioning/mappings/${f.usersMappingId}`, `/provisioning-logs?appId=${f.appId}`, "/users"];
      const overflow: string[] = [];
      for (const url of pages) {
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("status", { name: /^Loading/ })).toHaveCount(0);
        const s = await sideways(page);
        if (s.doc > 0 || s.main > 0) overflow.push(`${url}: page ${s.doc} px, main ${s.main} px too wide`);
        // Sign out stays on screen (the header never clips)
        const out = await page.getByRole("button", { name: "Sign out" }).boundingBox();
        expect(out && out.x + out.width <= width, `Sign out on screen at ${url}`).toBe(true);
        await page.screenshot({ path: testInfo.outputPath(`${width}-${url.replace(/[^a-z0-9]+/gi, "_").slice(0, 60)}.png`), fullPage: false });
      }
      expect(overflow).toEqual([]);

      await page.goto(`${app}/provisioning`);
      // The commands are on screen without scrolling sideways, and the fixed header leaves most
      // of the height to the page (at 200 % zoom it once left 208 px between two fixed menus).
      for (const name of ["Start provisioning", "Stop provisioning", "Restart provisioning"]) {
        const box = await page.getByRole("toolbar", { name: "Provisioning commands" }).getByRole("button", { name, exact: true }).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, `${name} on screen`).toBe(true);
      }
      const header = await page.getByRole("banner").boundingBox();
      expect(header && height - header.height >= 0.75 * height, "the header leaves ≥ 75 % of the height").toBe(true);
      if (width < 1024) {
        await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
        await page.getByRole("button", { name: "Open navigation menu" }).click();
        const drawer = page.getByRole("dialog", { name: "Provisio" });
        await drawer.getByRole("link", { name: "Provisioning logs" }).click();
        await expect(page.getByRole("heading", { level: 1, name: /Provisioning logs/ })).toBeVisible();
        await expect(drawer).toBeHidden();
        // the app's menu is a disclosure naming the current section
        await page.goto(`${app}/provisioning/edit`);
        const menu = page.getByRole("button", { name: /Menu: Provisioning/ });
        await expect(menu).toHaveAttribute("aria-expanded", "false");
        await menu.click();
        await page.getByRole("navigation", { name: "Resource menu" }).getByRole("link", { name: "Users and groups" }).click();
        await expect(page.getByRole("heading", { level: 1, name: /Users and groups/ })).toBeVisible();
      } else {
        await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
        await expect(page.getByRole("button", { name: "Open navigation menu" })).toBeHidden();
        await expect(page.getByRole("navigation", { name: "Resource menu" })).toBeVisible();
      }
    });
  }
});
