// The local test targets are honest witnesses: they keep exactly what a client sent (a
// duplicate the engine sends must be visible) and never change state for a caller they refuse.
import { afterAll, describe, expect, it } from "vitest";
import { scimPatch, type ScimPatchOperation } from "scim-patch";
import { startGoToTarget, type GoToTarget } from "./goto-target";
import { startScimTarget, type ScimTarget } from "./scim-target";

const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const t of open) await t.close();
});

const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

async function scim(): Promise<ScimTarget> {
  const t = await startScimTarget({ auth: { type: "bearer", token: "right" } });
  open.push(t);
  return t;
}
const call = (t: { baseUrl: string }, method: string, path: string, token: string, body?: unknown, type = "application/scim+json") =>
  fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": type }) }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("SCIM target", () => {
  it("keeps group members exactly as sent, duplicates included", async () => {
    const t = await scim();
    const u = (await (await call(t, "POST", "/Users", "right", { schemas: [SCIM_USER], userName: "a@contoso.test" })).json()) as { id: string };
    const res = await call(t, "POST", "/Groups", "right", { schemas: [SCIM_GROUP], displayName: "Team", members: [{ value: u.id }, { value: u.id }] });
    expect(res.status).toBe(201);
    const [g] = [...t.state.groups.values()] as unknown as { members: { value: string }[] }[];
    expect(g!.members.map((m) => m.value)).toEqual([u.id, u.id]);
    expect(t.requests.at(-1)!.body).toMatchObject({ members: [{ value: u.id }, { value: u.id }] });
  });

  it("member PATCHes end as scim-patch would end them (the target's fast path for member operations), and answer without members when asked", async () => {
    const t = await scim();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(((await (await call(t, "POST", "/Users", "right", { schemas: [SCIM_USER], userName: `m${i}@contoso.test` })).json()) as { id: string }).id);
    // deterministic pseudo-random op sequences (no Math.random: a failure can be replayed)
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pick = () => ({ value: ids[rnd(ids.length)]!, ...(rnd(3) === 0 ? { type: "User" } : {}) });
    for (let round = 0; round < 40; round++) {
      const start = Array.from({ length: 1 + rnd(8) }, pick);
      const g = (await (await call(t, "POST", "/Groups", "right", { schemas: [SCIM_GROUP], displayName: `G${round}`, members: start })).json()) as Record<string, unknown> & { id: string };
      const ops = Array.from({ length: 1 + rnd(4) }, () => {
        const k = rnd(3);
        if (k === 0) return { op: "add", path: "members", value: Array.from({ length: 1 + rnd(4) }, pick) };
        if (k === 1) return { op: "remove", path: "members", value: Array.from({ length: 1 + rnd(3) }, pick) };
        return { op: "remove", path: `members[value eq "${ids[rnd(ids.length)]}"]` };
      });
      let expected: unknown;
      try {
        const { meta: _m, ...rest } = t.state.groups.get(g.id)!;
        expected = (scimPatch({ ...rest, meta: { resourceType: "x", created: new Date(), lastModified: new Date() } } as never, ops as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true }) as unknown as { members?: unknown }).members;
      } catch {
        expected = "400";
      }
      const res = await call(t, "PATCH", `/Groups/${g.id}?excludedAttributes=members`, "right", { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops });
      if (expected === "400") {
        expect(res.status, JSON.stringify(ops)).toBe(400);
        continue;
      }
      expect(res.status, JSON.stringify(ops)).toBe(200);
      expect(await res.json()).not.toHaveProperty("members");
      expect(t.state.groups.get(g.id)!.members, JSON.stringify({ start, ops })).toEqual(expected);
    }
  });

  it("a refused token changes nothing", async () => {
    const t = await scim();
    const u = (await (await call(t, "POST", "/Users", "right", { schemas: [SCIM_USER], userName: "b@contoso.test" })).json()) as { id: string };
    expect((await call(t, "POST", "/Users", "wrong", { schemas: [SCIM_USER], userName: "c@contoso.test" })).status).toBe(401);
    expect((await call(t, "DELETE", `/Users/${u.id}`, "wrong")).status).toBe(401);
    expect((await call(t, "PATCH", `/Users/${u.id}`, "wrong", { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] })).status).toBe(401);
    expect([...t.state.users.values()].map((x) => [x.userName, x.active])).toEqual([["b@contoso.test", undefined]]);
  });
});

describe("GoTo target", () => {
  async function goto(opts: { teamAdmin?: boolean } = {}): Promise<{ t: GoToTarget; token: string }> {
    const t = await startGoToTarget({ adminUsername: "admin@contoso.test", adminPassword: "pw", ...opts });
    open.push(t);
    const res = await fetch(t.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "password", username: "admin@contoso.test", password: "pw" }) });
    return { t, token: ((await res.json()) as { access_token: string }).access_token };
  }
  const user = (name: string) => ({ userName: name, name: { givenName: "G", familyName: "F" } });

  it("checks the token before any write: a refused create, update or delete changes nothing", async () => {
    const { t, token } = await goto();
    const created = await call(t, "POST", "/Users", token, user("keep@contoso.test"), "application/json");
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await call(t, "POST", "/Users", "stale", user("new@contoso.test"), "application/json")).status).toBe(401);
    expect((await call(t, "PATCH", `/Users/${id}`, "stale", { displayName: "Changed" }, "application/json")).status).toBe(401);
    expect((await call(t, "DELETE", `/Users/${id}`, "stale")).status).toBe(401);
    expect([...t.state.users.values()].map((u) => [u.userName, u.displayName])).toEqual([["keep@contoso.test", "G F"]]);
    expect(t.violations).toEqual([]);
  });

  it("an admin without Team Admin rights gets 403 and changes nothing", async () => {
    const { t, token } = await goto({ teamAdmin: false });
    expect((await call(t, "POST", "/Users", token, user("x@contoso.test"), "application/json")).status).toBe(403);
    expect(t.state.users.size).toBe(0);
  });

  it("a body with unpublished properties is a violation and changes nothing", async () => {
    const { t, token } = await goto();
    expect((await call(t, "POST", "/Users", token, { ...user("y@contoso.test"), title: "t" }, "application/json")).status).toBe(400);
    expect(t.state.users.size).toBe(0);
    expect(t.violations.at(-1)).toMatchObject({ errors: expect.stringContaining("title") });
  });
});
