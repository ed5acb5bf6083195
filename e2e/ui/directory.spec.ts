// [DIRECTORY][UI] In the browser: create a user, add it to a group, import a CSV and read the per-row results.
import { randomUUID } from "node:crypto";
import { createAdmin, expect, signIn, test } from "../fixtures";

test.describe("[DIRECTORY][UI]", () => {
  test("create a user, add it to a new group, see the membership on both pages", async ({ signedInPage: page }) => {
    const t = randomUUID().slice(0, 8);
    const upn = `ui-${t}@dir.example.com`;
    await page.goto("/users");
    await page.getByRole("link", { name: "New user" }).first().click();
    await page.getByLabel("User principal name").fill("not a upn");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText("userPrincipalName must look like user@domain")).toBeVisible();
    await page.getByLabel("User principal name").fill(upn);
    await page.getByLabel("Display name").fill(`UI Person ${t}`);
    await page.getByLabel("Job title").fill("Pilot");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `UI Person ${t}` })).toBeVisible();
    await expect(page.getByText("Not a member of any group.")).toBeVisible();

    await page.goto("/groups/new");
    await page.getByLabel("Group name").fill(`UI Group ${t}`);
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `UI Group ${t}` })).toBeVisible();
    await page.getByRole("toolbar", { name: "Group commands" }).getByRole("button", { name: "Add members" }).click();
    const picker = page.getByRole("dialog", { name: `Add members to UI Group ${t}` });
    await picker.getByPlaceholder("Search by name, UPN or mail").fill(upn);
    await picker.getByRole("checkbox", { name: `Select UI Person ${t}` }).check();
    await picker.getByRole("button", { name: /^Select/ }).click();
    await expect(page.getByRole("table", { name: "Members" }).getByText(upn)).toBeVisible();
    await expect(page.getByTestId("member-count")).toHaveText("1");

    await page.getByRole("table", { name: "Members" }).getByRole("link", { name: `UI Person ${t}` }).click();
    await expect(page.getByRole("link", { name: `UI Group ${t}` })).toBeVisible();

    // search the list, select the user, disable it with the bulk command bar
    await page.goto("/users");
    await page.getByRole("searchbox", { name: "Search users" }).fill(upn);
    await expect(page.getByRole("table", { name: "Users" }).getByText(upn)).toBeVisible();
    await page.getByRole("checkbox", { name: `Select ${upn}` }).check();
    await page.getByRole("toolbar", { name: "User commands" }).getByRole("button", { name: "Disable" }).click();
    await expect(page.getByRole("table", { name: "Users" }).getByText("Disabled")).toBeVisible();
  });

  test("import a CSV: column preview, progress, per-row results with line numbers", async ({ signedInPage: page }) => {
    const t = randomUUID().slice(0, 8);
    const csv = `userPrincipalName,displayName,department\ncsv1-${t}@dir.example.com,CSV One ${t},Sales\nno-at-sign-${t},Broken,\ncsv2-${t}@dir.example.com,CSV Two ${t},\n`;
    await page.goto("/users");
    await page.getByRole("toolbar", { name: "User commands" }).getByRole("button", { name: "Bulk import" }).click();
    const dialog = page.getByRole("dialog", { name: "Bulk import users" });
    await dialog.getByLabel("CSV file").setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const mapping = dialog.getByRole("region", { name: "Column mapping" });
    await expect(mapping.getByText("3 rows in users.csv")).toBeVisible();
    // each column in the file, the field it becomes, and the first row's value
    await expect(mapping.getByRole("row", { name: "department department Sales" })).toBeVisible();
    await expect(mapping.getByRole("row", { name: `userPrincipalName userPrincipalName csv1-${t}@dir.example.com` })).toBeVisible();
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(dialog.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
    await expect(dialog.getByTestId("import-summary")).toContainText("2 created");
    await expect(dialog.getByTestId("import-summary")).toContainText("1 failed");
    const failed = dialog.getByRole("table", { name: "Failed rows" });
    await expect(failed.getByRole("cell", { name: "3", exact: true })).toBeVisible();
    await expect(failed.getByText(/userPrincipalName must look like user@domain/)).toBeVisible();
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByRole("searchbox", { name: "Search users" }).fill(`csv1-${t}`);
    await expect(page.getByRole("link", { name: `CSV One ${t}` })).toBeVisible();
  });

  test("readers see the directory without write controls", async ({ page, request }) => {
    const reader = await createAdmin(request, "reader");
    await signIn(page, reader.email, reader.password);
    await page.goto("/users");
    await expect(page.getByRole("toolbar", { name: "User commands" }).getByRole("button", { name: "Refresh" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New user" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Bulk import" })).toHaveCount(0);
    await page.goto("/groups");
    await expect(page.getByRole("toolbar", { name: "Group commands" }).getByRole("button", { name: "Refresh" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New group" })).toHaveCount(0);
  });
});
