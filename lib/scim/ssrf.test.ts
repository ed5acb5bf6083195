import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimTarget, type ScimTarget } from "@/e2e/targets/scim-target";
import { ScimClient } from "./client";
import type dns from "node:dns";
import { assertUrlAllowed, createGuardedLookup, isPrivateAddress, SsrfBlockedError } from "./ssrf";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255",
    "169.254.169.254", "169.254.0.1", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "224.0.0.1", "not-an-ip",
    // IPv4 edges of every block
    "10.255.255.255", "172.20.1.1", "192.168.255.255", "192.0.0.8", "198.18.0.1", "198.19.255.255", "240.0.0.1", "255.255.255.255", "0.1.2.3", "239.255.255.250",
    // IPv6: site-local, multicast, zone ids, NAT64 and 6to4 embedding private IPv4, the AWS IPv6 metadata address
    "fec0::1", "ff02::1", "fe80::1%eth0", "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "fd00:ec2::254",
    // IPv4 inside IPv6, every spelling: mapped, compatible, translated (SIIT), full form, hex
    "::ffff:192.168.1.1", "::ffff:172.16.0.1", "::ffff:100.64.0.1", "::ffff:a9fe:a9fe", "::127.0.0.1", "::ffff:0:127.0.0.1", "::ffff:0:7f00:1",
    "::ffff:0:a9fe:a9fe", "0:0:0:0:0:ffff:127.0.0.1", "0000:0000:0000:0000:0000:ffff:0a00:0001", "::FFFF:7F00:1",
  ])("%s is refused", (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "172.15.255.255", "192.169.0.1", "11.0.0.1", "100.63.255.255", "198.20.0.1", "2001:4860:4860::8888", "::ffff:1.1.1.1", "::ffff:0:8.8.8.8"])("%s is allowed", (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
});

describe("assertUrlAllowed", () => {
  it("only http(s)", () => {
    expect(() => assertUrlAllowed("file:///etc/passwd", { allowPrivate: true })).toThrow(/Only http and https/);
    expect(() => assertUrlAllowed("gopher://x", { allowPrivate: false })).toThrow(/Only http and https/);
  });
  it("IP literals, including odd spellings the URL parser normalises", () => {
    for (const u of ["http://127.0.0.1/", "http://0x7f000001/", "http://2130706433/", "http://[::ffff:127.0.0.1]/", "http://[::1]:8080/", "http://169.254.169.254/latest/meta-data"]) {
      expect(() => assertUrlAllowed(u, { allowPrivate: false }), u).toThrow(/PROVISIO_ALLOW_PRIVATE_TARGETS=true/);
    }
    expect(assertUrlAllowed("http://127.0.0.1/", { allowPrivate: true }).hostname).toBe("127.0.0.1");
  });
  it("more spellings of loopback and metadata: short, octal, hex, IPv6 forms", () => {
    for (const u of ["http://0/", "http://127.1/", "http://017700000001/", "http://0x7f.1/", "http://[::ffff:a9fe:a9fe]/", "http://[fd00:ec2::254]/latest", "http://[::ffff:0:127.0.0.1]/", "https://[0:0:0:0:0:ffff:7f00:1]:8443/", "http://169.254.169.254.:80/"]) {
      expect(() => assertUrlAllowed(u, { allowPrivate: false }), u).toThrow(/PROVISIO_ALLOW_PRIVATE_TARGETS=true/);
    }
  });
  it("user-info in the URL does not hide the host", () => {
    expect(() => assertUrlAllowed("http://example.com@127.0.0.1/", { allowPrivate: false })).toThrow(/private target/);
    expect(() => assertUrlAllowed("http://user:pw@[::1]/", { allowPrivate: false })).toThrow(/private target/);
  });
});

describe("createGuardedLookup (DNS answers)", () => {
  const lookup = (answers: Array<{ address: string; family: number }>, options: dns.LookupOptions = {}) =>
    new Promise<{ err: unknown; address?: unknown; family?: unknown }>((resolve) => {
      const fn = createGuardedLookup({ allowPrivate: false, resolve: async () => answers }) as unknown as (h: string, o: dns.LookupOptions, cb: (err: unknown, address?: unknown, family?: unknown) => void) => void;
      fn("target.example", options, (err, address, family) => resolve({ err, address, family }));
    });
  it.each([
    ["IPv6 loopback", [{ address: "::1", family: 6 }]],
    ["IPv6 unique-local (AWS metadata)", [{ address: "fd00:ec2::254", family: 6 }]],
    ["IPv4-mapped private", [{ address: "::ffff:10.0.0.5", family: 6 }]],
    ["cloud metadata (metadata.google.internal style)", [{ address: "169.254.169.254", family: 4 }]],
    ["public v4 + private v6 (rebinding tell)", [{ address: "93.184.216.34", family: 4 }, { address: "fe80::1", family: 6 }]],
  ])("refuses a name resolving to %s", async (_label, answers) => {
    const r = await lookup(answers);
    expect(r.err).toBeInstanceOf(SsrfBlockedError);
  });
  it("refuses when the private answer is hidden behind a family filter too", async () => {
    const r = await lookup([{ address: "93.184.216.34", family: 4 }, { address: "::1", family: 6 }], { family: 6 });
    expect(r.err).toBeInstanceOf(SsrfBlockedError);
  });
  it("hands the socket exactly the checked public address", async () => {
    const r = await lookup([{ address: "93.184.216.34", family: 4 }]);
    expect(r).toEqual({ err: null, address: "93.184.216.34", family: 4 });
  });
  it("an empty answer is a DNS failure, not a pass", async () => {
    const r = await lookup([]);
    expect(r.err).toMatchObject({ code: "ENOTFOUND" });
  });
});

describe("guarded requests", () => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget();
  });
  afterAll(() => t.close());
  const auth = { type: "bearer", token: "test-token" } as const;

  it("refuses a loopback target unless allowPrivate, with a message naming the switch", async () => {
    const c = new ScimClient({ baseUrl: t.baseUrl, auth, allowPrivate: false });
    const err = await c.list("Users").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ssrf_blocked", kind: "permanent" });
    expect(String((err as Error).message)).toMatch(/private.*PROVISIO_ALLOW_PRIVATE_TARGETS=true/s);
    expect(t.requests).toHaveLength(0);
  });

  it("refuses a name that resolves to a private address (DNS checked, then pinned)", async () => {
    const port = new URL(t.url).port;
    const c = new ScimClient({ baseUrl: `http://localhost:${port}/scim/v2`, auth });
    await expect(c.list("Users")).rejects.toMatchObject({ code: "ssrf_blocked" });
    // rebinding-style answer: public + private → refused as a whole
    const c2 = new ScimClient({
      baseUrl: `http://rebind.example:${port}/scim/v2`,
      auth,
      resolve: async () => [{ address: "93.184.216.34", family: 4 }, { address: "127.0.0.1", family: 4 }],
    });
    await expect(c2.list("Users")).rejects.toMatchObject({ code: "ssrf_blocked" });
    expect(t.requests).toHaveLength(0);
  });

  it("the OAuth token endpoint goes through the same guard", async () => {
    const c = new ScimClient({
      baseUrl: "https://scim.example.com/scim/v2",
      auth: { type: "oauth2_client_credentials", tokenUrl: "http://169.254.169.254/latest/api/token", clientId: "id", clientSecret: "secret" },
      allowPrivate: false,
      resolve: async () => [{ address: "93.184.216.34", family: 4 }],
    });
    await expect(c.list("Users")).rejects.toMatchObject({ code: "ssrf_blocked" });
    c.close();
  });

  it("connects to the address it checked, not a second resolution", async () => {
    const port = new URL(t.url).port;
    let calls = 0;
    const c = new ScimClient({
      baseUrl: `http://scim.test:${port}/scim/v2`,
      auth,
      allowPrivate: true,
      resolve: async () => (calls++, [{ address: "127.0.0.1", family: 4 }]),
    });
    await c.list("Users");
    await c.list("Users"); // keep-alive: same socket, no new lookup
    expect(calls).toBe(1);
    expect(t.requests.at(-1)!.headers.host).toBe(`scim.test:${port}`);
    c.close();
  });

  it.each([301, 302, 303, 307, 308])("does not follow redirects (%i)", async (status) => {
    const http = await import("node:http");
    const srv = http.createServer((_q, s) => {
      s.writeHead(status, { location: "http://169.254.169.254/latest/meta-data" });
      s.end();
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as { port: number }).port;
    const c = new ScimClient({ baseUrl: `http://127.0.0.1:${port}`, auth, allowPrivate: true });
    await expect(c.list("Users")).rejects.toMatchObject({ code: "redirect_refused", kind: "permanent" });
    c.close();
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  });
});
