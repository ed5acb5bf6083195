import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startScimTarget, type ScimTarget } from "@/e2e/targets/scim-target";
import { classifyStatus, ScimError } from "./errors";
import { ScimClient, backoffDelay, parseRetryAfter, type ScimClientOptions } from "./client";
import { scimFilter } from "./filter";
import type { RawResponse, Transport } from "./transport";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
let t: ScimTarget;
const clients: ScimClient[] = [];
const mk = (o: Partial<ScimClientOptions> = {}) => {
  const c = new ScimClient({ baseUrl: t.baseUrl, auth: { type: "bearer", token: "test-token" }, allowPrivate: true, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...o });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  t = await startScimTarget({ maxResults: 7, bulk: true });
});
afterEach(() => {
  vi.useRealTimers();
  t.reset();
  clients.splice(0).forEach((c) => c.close());
});
afterAll(() => t.close());

// An in-memory target on a fake clock: when each request reached it is exact, so the limiter's
// waits are checked to the millisecond without depending on how loaded the machine is.
const LIST_OK: RawResponse = { status: 200, headers: {}, text: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, Resources: [] }) };
function clockedTarget() {
  const arrivals: number[] = [];
  const answers: RawResponse[] = [];
  const transport: Transport = async () => {
    arrivals.push(Date.now());
    return answers.shift() ?? LIST_OK;
  };
  return { arrivals, transport, answer: (r: RawResponse) => answers.push(r) };
}
const T0 = 1_700_000_000_000;

const user = (n: number | string) => ({ userName: `user${n}@x.io`, "name.givenName": `U${n}`, "name.familyName": "Test", active: true });

describe("classification", () => {
  it.each([
    [200, "ok"], [201, "ok"], [204, "ok"], [400, "permanent"], [401, "auth"], [403, "auth"], [404, "not_found"],
    [405, "permanent"], [408, "transient"], [409, "conflict"], [412, "permanent"], [413, "permanent"], [422, "permanent"],
    [429, "transient"], [500, "transient"], [502, "transient"], [503, "transient"], [504, "transient"],
  ])("%i → %s", (status, kind) => expect(classifyStatus(status)).toBe(kind));

  it.each([
    [500, "transient"], [503, "transient"], [400, "permanent"], [403, "auth"], [404, "not_found"], [409, "conflict"],
  ] as const)("a %i from the wire throws kind %s", async (status, kind) => {
    const c = mk({ retry: { maxRetries: 0 } });
    t.inject({ kind: "status", status });
    const err = (await c.list("Users").catch((e: unknown) => e)) as ScimError;
    expect(err).toBeInstanceOf(ScimError);
    expect(err.kind).toBe(kind);
    expect(err.status).toBe(status);
  });

  it("a permanent 400 is not retried; a 503 is, then succeeds", async () => {
    const c = mk();
    t.inject({ kind: "status", status: 400 });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "permanent", attempts: 1 });
    expect(t.requests.filter((r) => r.path.endsWith("/Users"))).toHaveLength(1);
    t.requests.length = 0;
    t.inject({ kind: "status", status: 503 }, { times: 2 });
    const page = await c.list("Users");
    expect(page.totalResults).toBe(0);
    expect(t.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("gives up after maxRetries with the last transient error", async () => {
    const c = mk({ retry: { maxRetries: 2, baseDelayMs: 1 } });
    t.inject({ kind: "status", status: 500 }, { times: 10 });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "transient", attempts: 3, status: 500 });
  });

  it("connection reset and malformed JSON", async () => {
    const c = mk({ retry: { maxRetries: 0 } });
    t.inject({ kind: "reset" });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "transient", code: "connection_reset" });
    t.inject({ kind: "malformed-json" });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "permanent", code: "invalid_json" });
    t.inject({ kind: "non-scim-json" });
    await expect(c.list("Users")).rejects.toMatchObject({ code: "not_scim" });
  });

  it("times out a slow answer as transient", async () => {
    const c = mk({ retry: { maxRetries: 0 }, timeoutMs: 100 });
    t.inject({ kind: "latency", ms: 400 });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "transient", code: "timeout" });
  });

  it("does not blindly repeat a POST after a 500 (the engine matches first)", async () => {
    const c = mk();
    t.inject({ kind: "status", status: 500 }, { method: "POST" });
    await expect(c.createFromFlat("Users", user(1))).rejects.toMatchObject({ kind: "transient", attempts: 1 });
  });
});

describe("Retry-After", () => {
  it("parses seconds and HTTP dates", () => {
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("garbage", now)).toBeUndefined();
    expect(parseRetryAfter("Mon, 01 Jan 2023 00:00:05 GMT", now)).toBe(0);
  });

  it("waits the seconds the target asked for (arrival times recorded by the target)", async () => {
    const c = mk();
    t.inject({ kind: "status", status: 429, retryAfter: 1 });
    await c.list("Users");
    const [first, second] = t.requests;
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(200);
    // a lower bound only: a loaded machine can make the retry later, never earlier
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
  });

  it("retries exactly when Retry-After says, not later (fake clock)", async () => {
    vi.useFakeTimers({ now: T0 });
    const f = clockedTarget();
    f.answer({ status: 429, headers: { "retry-after": "1" }, text: "" });
    const c = mk({ transport: f.transport });
    const done = c.list("Users");
    await vi.advanceTimersByTimeAsync(999);
    expect(f.arrivals).toEqual([T0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.arrivals).toEqual([T0, T0 + 1000]);
    await expect(done).resolves.toMatchObject({ totalResults: 0 });
  });

  it("honours an HTTP-date Retry-After", async () => {
    const c = mk();
    const when = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    t.inject({ kind: "status", status: 429, retryAfter: when.toUTCString() });
    await c.list("Users");
    const second = t.requests[1]!;
    expect(second.status).toBe(200);
    expect(second.at).toBeGreaterThanOrEqual(when.getTime() - 5);
  });

  it("hands back a Retry-After beyond the cap instead of sleeping", async () => {
    const c = mk({ retry: { maxRetryAfterMs: 1000 } });
    t.inject({ kind: "status", status: 429, retryAfter: 3600 });
    await expect(c.list("Users")).rejects.toMatchObject({ kind: "transient", status: 429, retryAfterMs: 3_600_000 });
    expect(t.requests).toHaveLength(1);
  });

  it("fewer requests in flight after a 429 (AIMD), more again as answers come back", async () => {
    // A transport that holds every request until released: how many are in flight at once is exact.
    const held: Array<(r: RawResponse) => void> = [];
    const transport: Transport = () => new Promise<RawResponse>((r) => held.push(r));
    // A clock of its own, moved 10 ms per round trip: every answer's latency is exactly 10 ms. On
    // the wall clock a loaded machine's event-loop stall read as the target slowing down, and AIMD
    // rightly held the limit (the test failed in CI, never alone).
    let clock = 1_000;
    const c = mk({ transport, now: () => clock, retry: { maxRetries: 0 }, profile: { maxConcurrency: 8 } });
    const settle = async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    const burst = (n: number) => Array.from({ length: n }, () => c.list("Users").then(() => "ok", (e: ScimError) => e.status));
    // Unthrottled: 8 at once (the profile's cap), the ninth waits.
    let calls = burst(9);
    await settle();
    expect(held).toHaveLength(8);
    clock += 10;
    held.shift()!({ status: 429, headers: {}, text: "" });
    for (const r of held.splice(0)) r(LIST_OK);
    await settle();
    // 8 × 0.7 → 5 in flight: the ninth went out when the others answered
    expect(held).toHaveLength(1);
    clock += 10;
    held.shift()!(LIST_OK);
    expect((await Promise.all(calls)).filter((x) => x === 429)).toHaveLength(1);
    calls = burst(8);
    await settle();
    expect(held).toHaveLength(5);
    clock += 10;
    for (const r of held.splice(0)) r(LIST_OK);
    await settle();
    // five answers while five were in flight: +1 (additive increase, about one per round trip)
    expect(held).toHaveLength(3);
    for (const r of held.splice(0)) r(LIST_OK);
    await Promise.all(calls);
  });

  it("backoff grows and is capped", () => {
    const r = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 1 };
    expect(backoffDelay(1, r, () => 1)).toBe(100);
    expect(backoffDelay(3, r, () => 1)).toBe(400);
    expect(backoffDelay(10, r, () => 1)).toBe(1000);
    expect(backoffDelay(3, r, () => 0)).toBe(200);
  });
});

describe("resources", () => {
  it("creates, finds with an escaped filter, patches, disables, deletes", async () => {
    const c = mk();
    const created = await c.createFromFlat("Users", { ...user(1), userName: 'o"neil@x.io', [`${ENT}:employeeNumber`]: "7" });
    expect(created.id).toBeTruthy();
    const found = await c.findBy("Users", "userName", 'o"neil@x.io');
    expect(found.map((r) => r.id)).toEqual([created.id]);
    expect(t.requests.at(-1)!.query.filter).toBe('userName eq "o\\"neil@x.io"');

    const before = { displayName: null, title: "A", [`${ENT}:employeeNumber`]: "7", 'emails[type eq "work"].value': null };
    const after = { displayName: "O'Neil", title: null, [`${ENT}:employeeNumber`]: "8", 'emails[type eq "work"].value': "o@x.io" };
    expect(await c.updateFromFlat("Users", created.id!, before, after)).toBe(1);
    expect(await c.updateFromFlat("Users", created.id!, after, after)).toBe(0);
    const u = t.state.users.get(created.id!)!;
    expect(u.displayName).toBe("O'Neil");
    expect((u[ENT] as Record<string, unknown>).employeeNumber).toBe("8");
    expect(u.emails).toEqual([{ type: "work", value: "o@x.io" }]);

    expect(await c.disableUser(created.id!)).toBe("patched");
    expect(t.state.users.get(created.id!)!.active).toBe(false);
    expect(await c.delete("Users", created.id!)).toBe(true);
    expect(await c.delete("Users", created.id!)).toBe(false);
    expect(await c.get("Users", created.id!)).toBeNull();
  });

  it("409 on a duplicate userName is a conflict", async () => {
    const c = mk();
    await c.createFromFlat("Users", user(1));
    await expect(c.createFromFlat("Users", user(1))).rejects.toMatchObject({ kind: "conflict", status: 409 });
  });

  it("lists every page until totalResults (target caps pages at 7)", async () => {
    const c = mk();
    for (let i = 0; i < 23; i++) await c.createFromFlat("Users", user(i));
    t.requests.length = 0;
    const seen: string[] = [];
    for await (const r of c.listAll("Users", { pageSize: 10 })) seen.push(r.id!);
    expect(new Set(seen).size).toBe(23);
    expect(t.requests.map((r) => r.query.startIndex)).toEqual(["1", "8", "15", "22"]);
    const filtered = await c.list("Users", { filter: scimFilter.sw("userName", "user1") });
    expect(filtered.totalResults).toBe(11);
  });

  it("group membership add/remove chunked to maxMembersPerPatch", async () => {
    const c = mk({ profile: { maxMembersPerPatch: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await c.createFromFlat("Users", user(i))).id!);
    const g = await c.createFromFlat("Groups", { displayName: "Eng", members: [{ value: ids[0]! }] });
    t.requests.length = 0;
    const n = await c.updateFromFlat("Groups", g.id!, { displayName: "Eng", members: [{ value: ids[0]! }] }, { displayName: "Eng", members: ids.slice(1).map((value) => ({ value })) });
    expect(n).toBe(4); // 7 adds in 3+3+1, one removal
    const patches = t.requests.filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(4);
    const members = (t.state.groups.get(g.id!)!.members as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual(ids.slice(1).sort());
  });

  it("falls back to PUT when the profile says so", async () => {
    const c = mk({ profile: { usePut: true } });
    const u = await c.createFromFlat("Users", user(1));
    await c.updateFromFlat("Users", u.id!, user(1), { ...user(1), displayName: "New" });
    expect(t.requests.at(-1)!.method).toBe("PUT");
    expect(t.state.users.get(u.id!)!.displayName).toBe("New");
  });

  it("uses /Bulk when advertised and reports per-operation results", async () => {
    const c = mk();
    expect(await c.bulkSupported()).toBe(true);
    const body = c.buildResource("Users", user("b1"));
    const results = await c.bulk([
      { method: "POST", path: "/Users", bulkId: "a", data: body },
      { method: "POST", path: "/Users", bulkId: "b", data: body },
      { method: "POST", path: "/Groups", bulkId: "g", data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "G", members: [{ value: "bulkId:a" }] } },
    ]);
    expect(results.map((r) => [r.ok, r.status])).toEqual([[true, 201], [false, 409], [true, 201]]);
    expect(results[1]!.error?.kind).toBe("conflict");
    expect(t.state.groups.size).toBe(1);
  });

  it("discovery is fetched once per client", async () => {
    const c = mk();
    const [a, b] = await Promise.all([c.discover(), c.discover()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ discovered: true, patch: true, bulk: { supported: true, maxOperations: 50 }, filter: { supported: true, maxResults: 7 } });
    await c.discover();
    expect(t.requests.filter((r) => r.path.endsWith("/ServiceProviderConfig"))).toHaveLength(1);
  });

  it("honours the per-target concurrency limit", async () => {
    const c = mk({ profile: { maxConcurrency: 2 } });
    t.inject({ kind: "latency", ms: 100 }, { times: 6 });
    await Promise.all(Array.from({ length: 6 }, () => c.list("Users")));
    const ats = t.requests.map((r) => r.at).sort((a, b) => a - b);
    // 6 requests, 2 at a time, ~100 ms each → the last starts ≥ 2 rounds after the first
    expect(ats[5]! - ats[0]!).toBeGreaterThanOrEqual(180);
  });
});

describe("dry run", () => {
  it("records mutations and sends none", async () => {
    const c = mk({ dryRun: true });
    const created = await c.createFromFlat("Users", user(1));
    await c.updateFromFlat("Users", created.id!, user(1), { ...user(1), displayName: "X" });
    await c.disableUser(created.id!);
    await c.delete("Users", created.id!);
    await c.list("Users");
    expect(t.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(t.state.users.size).toBe(0);
    expect(c.dryRunLog.map((r) => r.method)).toEqual(["POST", "PATCH", "PATCH", "DELETE"]);
    expect(c.dryRunLog[0]!.url).toBe(`${t.baseUrl}/Users`);
    expect(c.dryRunLog[0]!.body).toMatchObject({ userName: "user1@x.io" });
  });
});

describe("redaction", () => {
  it("keeps the token out of errors and logs", async () => {
    const secret = "s3cr3t-token-value";
    const lines: string[] = [];
    const c = mk({ auth: { type: "bearer", token: secret }, retry: { maxRetries: 0 }, onRequest: (e) => lines.push(JSON.stringify(e)) });
    t.inject({ kind: "status", status: 400, body: { detail: `bad token ${secret}` } });
    const err = (await c.list("Users").catch((e: unknown) => e)) as ScimError;
    const all = JSON.stringify(err.toJSON()) + err.message + lines.join("");
    expect(all).not.toContain(secret);
    expect(all).toContain("[redacted]");
  });

  // Issue 14 item 12: a target that echoes the secret transformed (URL-encoded, lower-cased,
  // base64) must not get it into the error, the stored response body or the request log.
  it("keeps the token out when the target echoes it URL-encoded, re-cased or base64-encoded", async () => {
    const secret = "Tok/en+Va=lue Secret-9Z";
    const basic = { type: "oauth2_client_credentials", tokenUrl: "", clientId: "id", clientSecret: secret } as const;
    const echoes = [
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      encodeURIComponent(secret).replace(/%20/g, "+"),
      encodeURIComponent(encodeURIComponent(secret)),
      secret.toLowerCase(),
      secret.toUpperCase(),
      Buffer.from(secret).toString("base64"),
      Buffer.from(secret).toString("base64url"),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const echo of echoes) {
      const lines: string[] = [];
      const c = mk({ auth: { type: "bearer", token: secret }, retry: { maxRetries: 0 }, onRequest: (e) => lines.push(JSON.stringify(e)) });
      t.inject({ kind: "status", status: 400, body: { detail: `bad token ${echo} (echoed)`, scimType: "invalidValue" } });
      const err = (await c.list("Users").catch((e: unknown) => e)) as ScimError;
      const all = JSON.stringify(err.toJSON()) + err.message + lines.join("");
      expect(all.toLowerCase(), echo).not.toContain(echo.toLowerCase());
      expect(all, echo).toContain("(echoed)");
    }
    expect(basic.clientSecret).toBe(secret);
  });
});
