// Users pages against a slow target (stream.ts): the next page's requests go out before the page
// ahead of it has its last answers, so the target is not left idle while a page ends, is recorded
// and the next one is read.
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, runCycle, scimApp, targetUsers } from "../test/sync-fixture";
import { PAGE_SIZE } from "./policy";
import { managersInFlight } from "./stream";
import type { Preloaded } from "./write-object";
const { updateUser } = await import("../directory/users");

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe("[SYNC] users pages without a barrier", () => {
  it("a page's creates start before the page ahead of it has its last answer", async () => {
    const LATENCY_MS = 500;
    const { app, target } = await scimApp({ target: { latencyMs: LATENCY_MS } });
    cleanups.push(() => target.close());
    // more than a page of users: a page boundary with creates on both sides
    const n = PAGE_SIZE + 60;
    for (let i = 0; i < n; i++) await assign(app.id, (await newUser()).id);
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(n);

    // The pages as the users phase read them: every directory user in id order, PAGE_SIZE at a time.
    const all = await db.directoryUser.findMany({ select: { id: true, userPrincipalName: true }, orderBy: { id: "asc" } });
    const pageOf = new Map(all.map((u, i) => [u.userPrincipalName.toLowerCase(), Math.floor(i / PAGE_SIZE)]));
    // when each page's creates reached the target (each answered LATENCY_MS after it arrived)
    const creates = new Map<number, number[]>();
    for (const r of target.requests) {
      if (r.method !== "POST" || !r.path.endsWith("/Users")) continue;
      const page = pageOf.get(String((r.body as { userName?: string }).userName).toLowerCase())!;
      creates.set(page, [...(creates.get(page) ?? []), r.at]);
    }
    const pages = [...creates.keys()].sort((a, b) => a - b);
    const boundaries = pages.slice(1).map((page, i) => ({
      lastAnswerBefore: Math.max(...creates.get(pages[i]!)!) + LATENCY_MS,
      firstCreate: Math.min(...creates.get(page)!),
    }));
    expect(boundaries.length).toBeGreaterThan(0);
    // Page by page, a page's first create came after the last answer of the page before (then its records, then the next read).
    for (const b of boundaries) expect(b.firstCreate).toBeLessThan(b.lastAnswerBefore);
  }, 180_000);

  it("a user whose manager is still being written by the page before gets the manager in its create, not in a later PATCH", async () => {
    const { app, target } = await scimApp({ target: { latencyMs: 300 } });
    cleanups.push(() => target.close());
    const mine = new Set<string>();
    for (let i = 0; i < PAGE_SIZE + 60; i++) {
      const u = await newUser();
      mine.add(u.id);
      await assign(app.id, u.id);
    }
    // The pages as the users phase reads them (every directory user, in id order): this app's
    // users in each page after the first report to this app's last users of the page before,
    // whose writes are the last to end when the next page's writes start.
    const all = await db.directoryUser.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const pages: string[][] = [];
    all.forEach((u, i) => {
      if (mine.has(u.id)) (pages[Math.floor(i / PAGE_SIZE)] ??= []).push(u.id);
    });
    const managerOf = new Map<string, string>();
    for (let k = 1; k < pages.length; k++) {
      const tail = (pages[k - 1] ?? []).slice(-40);
      if (!tail.length) continue;
      (pages[k] ?? []).forEach((id, j) => managerOf.set(id, tail[j % tail.length]!));
    }
    expect(managerOf.size).toBeGreaterThan(40);
    for (const [id, manager] of managerOf) await updateUser(actor, id, { managerId: manager });

    await runCycle(app.id);
    const users = await db.directoryUser.findMany({ where: { id: { in: [...mine] } }, select: { id: true, userPrincipalName: true } });
    const upn = new Map(users.map((u) => [u.id, u.userPrincipalName]));
    expect(targetUsers(target)).toHaveLength(mine.size);
    for (const [id, manager] of managerOf) {
      const report = findTargetUser(target, upn.get(id)!)!;
      expect((report[ENTERPRISE] as { manager?: { value?: string } } | undefined)?.manager?.value).toBe(findTargetUser(target, upn.get(manager)!)!.id);
    }
    // every manager went out with its user's create: no PATCH sent the manager afterwards
    const managerPatches = target.requests.filter((r) => r.method === "PATCH" && r.path.includes("/Users/") && JSON.stringify(r.body).includes("manager"));
    expect(managerPatches).toHaveLength(0);
  }, 180_000);
});

describe("[SYNC] which users wait for their manager's write", () => {
  it("only those whose manager has no (or a deleted) link and is written by an earlier page", () => {
    const user = (id: string, managerId: string | null) => [id, { id, managerId }] as const;
    const link = (state: string) => ({ targetId: "t", exported: {}, state });
    const pre = {
      users: new Map([user("a", "m1"), user("b", "m2"), user("c", "m3"), user("d", "m4"), user("e", null), user("f", "f")]),
      links: new Map([["m1", null], ["m2", link("active")], ["m3", link("deleted")], ["m4", null], ["f", null]]),
    } as unknown as Preloaded;
    // m4 is not in flight (a later page, or its write had ended before the links were read)
    expect(managersInFlight(pre, new Set(["m1", "m2", "m3", "f"]))).toEqual(new Map([["a", "m1"], ["c", "m3"]]));
  });
});
