// Issue 14 item 9: a database outage is a 503 with Retry-After (JSON envelope on /api, SCIM error
// on /scim/v2), not a 500 "internal".
import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import net from "node:net";
import { encode } from "next-auth/jwt";

describe("[SECURITY][DB] database down", () => {
  it("an authenticated API request and a SCIM request answer 503 with Retry-After", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/nowhere`;
    process.env.NEXTAUTH_SECRET ??= "x".repeat(40);
    process.env.PROVISIO_ENCRYPTION_KEY ??= Buffer.alloc(32, 1).toString("base64");
    const { resetEnvCache } = await import("../env");
    resetEnvCache();
    const { handle } = await import("./route");
    const { runScim } = await import("../scim-server/http");
    const token = await encode({ secret: process.env.NEXTAUTH_SECRET!, maxAge: 600, token: { sub: "someone", tv: 0, typ: "api" } });
    const route = handle({ method: "GET", path: "/api/v1/x", summary: "x", role: "reader" }, async () => ({ ok: true }));
    const res = await route(new NextRequest("http://localhost/api/v1/x", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await res.json()).error.code).toBe("unavailable");

    const scim = await runScim(new NextRequest("http://localhost/scim/v2/Users", { headers: { authorization: "Bearer scim-token-xyz" } }), ["Users"], async () => ({ status: 200, body: {} }));
    expect(scim.status).toBe(503);
    expect(scim.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(scim.headers.get("content-type")).toContain("application/scim+json");
    expect((await scim.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  }, 30_000);
});
