// OIDC sign-ins against the admin table: created only with a role, linked by issuer + subject,
// the role following the claims (a change ends other sessions), refusal ending open sessions,
// disabled winning, and no takeover of an existing account by email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { resetEnvCache } = await import("../env");
const { db } = await import("../db");
const { oidcSignIn } = await import("./oidc-signin");

const ISSUER = "https://login.corp.example";
const KEYS = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP", "OIDC_ROLE_CLAIM"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

const person = (groups: string[], email = `${uniq("sso")}@corp.example`) => ({
  claims: { sub: uniq("sub"), iss: ISSUER, email, name: "Pat", groups },
  profile: { email, name: "Pat" },
});

describe("[AUTH][OIDC] sign-in against the admin table", () => {
  beforeAll(() => {
    Object.assign(process.env, { OIDC_ISSUER: ISSUER, OIDC_CLIENT_ID: "provisio", OIDC_CLIENT_SECRET: "s", OIDC_ROLE_MAP: "admins=global,ops=application,readers=reader", OIDC_ROLE_CLAIM: "groups" });
    resetEnvCache();
  });
  afterAll(() => {
    for (const k of KEYS) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    resetEnvCache();
  });

  it("creates the admin linked to issuer + subject, with the mapped role, audited", async () => {
    const p = person(["staff", "ops"]);
    const r = await oidcSignIn(p.claims, p.profile);
    expect(r).toMatchObject({ ok: true, admin: { email: p.profile.email, role: "app_admin" } });
    const row = await db.admin.findUniqueOrThrow({ where: { email: p.profile.email } });
    expect(row).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: p.claims.sub, role: "APP_ADMIN", disabled: false });
    expect(row.lastSignInAt).not.toBeNull();
    const audit = await db.auditLog.findFirst({ where: { targetId: row.id, action: "admin.create" } });
    expect(audit?.after).toMatchObject({ role: "app_admin", via: "oidc" });
  });

  it("refuses without a mapped value and writes nothing", async () => {
    const p = person(["staff"]);
    expect(await oidcSignIn(p.claims, p.profile)).toEqual({ ok: false, reason: "no_role" });
    expect(await db.admin.findUnique({ where: { email: p.profile.email } })).toBeNull();
  });

  it("the role follows the claims; a change bumps the token version (other sessions end), no change keeps it", async () => {
    const p = person(["readers"]);
    const first = await oidcSignIn(p.claims, p.profile);
    if (!first.ok) throw new Error("refused");
    const same = await oidcSignIn(p.claims, p.profile);
    expect(same).toMatchObject({ ok: true, admin: { id: first.admin.id, role: "reader", tokenVersion: first.admin.tokenVersion } });
    const promoted = await oidcSignIn({ ...p.claims, groups: ["readers", "admins"] }, p.profile);
    expect(promoted).toMatchObject({ ok: true, admin: { id: first.admin.id, role: "global_admin", tokenVersion: first.admin.tokenVersion + 1 } });
  });

  it("no role any more: refused and the admin's sessions end; disabled wins over any role", async () => {
    const p = person(["ops"]);
    const first = await oidcSignIn(p.claims, p.profile);
    if (!first.ok) throw new Error("refused");
    expect(await oidcSignIn({ ...p.claims, groups: [] }, p.profile)).toEqual({ ok: false, reason: "no_role" });
    const row = await db.admin.findUniqueOrThrow({ where: { id: first.admin.id } });
    expect(row.tokenVersion).toBe(first.admin.tokenVersion + 1);
    expect(row.role).toBe("APP_ADMIN");
    await db.admin.update({ where: { id: row.id }, data: { disabled: true } });
    expect(await oidcSignIn({ ...p.claims, groups: ["admins"] }, p.profile)).toEqual({ ok: false, reason: "disabled" });
    expect((await db.admin.findUniqueOrThrow({ where: { id: row.id } })).role).toBe("APP_ADMIN");
  });

  it("never takes over a password account with the same email; the same subject at another issuer is another person", async () => {
    const email = `${uniq("pw")}@corp.example`;
    const existing = await db.admin.create({ data: { email, name: "Password admin", role: "GLOBAL_ADMIN", passwordHash: "x" } });
    const p = person(["readers"], email);
    expect(await oidcSignIn(p.claims, p.profile)).toEqual({ ok: false, reason: "email_taken" });
    expect(await db.admin.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ role: "GLOBAL_ADMIN", oidcSubject: null, tokenVersion: 0 });

    const q = person(["readers"]);
    const a = await oidcSignIn(q.claims, q.profile);
    const other = await oidcSignIn({ ...q.claims, iss: "https://other.example" }, { ...q.profile, email: `${uniq("o")}@corp.example` });
    expect(a.ok && other.ok && a.admin.id !== other.admin.id).toBe(true);
  });
});
