import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import net from "node:net";

describe("[HEALTH] database down", () => {
  it("answers 503 with database unreachable when Postgres cannot be reached", async () => {
    // A port nothing listens on: take a free one and close it.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/nowhere`;
    process.env.NEXTAUTH_SECRET ??= "x".repeat(40);
    process.env.PROVISIO_ENCRYPTION_KEY ??= Buffer.alloc(32, 1).toString("base64");
    const { resetEnvCache } = await import("../env");
    resetEnvCache();
    const { GET } = await import("../../app/api/health/route");
    const res = await GET(new NextRequest("http://localhost/api/health"), { params: Promise.resolve({}) });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", database: "unreachable" });
  });
});
