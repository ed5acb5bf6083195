// The seed tutorial in a real browser: add GoToMeeting from the gallery, assign a user with a
// valid role (Default Access refused), enter admin credentials pointing at a local GoTo target,
// Test Connection (wrong password, then right), notification email, Save, Provisioning Status On —
// and then GoTo itself: what turning On in the browser created there, and an unassigned user gone.
import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures";
import { startGoToTarget, type GoToTarget } from "../targets/goto-target";

test.describe("[UI][APPS]", () => {
  let goto: GoToTarget;
  const PASSWORD = `Goto-${randomUUID()}`;
  test.beforeAll(async () => { goto = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: PASSWORD }); });
  test.afterAll(async () => { await goto.close(); });

  test("[SEED] configure GoToMeeting for automatic user provisioning", async ({ signedInPage: page, api }) => {
    test.setTimeout(240_000);
    const tag = randomUUID().slice(0, 8);
    const upn = `seed-${tag}@contoso.test`;
    const newUser = async (userPrincipalName: string, givenName: string, surname: string) => {
      const res = await api.post("/api/v1/users", { data: { userPrincipalName, displayName: `${givenName} ${surname}`, givenName, surname } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    await newUser(upn, "Seed", `User ${tag}`);
    // Beside the user assigned in the browser: a group (assigned, with one member), a user assigned
    // directly who is unassigned later, and one never assigned.
    const memberUpn = `seed-member-${tag}@contoso.test`;
    const leaverUpn = `seed-leaver-${tag}@contoso.test`;
    const outsiderUpn = `seed-outsider-${tag}@contoso.test`;
    const member = await newUser(memberUpn, "Group", `Member ${tag}`);
    const leaver = await newUser(leaverUpn, "Soon", `Gone ${tag}`);
    await newUser(outsiderUpn, "Never", `Assigned ${tag}`);
    const groupName = `Seed group ${tag}`;
    const groupRes = await api.post("/api/v1/groups", { data: { displayName: groupName } });
    expect(groupRes.status()).toBe(201);
    const group = (await groupRes.json()) as { id: string };
    expect((await api.post(`/api/v1/groups/${group.id}/members`, { data: { userIds: [member.id] } })).status()).toBe(200);
    const appName = `GoToMeeting ${randomUUID().slice(0, 6)}`;

    // Enterprise applications → All applications → New application → gallery
    await page.goto("/apps");
    await expect(page.getByRole("heading", { name: "Enterprise applications | All applications" })).toBeVisible();
    await page.getByRole("link", { name: "New application" }).click();
    await page.getByLabel("Search application").fill("GoToMeeting");
    await page.getByRole("button", { name: /^GoToMeeting by / }).click();
    const create = page.getByRole("dialog", { name: "GoToMeeting" });
    await create.getByLabel("Name").fill(appName);
    await create.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Overview` })).toBeVisible();
    await expect(page.getByText(`Added ${appName}`)).toBeVisible();
    const appUrl = new URL(page.url()).pathname;
    const appId = appUrl.split("/")[2]!;
    const assign = async (principalType: "user" | "group", principalId: string) => {
      const res = await api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType, principalId, roleId: "organizer" } });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    await assign("group", group.id);
    const leaverAssignment = await assign("user", leaver.id);

    // The list finds it by name.
    await page.goto("/apps");
    await page.getByLabel("Search applications").fill(appName);
    await expect(page.getByRole("table", { name: "Applications" }).getByRole("link", { name: appName })).toBeVisible();
    await page.goto(appUrl);

    // 1. Assign users and groups: Default Access is refused with the reason, Organizer is accepted.
    await page.getByRole("link", { name: /1\. Assign users and groups/ }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Users and groups` })).toBeVisible();
    await expect(page.getByText(/"Default Access" role is not valid for provisioning/)).toBeVisible();
    await page.getByRole("button", { name: "Add user/group" }).first().click();
    const panel = page.getByRole("dialog", { name: "Add Assignment" });
    await panel.getByLabel("Search users").fill(upn);
    await panel.getByRole("checkbox", { name: upn }).check();
    await expect(panel.getByLabel("Select a role")).toHaveValue("default-access");
    await panel.getByRole("button", { name: "Assign" }).click();
    await expect(panel.getByTestId("assignment-error")).toContainText('The role "Default Access" is not valid for provisioning in GoToMeeting');
    await expect(panel.getByTestId("assignment-error")).toContainText("you must select a valid user role");
    await panel.getByLabel("Select a role").selectOption({ label: "Organizer" });
    await panel.getByRole("button", { name: "Assign" }).click();
    await expect(panel).toBeHidden();
    const row = page.getByRole("table", { name: "Assigned users and groups" }).getByRole("row", { name: new RegExp(upn) });
    await expect(row).toContainText("Organizer");

    // 2. Provisioning: the Overview first (off, nothing to run), then Edit provisioning: mode Automatic, admin credentials, Test Connection.
    await page.getByRole("navigation", { name: "Resource menu" }).getByRole("link", { name: "Provisioning" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Provisioning` })).toBeVisible();
    await expect(page.getByTestId("sync-state")).toHaveText(/Provisioning is off/);
    await expect(page.getByText("Automatic provisioning is not configured.")).toBeVisible();
    const commands = page.getByRole("toolbar", { name: "Provisioning commands" });
    await expect(commands.getByRole("button", { name: "Start provisioning", exact: true })).toBeDisabled();
    await commands.getByRole("link", { name: "Edit provisioning" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Edit provisioning` })).toBeVisible();
    await page.getByLabel("Provisioning Mode").selectOption("automatic");
    await expect(page.getByRole("heading", { name: "Admin Credentials" })).toBeVisible();
    await expect(page.getByTestId("secret-state-adminPassword")).toContainText("Not set");
    await page.getByLabel("Admin Username").fill("admin@goto.test");
    await page.getByLabel("Admin Password").fill("not-the-password");
    await page.getByText("Advanced", { exact: true }).click();
    await page.getByLabel("API base URL").fill(goto.baseUrl);
    await page.getByLabel("Token URL").fill(goto.tokenUrl);
    await page.getByRole("button", { name: "Test Connection" }).click();
    const result = page.getByTestId("test-connection-result");
    await expect(result).toContainText("Test Connection failed");
    await expect(result).toContainText("Check the admin username and password");
    await expect(result).toContainText("Team Admin rights");

    await page.getByLabel("Admin Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Test Connection" }).click();
    await expect(result).toContainText("The supplied credentials are authorized to enable provisioning");
    await expect(result).toContainText("Connected to 127.0.0.1");

    // Mappings links go to the mapping editor.
    await expect(page.getByRole("link", { name: "Provision Directory Users" })).toHaveAttribute("href", new RegExp(`^${appUrl}/provisioning/mappings/`));
    await expect(page.getByRole("link", { name: "Provision Directory Groups" })).toBeVisible();

    // Settings: notification email + failure emails; defaults shown.
    await expect(page.getByLabel("Accidental deletion threshold")).toHaveValue("500");
    await expect(page.getByLabel("Sync interval (minutes)")).toHaveValue("40");
    await expect(page.getByLabel("Scope")).toHaveValue("assigned");
    await page.getByLabel("Notification Email").fill("provisioning-alerts@contoso.test");
    await page.getByLabel("Send an email notification when a failure occurs").check();

    // Leaving with unsaved changes asks first; dismissing keeps the page.
    page.once("dialog", (d) => void d.dismiss());
    await page.getByRole("navigation", { name: "Resource menu" }).getByRole("link", { name: "Overview" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Edit provisioning` })).toBeVisible();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText(`Saved provisioning settings of ${appName}`)).toBeVisible();
    await expect(page.getByTestId("secret-state-adminPassword")).toContainText("Set.");
    await expect(page.getByLabel("Admin Password")).toHaveValue("");

    // Nothing of ours is in GoTo yet (Test Connection creates nothing): what follows is turning On.
    const gotoUser = (userName: string) => [...goto.state.users.values()].find((u) => u.userName === userName);
    const gotoGroup = () => [...goto.state.groups.values()].find((g) => g.displayName === groupName);
    expect([upn, memberUpn, leaverUpn, outsiderUpn].filter((u) => gotoUser(u))).toEqual([]);
    expect(gotoGroup()).toBeUndefined();

    // Provisioning Status On → Save (tests the saved credentials on the server); the cycle it queues shows within 2 s.
    // Every state the page shows is recorded: a one-user cycle can pass through queued and running in well under a second.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="live-sync-state"]')?.textContent ?? "";
        if (t !== seen[seen.length - 1]) seen.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole("radio", { name: "On", exact: true }).check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("saved-provisioning-status")).toContainText("Currently On");
    await expect.poll(() => page.evaluate(() => (window as unknown as { __states: string[] }).__states.join(" > ")), { timeout: 2_000 }).toMatch(/Queued|Starting|Running/);

    // The Overview follows the cycle live: it ends in the history and the statistics without a reload.
    await page.getByRole("link", { name: "See progress on the Overview" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Provisioning` })).toBeVisible();
    await page.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
    const history = page.getByRole("table", { name: "Cycle history" });
    await expect(history.locator("tbody tr").filter({ hasText: "Initial" })).toHaveCount(1, { timeout: 90_000 });
    await expect(page.getByTestId("last-cycle-outcome")).toHaveText("Completed");
    await expect(page.getByTestId("statistics-summary")).toContainText("3 users and 1 group provisioned");
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // Stop asks first; Cancel leaves provisioning On and gives focus back to Stop.
    await commands.getByRole("button", { name: "Stop provisioning" }).click();
    const stop = page.getByRole("dialog", { name: "Stop provisioning?" });
    await expect(stop).toContainText("Accounts already provisioned stay as they are");
    await stop.getByRole("button", { name: "Cancel" }).click();
    await expect(stop).toBeHidden();
    await expect(commands.getByRole("button", { name: "Stop provisioning" })).toBeFocused();
    await expect(page.getByTestId("sync-state")).not.toHaveText(/off/);

    await commands.getByRole("link", { name: "Edit provisioning" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | Edit provisioning` })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("radio", { name: "On", exact: true })).toBeChecked();
    await expect(page.getByTestId("saved-provisioning-status")).toHaveText(/^Currently On\./);
    await expect(page.getByLabel("Notification Email")).toHaveValue("provisioning-alerts@contoso.test");
    await expect(page.getByLabel("Admin Username")).toHaveValue("admin@goto.test");
    await page.getByRole("navigation", { name: "Resource menu" }).getByRole("link", { name: "Overview" }).click();
    await expect(page.getByTestId("overview-provisioning-status")).toHaveText("On");

    // 3. GoTo after the cycle that turning On queued: the assigned user, the group's member and the
    // group exist with the mapped attributes (userPrincipalName → userName, displayName, givenName →
    // name.givenName, surname → name.familyName; the group's members by their GoTo ids).
    await expect.poll(() => [upn, memberUpn, leaverUpn].map((u) => gotoUser(u) !== undefined), { timeout: 90_000 }).toEqual([true, true, true]);
    expect(gotoUser(upn)).toMatchObject({ userName: upn, displayName: `Seed User ${tag}`, name: { givenName: "Seed", familyName: `User ${tag}` } });
    expect(gotoUser(memberUpn)).toMatchObject({ userName: memberUpn, displayName: `Group Member ${tag}`, name: { givenName: "Group", familyName: `Member ${tag}` } });
    expect(gotoUser(leaverUpn)).toMatchObject({ userName: leaverUpn, displayName: `Soon Gone ${tag}`, name: { givenName: "Soon", familyName: `Gone ${tag}` } });
    await expect.poll(() => gotoGroup()?.members.map((m) => `${m.type}:${m.value}`), { timeout: 90_000 }).toEqual([`user:${gotoUser(memberUpn)!.id}`]);
    expect(gotoUser(outsiderUpn), "a user never assigned is never created").toBeUndefined();
    expect(goto.violations, "every request matched GoTo's published OpenAPI document").toEqual([]);

    // Unassigned → gone from GoTo at the next cycle (GoTo has no `active`: deprovisioning deletes).
    expect((await api.delete(`/api/v1/apps/${appId}/assignments/${leaverAssignment}`)).status()).toBe(204);
    expect((await api.post(`/api/v1/apps/${appId}/provisioning/start`)).status()).toBe(200);
    await expect.poll(() => gotoUser(leaverUpn), { timeout: 90_000 }).toBeUndefined();
    expect([upn, memberUpn].map((u) => gotoUser(u)?.userName)).toEqual([upn, memberUpn]);
    expect(gotoGroup()?.members).toHaveLength(1);
  });

  test("[ASSIGN] several users and a group in one Assign", async ({ signedInPage: page, api }) => {
    const tag = randomUUID().slice(0, 6);
    const app = await (await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `Multi ${tag}` } })).json();
    const upns = [`multi-a-${tag}@contoso.test`, `multi-b-${tag}@contoso.test`];
    for (const u of upns) expect((await api.post("/api/v1/users", { data: { userPrincipalName: u, displayName: u } })).status()).toBe(201);
    expect((await api.post("/api/v1/groups", { data: { displayName: `Multi group ${tag}` } })).status()).toBe(201);
    await page.goto(`/apps/${app.id}/users-and-groups`);
    await page.getByRole("button", { name: "Add user/group" }).first().click();
    const panel = page.getByRole("dialog", { name: "Add Assignment" });
    await expect(panel.getByLabel("Search users")).toBeFocused(); // the first field, not Close
    await panel.getByLabel("Search users").fill(`multi-`);
    for (const u of upns) await panel.getByRole("checkbox", { name: u }).check();
    await panel.getByText("Groups", { exact: true }).click();
    await panel.getByLabel("Search groups").fill(`Multi group ${tag}`);
    await panel.getByRole("checkbox", { name: `Multi group ${tag}` }).check();
    await expect(panel).toContainText("Selected (3)");
    await panel.getByRole("button", { name: "Assign" }).click();
    await expect(panel).toBeHidden();
    await expect(page.getByText("Assigned 3 users and groups as Default Access")).toBeVisible();
    const table = page.getByRole("table", { name: "Assigned users and groups" });
    for (const name of [...upns, `Multi group ${tag}`]) await expect(table.getByRole("row", { name: new RegExp(name) })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add user/group" }).first()).toBeFocused(); // back to the opener
  });

  test("[PROPERTIES] rename and delete with confirmation; a reader sees no write controls", async ({ signedInPage: page, api, browser, request }) => {
    const name = `Props ${randomUUID().slice(0, 6)}`;
    const app = await (await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: name } })).json();
    await page.goto(`/apps/${app.id}/properties`);
    await page.getByLabel("Name").fill(`${name} renamed`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved the application's properties")).toBeVisible();
    await expect(page.getByRole("heading", { name: `${name} renamed | Properties` })).toBeVisible();

    // Reader: everything visible, nothing to change.
    const { createAdmin, signIn } = await import("../fixtures");
    const reader = await createAdmin(request, "reader", "apps-ui-reader");
    const ctx = await browser.newContext();
    const rp = await ctx.newPage();
    await signIn(rp, reader.email, reader.password);
    await rp.goto(`/apps/${app.id}/provisioning/edit`);
    await expect(rp.getByLabel("Provisioning Mode")).toBeDisabled();
    await expect(rp.getByRole("button", { name: "Save" })).toHaveCount(0);
    await rp.goto(`/apps/${app.id}/provisioning`);
    await expect(rp.getByRole("heading", { name: "Sync details" })).toBeVisible();
    await expect(rp.getByRole("button", { name: "Start provisioning" })).toHaveCount(0);
    await expect(rp.getByRole("button", { name: "Stop provisioning" })).toHaveCount(0);
    await rp.goto(`/apps/${app.id}/users-and-groups`);
    await expect(rp.getByText("No users or groups assigned")).toBeVisible();
    await expect(rp.getByRole("button", { name: "Add user/group" })).toHaveCount(0);
    await rp.goto("/apps");
    await expect(rp.getByRole("link", { name: "New application" })).toHaveCount(0);
    await ctx.close();

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("heading", { name: "Enterprise applications | All applications" })).toBeVisible();
    expect((await api.get(`/api/v1/apps/${app.id}`)).status()).toBe(404);
  });
});
