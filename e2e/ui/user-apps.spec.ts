// A user's page lists the apps the user is assigned to and provisioned in, with the last action per app (issue 17).
import { expect, test } from "../fixtures";
import { seedPortal } from "./portal-setup";

test("[UI][USER][APPS] a user's page shows their applications, how they are assigned, the account and the last action", async ({ signedInPage: page, api }) => {
  test.setTimeout(240_000);
  const f = await seedPortal(api);
  try {
    // also assigned through a group
    expect((await api.post(`/api/v1/apps/${f.appId}/assignments`, { data: { principalType: "group", principalId: f.groupId, roleId: "default-access" } })).status()).toBe(201);
    await page.goto(`/users/${f.userId}`);
    const row = page.getByRole("table", { name: "Applications of this user" }).getByRole("row", { name: new RegExp(f.appName) });
    await expect(row).toContainText("Direct");
    await expect(row).toContainText(/Group Walkers/);
    await expect(row).toContainText("Provisioned");
    await expect(row.getByRole("link", { name: /^\w+ \((success|skipped)\) on / })).toHaveAttribute("href", new RegExp(`appId=${f.appId}`));
  } finally {
    await f.close();
  }
});
