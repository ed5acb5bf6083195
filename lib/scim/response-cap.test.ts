// Issue 14 item 10: a target answering hundreds of MB must not fill the web process's memory.
// Real local servers: one streams without end (chunked), one declares a huge Content-Length.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConnection } from "./diagnose";
import { createTransport, DEFAULT_MAX_RESPONSE_BYTES } from "./transport";

const CHUNK = Buffer.alloc(64 * 1024, "x");
let server: http.Server;
let base = "";
let streamed = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.includes("/declared")) {
      res.writeHead(200, { "content-type": "application/scim+json", "content-length": String(300 * 1024 * 1024) });
      res.write(CHUNK);
      return; // never finishes: the client must not wait for the rest
    }
    // endless chunked body, written as fast as the client reads (300 MB if nobody stops it)
    res.writeHead(200, { "content-type": "application/scim+json" });
    let sent = 0;
    const pump = () => {
      while (sent < 300 * 1024 * 1024) {
        sent += CHUNK.length;
        streamed += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

describe("[SECURITY][TARGETS] response size cap", () => {
  it("stops reading at the cap (streamed, chunked) and at a declared Content-Length over it", async () => {
    const send = createTransport({ allowPrivate: true, maxResponseBytes: 2 * 1024 * 1024 });
    try {
      const before = process.memoryUsage().rss;
      streamed = 0;
      await expect(send({ method: "GET", url: `${base}/scim/v2/Users`, headers: {}, timeoutMs: 20_000 })).rejects.toMatchObject({ code: "response_too_large" });
      // the server got to write little more than the cap plus socket buffers, not 300 MB
      expect(streamed).toBeLessThan(40 * 1024 * 1024);
      expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
      // the declared body never finishes: without the check on Content-Length this would end in a timeout
      await expect(send({ method: "GET", url: `${base}/declared`, headers: {}, timeoutMs: 20_000 })).rejects.toMatchObject({ code: "response_too_large" });
    } finally {
      send.close();
    }
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(4 * 1024 * 1024);
  });

  it("Test Connection says what happened, with the limit and the setting", async () => {
    const r = await testConnection({ baseUrl: `${base}/scim/v2`, auth: { type: "bearer", token: "cap-secret-token" }, allowPrivate: true, maxResponseBytes: 1024 * 1024 });
    expect(r).toMatchObject({ ok: false, code: "response_too_large" });
    expect(r.message).toMatch(/more data than Provisio reads \(1 MB\).*PROVISIO_MAX_RESPONSE_MB/);
    expect(JSON.stringify(r)).not.toContain("cap-secret-token");
  });
});
