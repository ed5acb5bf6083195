// Issue 14 items 4 and 11 at the level of next-auth's callbacks, on real Postgres: the cookie's
// refresh (jwt callback without a user) ends for signed-out, disabled and re-keyed sessions, and
// each token type is accepted only where it belongs.
import { afterAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { resetEnvCache } = await import("../env");
resetEnvCache();
const { db } = await import("../db");
const { authOptions } = await import("./options");
const { actorFromClaims } = await import("./actor");
const { hashPassword } = await import("./password");

const email = `${uniq("sessions")}@provisio.test`;
afterAll(async () => {
  await db.admin.deleteMany({ where: { email } });
});

type Jwt = Record<string, unknown>;
const opts = authOptions();
const jwt = (token: Jwt, user?: Record<string, unknown>) => (opts.callbacks!.jwt as (a: unknown) => Promise<Jwt>)({ token, user });
const signOut = (token: Jwt) => (opts.events!.signOut as (a: unknown) => Promise<void>)({ token });

describe("[SECURITY][SESSION] session JWTs", () => {
  it("sign-in stamps typ and sid; refresh keeps a live session and ends a signed-out, disabled or stale one", async () => {
    const admin = await db.admin.create({ data: { email, name: "Sessions", role: "READER", passwordHash: await hashPassword("Pw-123456789") } });
    const signedIn = await jwt({ sub: admin.id, email }, { id: admin.id, role: "reader", tv: admin.tokenVersion });
    expect(signedIn).toMatchObject({ sub: admin.id, typ: "session", sid: expect.any(String), tv: 0, authAt: expect.any(Number) });
    const other = await jwt({ sub: admin.id, email }, { id: admin.id, role: "reader", tv: admin.tokenVersion });
    expect(other.sid).not.toBe(signedIn.sid);

    expect(await jwt({ ...signedIn })).toMatchObject({ sid: signedIn.sid });
    expect((await actorFromClaims(signedIn, "session"))?.id).toBe(admin.id);

    // each type only where it belongs
    expect(await actorFromClaims(signedIn, "token")).toBeNull();
    expect(await actorFromClaims({ ...signedIn, typ: "api" }, "session")).toBeNull();
    expect(await actorFromClaims({ sub: admin.id, tv: 0, typ: "api" }, "token")).not.toBeNull();
    // a session without sid (minted before revocation existed) is not accepted
    expect(await actorFromClaims({ sub: admin.id, tv: 0, typ: "session" }, "session")).toBeNull();
    await expect(jwt({ sub: admin.id, tv: 0, typ: "session" })).rejects.toThrow("session ended");

    // sign-out revokes this session only
    await signOut({ ...signedIn, exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(await db.revokedSession.findUnique({ where: { sid: signedIn.sid as string } })).not.toBeNull();
    await expect(jwt({ ...signedIn })).rejects.toThrow("session ended");
    expect(await actorFromClaims(signedIn, "session")).toBeNull();
    expect((await actorFromClaims(other, "session"))?.id).toBe(admin.id);

    // disabled, or the token version moved on (password reset, role change): ended too
    await db.admin.update({ where: { id: admin.id }, data: { tokenVersion: { increment: 1 } } });
    await expect(jwt({ ...other })).rejects.toThrow("session ended");
    await db.admin.update({ where: { id: admin.id }, data: { disabled: true } });
    await expect(jwt({ ...other, tv: 1 })).rejects.toThrow("session ended");
  });

  it("a session ends 8 hours after sign-in however often next-auth re-issued its cookie", async () => {
    const admin = await db.admin.create({ data: { email: `old-${email}`, name: "Old session", role: "READER", passwordHash: await hashPassword("Pw-123456789") } });
    try {
      const signedIn = await jwt({ sub: admin.id, email: admin.email }, { id: admin.id, role: "reader", tv: admin.tokenVersion });
      expect(await jwt({ ...signedIn })).toMatchObject({ sid: signedIn.sid, authAt: signedIn.authAt });
      const eightHoursAgo = Math.floor(Date.now() / 1000) - (8 * 3600 + 1);
      await expect(jwt({ ...signedIn, authAt: eightHoursAgo })).rejects.toThrow("session ended");
      expect(await actorFromClaims({ ...signedIn, authAt: eightHoursAgo }, "session")).toBeNull();
      expect((await actorFromClaims({ ...signedIn, authAt: eightHoursAgo + 120 }, "session"))?.id).toBe(admin.id);
      // a sign-in time in the future is forged or from a skewed clock: not accepted
      expect(await actorFromClaims({ ...signedIn, authAt: Math.floor(Date.now() / 1000) + 3600 }, "session")).toBeNull();
    } finally {
      await db.admin.delete({ where: { id: admin.id } });
    }
  });

  it("the redirect callback keeps next-auth's redirects on the portal", async () => {
    const redirect = opts.callbacks!.redirect as (a: { url: string; baseUrl: string }) => Promise<string> | string;
    const base = "https://portal.example.com";
    expect(await redirect({ url: "/\\evil.example/x", baseUrl: base })).toBe(`${base}/`);
    expect(await redirect({ url: "https://evil.example/", baseUrl: base })).toBe(`${base}/`);
    expect(await redirect({ url: `${base}/users?x=1`, baseUrl: base })).toBe(`${base}/users?x=1`);
  });
});
