// Preview before you provision, in the browser: start a preview, filter, search, open a diff,
// download, and apply the plan — then the target holds exactly the planned users.
import { randomUUID } from "node:crypto";
import { startScimTarget } from "../targets/scim-target";
import { expect, test } from "../fixtures";

test.describe("[UI][PREVIEW]", () => {
  test("preview, filter, open a diff, download, apply", async ({ signedInPage: page, api }) => {
    test.setTimeout(180_000); // a background job, a full cycle and the browser on a shared machine
    const tag = randomUUID().slice(0, 8);
    const target = await startScimTarget({ auth: { type: "bearer", token: `tok-${tag}` }, record: true });
    try {
      const app = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Preview UI ${tag}` } });
      expect(app.status(), await app.text()).toBe(201);
      const appId = (await app.json()).id as string;
      expect((await api.put(`/api/v1/apps/${appId}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, secretToken: `tok-${tag}` } })).status()).toBe(204);
      const patched = await api.patch(`/api/v1/apps/${appId}/provisioning`, { data: { mode: "automatic" } });
      expect(patched.status(), await patched.text()).toBe(200);
      const upns: string[] = [];
      for (const name of ["ada", "alan"]) {
        const upn = `${name}-${tag}@provisio.test`;
        const u = await api.post("/api/v1/users", { data: { userPrincipalName: upn, displayName: `${name} ${tag}`, givenName: name, surname: tag } });
        expect(u.status(), await u.text()).toBe(201);
        const a = await api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType: "user", principalId: (await u.json()).id, roleId: "default-access" } });
        expect(a.status(), await a.text()).toBe(201);
        upns.push(upn);
      }

      await page.goto(`/apps/${appId}/provisioning`);
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      const panel = page.getByRole("dialog", { name: "Preview" });
      await panel.getByRole("button", { name: "Start preview" }).click();
      const counts = panel.getByRole("group", { name: "Counts by action" });
      await expect(counts.getByRole("button", { name: /create/ })).toContainText("2");
      const plan = panel.getByRole("table", { name: "Planned actions" });
      await expect(plan.getByRole("row")).toHaveCount(3);

      // Filter by action and search by name.
      await counts.getByRole("button", { name: /conflict/ }).click();
      await expect(panel.getByText("Nothing matches")).toBeVisible();
      await counts.getByRole("button", { name: /conflict/ }).click();
      await panel.getByLabel("Search objects").fill(`ada-${tag}`);
      await expect(plan.getByRole("row")).toHaveCount(2);

      // Open the item's diff.
      await plan.getByRole("button", { name: "Details" }).click();
      const diff = panel.getByRole("table", { name: `Changes of ${upns[0]}` });
      await expect(diff).toContainText("userName");
      await expect(diff).toContainText(upns[0]!);

      // Download the plan as CSV (the search applies).
      const [download] = await Promise.all([page.waitForEvent("download"), panel.getByRole("link", { name: "Download CSV" }).click()]);
      const csv = await (await download.createReadStream())!.toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
      expect(csv.split("\n")[0]).toBe("objectType,identity,sourceId,action,reason,targetId,changes,findings");
      expect(csv).toContain(upns[0]!);
      expect(csv).not.toContain(upns[1]!);
      expect(target.requests.filter((r) => r.method !== "GET")).toEqual([]);

      // Apply: provisioning turns On and the plan runs.
      await panel.getByRole("button", { name: "Apply this plan" }).click();
      await page.getByRole("dialog", { name: "Apply this plan?" }).getByRole("button", { name: "Apply" }).click();
      await expect(page.getByText(/the plan runs as the next cycle/).first()).toBeVisible();
      await expect.poll(() => [...target.state.users.values()].map((u) => String(u.userName).toLowerCase()).sort(), { timeout: 60_000 }).toEqual(upns.map((u) => u.toLowerCase()).sort());

      // After a mapping change, "Preview the effect of this change" lists only what the change makes the cycle do.
      // Provisioning Off first, so no cycle applies the change while the preview runs.
      expect((await api.patch(`/api/v1/apps/${appId}/provisioning`, { data: { status: "off" } })).status()).toBe(200);
      await page.goto(`/apps/${appId}/provisioning/mappings`);
      await page.getByRole("link", { name: "Provision Directory Users" }).click();
      await page.getByRole("button", { name: "Edit mapping for displayName" }).click();
      const edit = page.getByRole("dialog", { name: "Edit Attribute" });
      await edit.getByLabel("Mapping type").selectOption("expression");
      await edit.getByRole("textbox", { name: /^Expression/ }).fill("ToUpper([displayName])");
      await edit.getByRole("button", { name: "Ok" }).click();
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByRole("link", { name: "Preview the effect of this change" }).click();
      const effect = page.getByRole("dialog", { name: "Preview the effect of this change" });
      await expect(effect.getByRole("group", { name: "Counts by action" }).getByRole("button", { name: /update/ })).toContainText("2");
      const effectRows = effect.getByRole("table", { name: "Planned actions" }).getByRole("row");
      await expect(effectRows).toHaveCount(3);
      await expect(effectRows.nth(1)).toContainText("update");
      await effect.getByRole("button", { name: "Details" }).first().click();
      await expect(effect.getByRole("table", { name: /^Changes of / })).toContainText(/(ADA|ALAN) /);
    } finally {
      await target.close();
    }
  });
});
