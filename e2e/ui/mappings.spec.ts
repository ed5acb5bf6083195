// The attribute mapping editor, end to end in the browser — through to provision on
// demand, where the edited expression's value is what reaches the target app.
import { randomUUID } from "node:crypto";
import { startScimTarget } from "../targets/scim-target";
import type { APIRequestContext } from "@playwright/test";
import { createAdmin, expect, signIn, test } from "../fixtures";

async function setup(api: APIRequestContext) {
  const tag = randomUUID().slice(0, 8);
  const app = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Mappings UI ${tag}` } });
  expect(app.status(), await app.text()).toBe(201);
  const upn = `grace-${tag}@provisio.test`;
  const user = await api.post("/api/v1/users", { data: { userPrincipalName: upn, displayName: `Grace ${tag}`, givenName: "Grace", surname: `Hopper${tag}` } });
  expect(user.status(), await user.text()).toBe(201);
  const appId = (await app.json()).id as string;
  const items = (await (await api.get(`/api/v1/apps/${appId}/provisioning/mappings`)).json()).items as { id: string; name: string }[];
  return { appId, upn, tag, usersMappingId: items[0]!.id };
}

test.describe("[UI][MAPPINGS]", () => {
  test("edit a mapping with an expression, see an inline error, test it against a user, add a scoping clause, save, reload", async ({ signedInPage: page, api }) => {
    const { appId, upn, tag } = await setup(api);
    await page.goto(`/apps/${appId}/provisioning/mappings`);
    await expect(page.getByRole("table", { name: "Mappings" })).toContainText("Provision Directory Groups");
    await page.getByRole("link", { name: "Provision Directory Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Provision Directory Users" })).toBeVisible();

    // Edit the displayName row: Expression type with a broken expression first.
    await page.getByRole("button", { name: "Edit mapping for displayName" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Attribute" });
    await dialog.getByLabel("Mapping type").selectOption("expression");
    const expression = dialog.getByRole("textbox", { name: /^Expression/ });
    await expression.fill('ToUpper(Join(" ", [givenName], [surname])');
    await expect(dialog.getByText(/at position \d+/)).toBeVisible();
    await expression.fill('ToUpper(Join(" ", [givenName], [surname]))');
    await expect(dialog.getByText(/at position \d+/)).toHaveCount(0);

    // The function reference is there, collapsed.
    await dialog.getByText(/Function reference/).click();
    await expect(dialog.getByText("Example: Coalesce([mail], [userPrincipalName])")).toBeVisible();

    // Test it against the user.
    await dialog.getByLabel("Search for a user to test with").fill(upn);
    await dialog.getByRole("button", { name: new RegExp(upn) }).click();
    await dialog.getByRole("button", { name: "Test", exact: true }).click();
    await expect(dialog.locator("output[aria-label='Expression value']")).toContainText(`"GRACE HOPPER${tag.toUpperCase()}"`);
    await dialog.getByRole("button", { name: "Ok" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Attribute mappings" })).toContainText('ToUpper(Join(" ", [givenName], [surname]))');

    // Source Object Scope: one filter with one clause.
    await page.getByRole("button", { name: "All records" }).click();
    const panel = page.getByRole("dialog", { name: "Source Object Scope" });
    await expect(panel).toContainText("(AND)");
    await panel.getByRole("button", { name: "Add scoping filter" }).click();
    await panel.getByLabel("Attribute of filter 1 clause 1").selectOption("department");
    await panel.getByLabel("Operator of filter 1 clause 1").selectOption("EQUALS");
    await panel.getByLabel("Value of filter 1 clause 1").fill("Engineering");
    // An operator without a value hides the value box.
    await panel.getByRole("button", { name: "Add new clause" }).click();
    await panel.getByLabel("Attribute of filter 1 clause 2").selectOption("accountEnabled");
    await panel.getByLabel("Operator of filter 1 clause 2").selectOption("IS TRUE");
    await expect(panel.getByLabel("Value of filter 1 clause 2")).toHaveCount(0);
    await panel.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("button", { name: "1 scoping filter" })).toBeVisible();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText(/Mapping saved/)).toBeVisible();

    // Persisted: reload and see both changes.
    await page.reload();
    await expect(page.getByRole("table", { name: "Attribute mappings" })).toContainText('ToUpper(Join(" ", [givenName], [surname]))');
    await page.getByRole("button", { name: "1 scoping filter" }).click();
    await expect(page.getByRole("dialog", { name: "Source Object Scope" }).getByLabel("Value of filter 1 clause 1")).toHaveValue("Engineering");

    // Provision on demand sends the expression's value to a real SCIM target.
    const target = await startScimTarget({ auth: { type: "bearer", token: `tok-${tag}` } });
    try {
      const users = (await (await api.get(`/api/v1/users?q=${encodeURIComponent(upn)}`)).json()).items as { id: string }[];
      const userId = users[0]!.id;
      expect((await api.patch(`/api/v1/users/${userId}`, { data: { department: "Engineering" } })).status()).toBe(200);
      expect((await api.put(`/api/v1/apps/${appId}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, secretToken: `tok-${tag}` } })).status()).toBe(204);
      expect((await api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType: "user", principalId: userId, roleId: "default-access" } })).status()).toBe(201);
      await page.goto(`/apps/${appId}/provisioning`);
      await page.getByRole("button", { name: "Provision on demand" }).click();
      const od = page.getByRole("dialog", { name: "Provision on demand" });
      await od.getByLabel("Search users").fill(upn);
      await od.getByRole("radio", { name: upn }).check();
      await od.getByRole("button", { name: "Provision", exact: true }).click();
      const result = od.getByTestId("on-demand-result");
      await expect(result).toContainText("success");
      await expect(result.getByRole("table", { name: "Modified properties" })).toContainText(`GRACE HOPPER${tag.toUpperCase()}`);
      const created = [...target.state.users.values()].find((u) => String(u.userName).toLowerCase() === upn.toLowerCase());
      expect(created?.displayName).toBe(`GRACE HOPPER${tag.toUpperCase()}`);
    } finally {
      await target.close();
    }
  });

  test("save shows errors in place: a row that is not valid is flagged and nothing is saved", async ({ signedInPage: page, api }) => {
    const { appId, usersMappingId } = await setup(api);
    await page.goto(`/apps/${appId}/provisioning/mappings/${usersMappingId}`);
    // Delete the only matching attribute (userName): an enabled mapping needs one.
    await page.getByRole("button", { name: "Delete mapping for userName" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "matching attribute" })).toBeVisible();
    await page.getByRole("button", { name: "Discard" }).click();
    await expect(page.getByRole("table", { name: "Attribute mappings" })).toContainText("userName");
    const saved = await (await api.get(`/api/v1/apps/${appId}/provisioning/mappings/${usersMappingId}`)).json();
    expect(saved.attributeMappings.some((m: { target: string }) => m.target === "userName")).toBe(true);
  });

  test("a reader sees the mapping but no write controls", async ({ page, api, request }) => {
    const { appId, usersMappingId } = await setup(api);
    const reader = await createAdmin(request, "reader", "map-reader");
    await signIn(page, reader.email, reader.password);
    await page.goto(`/apps/${appId}/provisioning/mappings/${usersMappingId}`);
    await expect(page.getByRole("table", { name: "Attribute mappings" })).toContainText("userName");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add New Mapping" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Restore default mappings" })).toHaveCount(0);
  });
});
