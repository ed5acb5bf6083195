// Saving changed admin credentials while provisioning is On tests them first (issue 12 item 9):
// a failing test refuses the save with the diagnosis (422) unless the admin saves anyway
// (?force=true, "Save anyway" in the portal); then the app warns until a test passes.
import { randomBytes } from "node:crypto";
import { expect, test } from "../fixtures";
import { json, uid } from "../security/helpers";
import { startScimTarget, type ScimTarget } from "../targets/scim-target";

const token = () => `tok-${randomBytes(12).toString("hex")}`;

test.describe("[PROVISIONING][CREDENTIALS] changed credentials are tested before they are saved while provisioning is On", () => {
  let target: ScimTarget;
  let good: string;
  test.beforeEach(async () => {
    good = token();
    target = await startScimTarget({ auth: { type: "bearer", token: good } });
  });
  test.afterEach(async () => {
    await target.close();
  });

  async function appOn(api: import("@playwright/test").APIRequestContext) {
    const app = await json(await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Creds on ${uid()}` } }), 201);
    const url = `/api/v1/apps/${app.id}/provisioning`;
    expect((await api.put(`${url}/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: good } })).status()).toBe(204);
    await json(await api.patch(url, { data: { mode: "automatic", status: "on" } }), 200);
    return { app, url };
  }

  test("REST: a wrong token is refused with 422 and the diagnosis; force=true saves it and the app warns until a test passes", async ({ api }) => {
    const { url } = await appOn(api);
    const refused = await json(await api.put(`${url}/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: "wrong-token" } }), 422);
    expect(refused.error.message).toMatch(/not saved: Test Connection failed/);
    expect(refused.error.details).toEqual([expect.objectContaining({ path: "credentials", test: "unauthorized" })]);
    // Nothing changed: the saved token still passes.
    expect(await json(await api.post(`${url}/test-connection`, { data: {} }), 200)).toMatchObject({ ok: true });
    expect(await json(await api.get(url), 200)).toMatchObject({ status: "on", lastTestOk: true });

    expect((await api.put(`${url}/credentials?force=true`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: "wrong-token" } })).status()).toBe(204);
    expect(await json(await api.get(url), 200)).toMatchObject({ status: "on", lastTestOk: false });
    expect(await json(await api.post(`${url}/test-connection`, { data: {} }), 200)).toMatchObject({ ok: false });

    // The right token again: tested, saved, and the warning condition is gone.
    expect((await api.put(`${url}/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: good } })).status()).toBe(204);
    expect(await json(await api.get(url), 200)).toMatchObject({ lastTestOk: true });

    // With provisioning Off, credentials are saved as before, untested.
    await json(await api.patch(url, { data: { status: "off" } }), 200);
    expect((await api.put(`${url}/credentials`, { data: { tenantUrl: target.baseUrl, authMethod: "bearer", secretToken: "wrong-again" } })).status()).toBe(204);
    expect(await json(await api.get(url), 200)).toMatchObject({ lastTestOk: null });
  });

  test("portal: Save asks before keeping credentials that failed the test; Save anyway shows a warning until a test passes", async ({ signedInPage: page, api }) => {
    const { app } = await appOn(api);
    await page.goto(`/apps/${app.id}/provisioning/edit`);
    await expect(page.getByTestId("saved-provisioning-status")).toContainText("Currently On");
    await expect(page.getByTestId("credentials-warning")).toHaveCount(0);

    await page.getByLabel("Secret Token").fill("wrong-token");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Save credentials that failed Test Connection?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("credentials-test-failure")).toContainText("401");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("credentials-warning")).toHaveCount(0);
    expect(await json(await api.get(`/api/v1/apps/${app.id}/provisioning`), 200)).toMatchObject({ lastTestOk: true });

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Save anyway" }).click();
    await expect(page.getByText(`Saved provisioning settings of ${app.displayName}`)).toBeVisible();
    await expect(page.getByTestId("credentials-warning")).toContainText("The saved admin credentials failed Test Connection");
    await page.reload();
    await expect(page.getByTestId("credentials-warning")).toBeVisible();

    // The right token: the test before saving passes, the warning goes.
    await page.getByLabel("Secret Token").fill(good);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("credentials-warning")).toHaveCount(0);
    await expect(dialog).toBeHidden();
    expect(await json(await api.get(`/api/v1/apps/${app.id}/provisioning`), 200)).toMatchObject({ lastTestOk: true });
  });
});
