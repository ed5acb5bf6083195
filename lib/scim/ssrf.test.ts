import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimTarget, type ScimTarget } from "@/e2e/targets/scim-target";
import { ScimClient } from "./client";
import { assertUrlAllowed, isPrivateAddress } from "./ssrf";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255",
    "169.254.169.254", "169.254.0.1", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "224.0.0.1", "not-an-ip",
  ])("%s is refused", (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is allowed", (ip) =>
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

  it("does not follow redirects", async () => {
    const http = await import("node:http");
    const srv = http.createServer((_q, s) => {
      s.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" });
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
