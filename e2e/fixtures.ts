// Shared Playwright fixtures: the bootstrap admin from `npm test`'s environment,
// bearer tokens per role, and a signed-in browser page.
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

export const ADMIN = { email: process.env.ADMIN_EMAIL ?? "admin@provisio.test", password: process.env.ADMIN_PASSWORD ?? "" };
export type Role = "global_admin" | "app_admin" | "reader";

export async function tokenFor(request: APIRequestContext, email: string, password: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).access_token as string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Creates an administrator with the given role (through the API, as the bootstrap admin) and returns its credentials. */
export async function createAdmin(request: APIRequestContext, role: Role, prefix: string = role): Promise<{ id: string; email: string; password: string }> {
  const adminToken = await tokenFor(request, ADMIN.email, ADMIN.password);
  const email = `${prefix}-${randomUUID().slice(0, 8)}@provisio.test`;
  const password = `Pw-${randomUUID()}`;
  const res = await request.post("/api/v1/admins", { headers: bearer(adminToken), data: { email, name: `${role} ${prefix}`, role, password } });
  expect(res.status(), await res.text()).toBe(201);
  return { id: (await res.json()).id, email, password };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-admin")).toContainText(email);
}

type Fixtures = { adminToken: string; api: APIRequestContext; signedInPage: Page };

export const test = base.extend<Fixtures>({
  adminToken: async ({ request }, use) => use(await tokenFor(request, ADMIN.email, ADMIN.password)),
  /** An API client authenticated as the global admin (bearer token). */
  api: async ({ playwright, baseURL, adminToken }, use) => {
    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: bearer(adminToken) });
    await use(ctx);
    await ctx.dispose();
  },
  /** A browser page signed in as the global admin. */
  signedInPage: async ({ page }, use) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await use(page);
  },
});

export { expect };
