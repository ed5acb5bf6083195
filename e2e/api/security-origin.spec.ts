// The portal's origin (issue 14 item 15): X-Forwarded-Host/-Proto from an arbitrary client are
// never reflected into SCIM Location / meta.location, nor accepted by the CSRF check; the origin
// is NEXTAUTH_URL's (scheme and port included), or what a trusted proxy (127.0.0.3 in tests) forwards.
import { ADMIN, expect, signIn, test } from "../fixtures";
import { requestFrom, TRUSTED_PROXY } from "../security/from-address";
import { json, uid } from "../security/helpers";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

test.describe("[SECURITY][ORIGIN] forwarded headers are not reflected", () => {
  test("SCIM Location and meta.location use NEXTAUTH_URL; a trusted proxy's forwarded origin only when it is http(s)", async ({ api, baseURL }) => {
    const { token } = await json(await api.post("/api/v1/scim-tokens", { data: { name: `origin ${uid()}` } }), 201);
    const origin = process.env.NEXTAUTH_URL!;
    expect(origin).toBeTruthy();
    const create = (from: string, headers: Record<string, string>) =>
      requestFrom(from, baseURL!, "POST", "/scim/v2/Users", { headers: { Authorization: `Bearer ${token}`, "content-type": "application/scim+json", ...headers }, body: JSON.stringify({ schemas: [USER], userName: `origin-${uid()}@contoso.test` }) });
    const spoofed: Array<Record<string, string>> = [{ "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "javascript" }, { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" }, { Host: "evil.example" }];
    for (const headers of spoofed) {
      const r = await create("127.0.0.1", headers);
      expect(r.status, r.text).toBe(201);
      const body = r.json<{ id: string; meta: { location: string } }>();
      expect(r.headers.location, JSON.stringify(headers)).toBe(`${origin}/scim/v2/Users/${body.id}`);
      expect(body.meta.location).toBe(`${origin}/scim/v2/Users/${body.id}`);
    }
    // NEXTAUTH_URL is the public URL when set: even a trusted proxy's forwarded origin does not replace it
    for (const headers of [{ "X-Forwarded-Host": "portal.example.com", "X-Forwarded-Proto": "https" }, { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "javascript" }, { "X-Forwarded-Host": "evil.example/x?", "X-Forwarded-Proto": "https" }]) {
      expect((await create(TRUSTED_PROXY, headers)).headers.location).toMatch(new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/scim/v2/Users/`));
    }
  });

  test("CSRF compares whole origins with the portal's: forwarded host, other scheme or port are refused; a trusted proxy's forwarded origin is accepted", async ({ page, context, baseURL }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    const u = new URL(baseURL!);
    const refused: Array<Record<string, string>> = [
      { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" },
      { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
      { Origin: `https://${u.host}` },
      { Origin: `http://${u.hostname}:${Number(u.port) + 1}`, "X-Forwarded-Host": `${u.hostname}:${Number(u.port) + 1}` },
      { Referer: `https://${u.host}/apps` },
    ];
    for (const headers of refused) {
      const res = await page.request.post("/api/v1/groups", { headers, data: { displayName: `csrf ${uid()}` } });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
    }
    expect((await page.request.post("/api/v1/groups", { headers: { Origin: u.origin }, data: { displayName: `same ${uid()}` } })).status()).toBe(201);
    // the same session through the trusted proxy, whose public origin is https://portal.example.com
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const viaProxy = (origin: string, from: string) =>
      requestFrom(from, baseURL!, "POST", "/api/v1/groups", { headers: { Cookie: cookie, Origin: origin, "X-Forwarded-Host": "portal.example.com", "X-Forwarded-Proto": "https" }, body: { displayName: `proxy ${uid()}` } });
    expect((await viaProxy("https://portal.example.com", TRUSTED_PROXY)).status).toBe(201);
    expect((await viaProxy("http://portal.example.com", TRUSTED_PROXY)).status).toBe(403);
    expect((await viaProxy("https://portal.example.com", "127.0.0.2")).status).toBe(403);
  });
});
