// Sign-in limits (issue 14 items 2 and 3): X-Forwarded-For is believed only from a trusted proxy
// (PROVISIO_TRUSTED_PROXIES; 127.0.0.3 in tests), so rotating it does not walk past the lockout;
// an attacker who knows an email cannot lock its owner out from the owner's own address; global
// admins see and clear lockouts; both are audited. Attackers and victims use different loopback
// source addresses (e2e/security/from-address.ts), as they would be different machines.
import { ADMIN, createAdmin, expect, signIn, test } from "../fixtures";
import { requestFrom, TRUSTED_PROXY } from "../security/from-address";
import { json } from "../security/helpers";
import { MAX_FAILURES, MAX_FAILURES_PER_ACCOUNT } from "../../lib/auth/lockout-rules";

const tokenBody = (email: string, password: string) => ({ email, password });

test.describe("[SECURITY][SIGN-IN] lockout", () => {
  // dozens of bcrypt checks and browser sign-ins on a shared 2-core machine
  test.describe.configure({ timeout: 240_000 });

  test("rotating X-Forwarded-For does not bypass the lockout (API token endpoint and the sign-in form)", async ({ browser, baseURL, request }) => {
    const victim = await createAdmin(request, "reader", "xff");
    for (let i = 0; i < MAX_FAILURES + 5; i++) {
      const r = await requestFrom("127.0.0.6", baseURL!, "POST", "/api/v1/auth/token", { headers: { "X-Forwarded-For": `203.0.113.${i + 1}`, "X-Real-IP": `198.51.100.${i + 1}` }, body: tokenBody(victim.email, `wrong-${i}`) });
      expect(r.status, `attempt ${i + 1}: ${r.text}`).toBe(i < MAX_FAILURES ? 401 : 429);
    }
    const right = await requestFrom("127.0.0.6", baseURL!, "POST", "/api/v1/auth/token", { headers: { "X-Forwarded-For": "192.0.2.200" }, body: tokenBody(victim.email, victim.password) });
    expect(right.status).toBe(429);
    expect(right.json<{ error: { code: string } }>().error.code).toBe("rate_limited");

    // the sign-in form (next-auth) counts the socket address too: failures there, with a fresh X-Forwarded-For each time
    const formVictim = await createAdmin(request, "reader", "xff-form");
    const ctx = await browser.newContext({ baseURL });
    const page = await ctx.newPage();
    for (let i = 0; i < MAX_FAILURES; i++) {
      await ctx.setExtraHTTPHeaders({ "X-Forwarded-For": `203.0.113.${100 + i}` });
      await page.goto("/signin");
      await page.getByLabel("Email").fill(formVictim.email);
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("signin-error")).toHaveText("The email or password is incorrect.");
    }
    await ctx.setExtraHTTPHeaders({ "X-Forwarded-For": "192.0.2.201" });
    await page.goto("/signin");
    await page.getByLabel("Email").fill(formVictim.email);
    await page.getByLabel("Password").fill(formVictim.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signin-error")).toContainText("Too many failed sign-in attempts");
    await ctx.close();
  });

  test("behind a trusted proxy the forwarded client address counts; from anyone else X-Forwarded-For is ignored", async ({ baseURL, api, request }) => {
    const victim = await createAdmin(request, "reader", "proxy");
    // through the proxy, one client fails until locked
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await requestFrom(TRUSTED_PROXY, baseURL!, "POST", "/api/v1/auth/token", { headers: { "X-Forwarded-For": "198.51.100.7" }, body: tokenBody(victim.email, `wrong-${i}`) });
      expect(r.status).toBe(401);
    }
    expect((await requestFrom(TRUSTED_PROXY, baseURL!, "POST", "/api/v1/auth/token", { headers: { "X-Forwarded-For": "198.51.100.7" }, body: tokenBody(victim.email, victim.password) })).status).toBe(429);
    // a client prepending a forged hop is still the address the proxy appended
    expect((await requestFrom(TRUSTED_PROXY, baseURL!, "POST", "/api/v1/auth/token", { headers: { "X-Forwarded-For": "192.0.2.9, 198.51.100.7" }, body: tokenBody(victim.email, victim.password) })).status).toBe(429);
    // another client behind the same proxy signs in
    expect((await requestFrom(TRUSTED_PROXY, baseURL!, "POST", "/api/v1/auth/token", { headers: { "X-Forwarded-For": "198.51.100.8" }, body: tokenBody(victim.email, victim.password) })).status).toBe(200);
    const lockouts = await json(await api.get("/api/v1/sign-in-lockouts"), 200);
    expect(lockouts.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "account_address", email: victim.email, address: "198.51.100.7", failures: MAX_FAILURES })]));
  });

  test("an attacker cannot lock the owner out; global admins see and clear lockouts; both audited", async ({ browser, baseURL, api, request }) => {
    const victim = await createAdmin(request, "global_admin", "weapon");
    const attacker = "127.0.0.4";
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await requestFrom(attacker, baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, `guess-${i}`) })).status).toBe(401);
    }
    expect((await requestFrom(attacker, baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, victim.password) })).status).toBe(429);
    // the owner, from an address with no failures: API and the sign-in form
    expect((await requestFrom("127.0.0.5", baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, victim.password) })).status).toBe(200);
    const ctx = await browser.newContext({ baseURL });
    await signIn(await ctx.newPage(), victim.email, victim.password);
    await ctx.close();

    // Many addresses guessing one account (each below the per-address limit) until the account-wide
    // limit is reached: it holds back only the addresses that failed.
    const spray: string[] = [];
    for (let failures = MAX_FAILURES; failures < MAX_FAILURES_PER_ACCOUNT; ) {
      const from = `127.0.1.${10 + spray.length}`;
      spray.push(from);
      for (let i = 0; i < MAX_FAILURES - 2 && failures < MAX_FAILURES_PER_ACCOUNT; i++, failures++) {
        expect((await requestFrom(from, baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, `spray-${i}`) })).status).toBe(401);
      }
    }
    expect((await requestFrom(spray[0]!, baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, victim.password) })).status).toBe(429);
    expect((await requestFrom("127.0.0.5", baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, victim.password) })).status).toBe(200);

    // global admins see the lockouts; a reader may not
    const list = await json(await api.get("/api/v1/sign-in-lockouts"), 200);
    const mine = list.items.filter((l: { email: string | null }) => l.email === victim.email);
    expect(mine).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: "account_address", address: attacker, failures: MAX_FAILURES }),
      expect.objectContaining({ kind: "account", address: null }),
    ]));
    expect(Date.parse(mine[0].lockedUntil)).toBeGreaterThan(Date.now());
    const reader = await createAdmin(request, "reader", "lockout-reader");
    const readerToken = await json(await request.post("/api/v1/auth/token", { data: tokenBody(reader.email, reader.password) }), 200);
    expect((await request.get("/api/v1/sign-in-lockouts", { headers: { Authorization: `Bearer ${readerToken.access_token}` } })).status()).toBe(403);
    expect((await request.delete(`/api/v1/sign-in-lockouts?email=${encodeURIComponent(victim.email)}`, { headers: { Authorization: `Bearer ${readerToken.access_token}` } })).status()).toBe(403);
    expect((await api.delete("/api/v1/sign-in-lockouts")).status()).toBe(400);

    // the lockout was audited when it began (once per lockout, not per attempt)
    const started = await json(await api.get(`/api/v1/audit-logs?action=auth.lockout&target=${encodeURIComponent(victim.email)}&limit=50`), 200);
    const kinds = started.items.filter((a: { action: string }) => a.action === "auth.lockout").map((a: { after: { kind: string; address: string } }) => `${a.after.kind} ${a.after.address}`);
    expect(kinds).toEqual(expect.arrayContaining([`account_address ${attacker}`]));
    expect(kinds.filter((k: string) => k === `account_address ${attacker}`)).toHaveLength(1);

    // clearing lifts it (audited)
    expect((await api.delete(`/api/v1/sign-in-lockouts?email=${encodeURIComponent(victim.email)}`)).status()).toBe(204);
    expect((await requestFrom(attacker, baseURL!, "POST", "/api/v1/auth/token", { body: tokenBody(victim.email, victim.password) })).status).toBe(200);
    expect((await json(await api.get("/api/v1/sign-in-lockouts"), 200)).items.filter((l: { email: string | null }) => l.email === victim.email)).toEqual([]);
    const cleared = await json(await api.get(`/api/v1/audit-logs?action=auth.lockout.clear&target=${encodeURIComponent(victim.email)}`), 200);
    expect(cleared.items[0]).toMatchObject({ actorEmail: ADMIN.email, after: { email: victim.email, failuresCleared: MAX_FAILURES_PER_ACCOUNT } });
  });
});
