// Every job of a process talks to one target through one limiter and one token (issue 12,
// item 7). Each sync slice builds its own client (buildAppClient); these tests build several,
// as concurrent jobs would, and count what the real local target receives.
import { afterAll, describe, expect, it } from "vitest";
import { actor, db, scimApp, uniq } from "../test/sync-fixture";
import { startGoToTarget } from "../../e2e/targets/goto-target";
import { startScimTarget } from "../../e2e/targets/scim-target";
const { buildAppClient, saveCredentials } = await import("./credentials");
const { createApp } = await import("./apps");
const { resetSharedTargets } = await import("../scim/shared");

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
  resetSharedTargets();
});

describe("[TARGET] Retry-After and tokens are per target, shared by every job in the process", () => {
  it("after a 503 with Retry-After, no request of any job reaches the target before the time", async () => {
    const { app, target } = await scimApp();
    closers.push(() => target.close());
    const jobs = await Promise.all([1, 2, 3].map(() => buildAppClient(app.id, { retry: { maxRetries: 0 } })));
    await jobs[0]!.list("Users", { count: 1 }); // warm: discovery done, connections open
    target.inject({ kind: "status", status: 503, retryAfter: 2 }, { times: 1, method: "GET" });
    const sentAt = target.requests.length;
    // Each job keeps several requests in flight, as a page of writes does.
    const results = await Promise.allSettled(jobs.flatMap((c) => Array.from({ length: 8 }, () => c.list("Users", { count: 1 }))));
    const seen = target.requests.slice(sentAt);
    const refused = seen.find((r) => r.status === 503)!;
    expect(refused).toBeDefined();
    // Requests already on the wire when the 503 went out may land just after it; nothing sent later does until 2 s have passed.
    const inWindow = seen.filter((r) => r.at > refused.at + 100 && r.at < refused.at + 2000);
    expect(inWindow).toEqual([]);
    // At most 8 requests (the target's concurrency cap, shared by the jobs) were in flight with the refused one: the other 16 waited.
    expect(seen.filter((r) => r.at >= refused.at + 2000).length).toBeGreaterThanOrEqual(16);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(20);
    for (const c of jobs) c.close();
  });

  it("a Retry-After longer than a job waits in line hands the object back without sending anything", async () => {
    const { app, target } = await scimApp();
    closers.push(() => target.close());
    const a = await buildAppClient(app.id);
    const b = await buildAppClient(app.id);
    target.inject({ kind: "status", status: 429, retryAfter: 3600 }, { times: 1, method: "GET" });
    await expect(a.list("Users", { count: 1 })).rejects.toMatchObject({ kind: "transient", status: 429 });
    const before = target.requests.length;
    await expect(b.list("Users", { count: 1 })).rejects.toMatchObject({ kind: "transient", code: "retry_after" });
    expect(target.requests.length).toBe(before); // nothing sent
    a.close();
    b.close();
  });

  it("OAuth: one token for all jobs while it lives; a 401 seen by many requests at once refreshes it once", async () => {
    const target = await startScimTarget({ auth: { type: "oauth2", clientId: "prov", clientSecret: "s3cret", tokenLifetimeSec: 3600 } });
    closers.push(() => target.close());
    const app = await createApp(actor, { templateId: "scim", displayName: uniq("OAuth app") });
    await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, authMethod: "oauth2_client_credentials", tokenUrl: target.tokenUrl, clientId: "prov", clientSecret: "s3cret" });
    const tokenRequests = () => target.requests.filter((r) => r.path.endsWith("/oauth/token")).length;
    const jobs = await Promise.all([1, 2, 3, 4].map(() => buildAppClient(app.id)));
    await Promise.all(jobs.flatMap((c) => [c.list("Users", { count: 1 }), c.list("Groups", { count: 1 })]));
    // a job started later (a new slice) reuses it too
    const later = await buildAppClient(app.id);
    await later.list("Users", { count: 1 });
    expect(tokenRequests()).toBe(1);

    target.revokeTokens();
    await Promise.all([...jobs, later].flatMap((c) => [c.list("Users", { count: 1 }), c.list("Users", { count: 1 })]));
    expect(tokenRequests()).toBe(2);
    expect(target.requests.filter((r) => r.status === 401).length).toBeGreaterThan(1); // many were rejected; one refresh
    for (const c of [...jobs, later]) c.close();
  });

  it("GoToMeeting (password grant): one token for every job of the process", async () => {
    const goto = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: "pw-goto" });
    closers.push(() => goto.close());
    const app = await createApp(actor, { templateId: "gotomeeting", displayName: uniq("GoTo") });
    await saveCredentials(actor, app.id, { adminUsername: "admin@goto.test", adminPassword: "pw-goto", baseUrl: goto.baseUrl, tokenUrl: goto.tokenUrl });
    const jobs = await Promise.all([1, 2, 3].map(() => buildAppClient(app.id)));
    for (let i = 0; i < 3; i++) await Promise.all(jobs.map((c) => c.list("Users", { count: 1 })));
    expect(goto.requests.filter((r) => r.path === "/oauth/v2/token").length).toBe(1);
    for (const c of jobs) c.close();
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
  });
});
