// Mappings → Show advanced options → Review your schema here: edit the configuration
// as JSON, see problems with their JSON paths, review the diff, apply, reload.
import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures";

test.describe("[UI][CONFIGURATION]", () => {
  test("edit the schema as JSON: live problems, diff against current, apply, download", async ({ signedInPage: page, api }) => {
    const name = `Schema UI ${randomUUID().slice(0, 8)}`;
    const created = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: name } });
    expect(created.status()).toBe(201);
    const appId = (await created.json()).id as string;

    await page.goto(`/apps/${appId}/provisioning/mappings`);
    await page.getByLabel("Show advanced options").check();
    await page.getByRole("link", { name: "Review your schema here" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Schema editor" })).toBeVisible();
    const editor = page.getByLabel("Configuration document (JSON)");
    const doc = JSON.parse(await editor.inputValue());
    expect(doc).toMatchObject({ version: 1, templateId: "scim" });

    // Download gives the same document.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
    expect(download.suggestedFilename()).toMatch(/provisioning-configuration\.json$/);

    // Broken JSON and a schema problem are listed as you type; nothing can be applied.
    await editor.fill("{ not json");
    await expect(page.getByTestId("configuration-issues")).toContainText("Not valid JSON");
    await editor.fill(JSON.stringify({ ...doc, provisioning: { ...doc.provisioning, intervalMinutes: 0 } }, null, 2));
    await expect(page.getByTestId("configuration-issues")).toContainText("provisioning.intervalMinutes");
    await expect(page.getByRole("button", { name: "Review and apply" })).toBeDisabled();

    // A semantic problem only the server knows (an expression that does not parse) comes back with its path.
    const broken = structuredClone(doc);
    const dn = broken.mappings.user.attributeMappings.findIndex((m: { target: string }) => m.target === "displayName");
    Object.assign(broken.mappings.user.attributeMappings[dn], { type: "expression", source: null, expression: 'Join(" ", [givenName],' });
    await editor.fill(JSON.stringify(broken, null, 2));
    await page.getByRole("button", { name: "Review and apply" }).click();
    await expect(page.getByTestId("configuration-issues")).toContainText(`mappings.user.attributeMappings.${dn}.expression`);

    // A valid change: review the diff, apply.
    const next = structuredClone(doc);
    next.provisioning.intervalMinutes = 25;
    Object.assign(next.mappings.user.attributeMappings[dn], { type: "expression", source: null, expression: 'Join(" ", [givenName], [surname])' });
    await editor.fill(JSON.stringify(next, null, 2));
    await expect(page.getByTestId("configuration-issues")).toHaveCount(0);
    await page.getByRole("button", { name: "Review and apply" }).click();
    const dialog = page.getByRole("dialog", { name: "Review changes" });
    const changes = dialog.getByRole("table", { name: "Changes" });
    await expect(changes).toContainText("provisioning.intervalMinutes");
    await expect(changes.getByRole("row", { name: /provisioning\.intervalMinutes/ })).toContainText("25");
    await dialog.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText(/Applied \d+ changes to/)).toBeVisible();

    // The portal and the API agree after a reload.
    await page.reload();
    expect(JSON.parse(await page.getByLabel("Configuration document (JSON)").inputValue()).provisioning.intervalMinutes).toBe(25);
    expect((await (await api.get(`/api/v1/apps/${appId}/provisioning`)).json()).intervalMinutes).toBe(25);
  });
});
