// One app with something on every page (a user, a group, an assignment, a finished cycle,
// an on-demand log entry), shared by the accessibility and viewport specs.
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { startScimTarget } from "../targets/scim-target";

export type PortalFixture = { appId: string; appName: string; userId: string; groupId: string; usersMappingId: string; close: () => Promise<void> };

export async function seedPortal(api: APIRequestContext): Promise<PortalFixture> {
  const tag = randomUUID().slice(0, 8);
  const target = await startScimTarget({ auth: { type: "bearer", token: `tok-${tag}` } });
  const appName = `Walk ${tag}`;
  const app = await api.post("/api/v1/apps", { data: { templateId: "scim", displayName: appName } });
  expect(app.status(), await app.text()).toBe(201);
  const appId = (await app.json()).id as string;
  expect((await api.put(`/api/v1/apps/${appId}/provisioning/credentials`, { data: { tenantUrl: target.baseUrl, secretToken: `tok-${tag}` } })).status()).toBe(204);
  const user = await api.post("/api/v1/users", { data: { userPrincipalName: `walk-${tag}@provisio.test`, displayName: `Walk ${tag}`, givenName: "Walk", surname: tag } });
  expect(user.status(), await user.text()).toBe(201);
  const userId = (await user.json()).id as string;
  const group = await api.post("/api/v1/groups", { data: { displayName: `Walkers ${tag}` } });
  expect(group.status(), await group.text()).toBe(201);
  const groupId = (await group.json()).id as string;
  expect((await api.post(`/api/v1/groups/${groupId}/members`, { data: { userIds: [userId] } })).status()).toBeLessThan(300);
  expect((await api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType: "user", principalId: userId, roleId: "default-access" } })).status()).toBe(201);
  const od = await api.post(`/api/v1/apps/${appId}/provisioning/provision-on-demand`, { data: { userId } });
  expect(od.status(), await od.text()).toBe(200);
  const on = await api.patch(`/api/v1/apps/${appId}/provisioning`, { data: { mode: "automatic", status: "on", notificationEmail: "walk@provisio.test" } });
  expect(on.status(), await on.text()).toBe(200);
  // a finished cycle, so the Overview has a history and a chart
  await expect.poll(async () => ((await (await api.get(`/api/v1/apps/${appId}/provisioning/status`)).json()).lastCycle ?? null) !== null, { timeout: 150_000 }).toBe(true);
  const mappings = (await (await api.get(`/api/v1/apps/${appId}/provisioning/mappings`)).json()).items as { id: string; sourceObject: string }[];
  return { appId, appName, userId, groupId, usersMappingId: mappings.find((m) => m.sourceObject === "user")!.id, close: () => target.close() };
}
