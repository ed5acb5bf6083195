// Provision on demand for a group, as in Entra: pick the group, pick up to five of its members,
// and the target app holds the group with exactly those members.
import { randomUUID } from "node:crypto";
import { startScimTarget } from "../targets/scim-target";
import { expect, test } from "../fixtures";

test.describe("[UI][ON-DEMAND]", () => {
  test("a group with the members the admin picked reaches the app; the API refuses what the panel cannot send", async ({ signedInPage: page, api }) => {
    const tag = randomUUID().slice(0, 8);
    const target = await startScimTarget({ auth: { type: "bearer", token: `tok-${tag}` } });
    try {
      const app = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: `On demand ${tag}` } });
      expect(app.status(), await app.text()).toBe(201);
      const appId = (await app.json()).id as string;
      expect((await api.put(`/api/v1/apps/${appId}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, secretToken: `tok-${tag}` } })).status()).toBe(204);
      const userIds: string[] = [];
      for (let i = 0; i < 7; i++) {
        const u = await api.post("/api/v1/users", { data: { userPrincipalName: `od${i}-${tag}@provisio.test`, displayName: `Member ${i} ${tag}` } });
        expect(u.status(), await u.text()).toBe(201);
        userIds.push((await u.json()).id as string);
      }
      const group = await api.post("/api/v1/groups", { data: { displayName: `On demand team ${tag}` } });
      const groupId = (await group.json()).id as string;
      expect((await api.post(`/api/v1/groups/${groupId}/members`, { data: { userIds } })).status()).toBeLessThan(300);
      expect((await api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType: "group", principalId: groupId, roleId: "default-access" } })).status()).toBe(201);

      // Bad requests are refused with a plain message and write nothing.
      const both = await api.post(`/api/v1/apps/${appId}/provisioning/provision-on-demand`, { data: { userId: userIds[0], groupId } });
      expect(both.status()).toBe(400);
      expect((await both.json()).error.message).toMatch(/either userId .* or groupId/);
      const six = await api.post(`/api/v1/apps/${appId}/provisioning/provision-on-demand`, { data: { groupId, memberIds: userIds.slice(0, 6) } });
      expect(six.status()).toBe(400);
      expect((await six.json()).error.message).toMatch(/at most 5/);
      expect(target.requests.filter((r) => r.method !== "GET")).toHaveLength(0);

      await page.goto(`/apps/${appId}/provisioning`);
      await page.getByRole("button", { name: "Provision on demand" }).click();
      const od = page.getByRole("dialog", { name: "Provision on demand" });
      await od.getByRole("radio", { name: "Group" }).check();
      await od.getByLabel("Search groups").fill(`On demand team ${tag}`);
      await od.getByRole("radio", { name: `On demand team ${tag}` }).check();
      const members = od.getByRole("list", { name: "Members" });
      const boxes = members.getByRole("checkbox");
      await expect(boxes).toHaveCount(7);
      // The first five are ticked; a sixth cannot be added until one is taken off.
      await expect(od.getByText("5 of 5 chosen")).toBeVisible();
      const sorted = [...userIds].sort();
      const upnOf = (id: string) => `od${userIds.indexOf(id)}-${tag}@provisio.test`;
      const sixth = members.getByRole("checkbox", { name: upnOf(sorted[5]!) });
      await expect(sixth).toBeDisabled();
      await members.getByRole("checkbox", { name: upnOf(sorted[0]!) }).uncheck();
      await sixth.check();
      await od.getByRole("button", { name: "Provision", exact: true }).click();

      const result = od.getByTestId("on-demand-result");
      await expect(result).toContainText("The group was created in");
      await expect(result).toContainText("5 of the group's 7 members were provisioned with it; the next cycle provisions the others.");
      await expect(result.getByRole("table", { name: "Members provisioned" }).getByRole("row")).toHaveCount(6);

      // What the app holds: the group, with exactly the five members picked.
      const picked = new Set([...sorted.slice(1, 5), sorted[5]!].map(upnOf));
      const held = [...target.state.groups.values()].find((g) => g.displayName === `On demand team ${tag}`) as { members?: { value: string }[] } | undefined;
      expect(held).toBeDefined();
      const names = new Set((held!.members ?? []).map((m) => String(target.state.users.get(m.value)?.userName)));
      expect(names).toEqual(picked);
      expect(target.state.users.size).toBe(5);
    } finally {
      await target.close();
    }
  });
});
