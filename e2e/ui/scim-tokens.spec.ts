// Settings → SCIM tokens: create (shown once, with the tenant URL) → listed without the value → revoke.
import { randomUUID } from "node:crypto";
import { createAdmin, expect, signIn, test } from "../fixtures";

test.describe("[SETTINGS][SCIM_TOKENS] page", () => {
  test("create shows the token once, the list shows only its prefix, revoke asks first", async ({ signedInPage: page, baseURL }) => {
    const name = `Workday ${randomUUID().slice(0, 8)}`;
    await page.goto("/settings/scim-tokens");
    await expect(page.getByRole("heading", { name: "SCIM tokens", level: 1 })).toBeVisible();
    await expect(page.getByTestId("scim-tenant-url")).toHaveText(`${baseURL}/scim/v2`);

    await page.getByRole("button", { name: "New token" }).click();
    const dialog = page.getByRole("dialog", { name: "New SCIM token" });
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("name is required")).toBeVisible();
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create" }).click();

    const shown = page.getByRole("dialog", { name: "Token created" });
    await expect(shown.getByText("shown only this once")).toBeVisible();
    const token = await shown.getByTestId("scim-token-value").inputValue();
    expect(token).toMatch(/^psc_/);
    await expect(shown.getByLabel("Tenant URL", { exact: true })).toHaveValue(`${baseURL}/scim/v2`);
    await expect(shown.getByRole("button", { name: "Copy token" })).toBeVisible();
    // the token works against /scim/v2
    const scim = await page.request.get("/scim/v2/ServiceProviderConfig", { headers: { Authorization: `Bearer ${token}` } });
    expect(scim.status()).toBe(200);
    await shown.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(row).toContainText(`${token.slice(0, 10)}…`);
    await expect(row).toContainText("Active");
    await expect(page.getByText(token)).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke SCIM token" });
    await expect(confirm).toContainText(name);
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
    expect((await page.request.get("/scim/v2/ServiceProviderConfig", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  });

  test("readers see the list but no write controls", async ({ page, request }) => {
    const reader = await createAdmin(request, "reader", "scimtok-ui-reader");
    await signIn(page, reader.email, reader.password);
    await page.goto("/settings/scim-tokens");
    await expect(page.getByRole("heading", { name: "SCIM tokens", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Refresh" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New token" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  });
});
