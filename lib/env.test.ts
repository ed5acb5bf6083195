import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, parseKeyRing } from "./env";

const good = {
  DATABASE_URL: "postgresql://u@127.0.0.1:5432/db",
  NEXTAUTH_SECRET: "x".repeat(40),
  PROVISIO_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return (e as EnvError).problems;
  }
}

describe("[ENV] configuration validation", () => {
  it("accepts a complete configuration and applies defaults", () => {
    const e = parseEnv(good);
    expect(e.PORT).toBe(3000);
    expect(e.PROVISIO_WORKER).toBe("inline");
    expect(e.PROVISIO_ALLOW_PRIVATE_TARGETS).toBe(false);
  });

  it("names each missing variable and says what to set", () => {
    const p = problems({});
    expect(p.find((m) => m.startsWith("DATABASE_URL"))).toMatch(/DATABASE_URL is not set.*npm start/);
    expect(p.find((m) => m.startsWith("NEXTAUTH_SECRET"))).toMatch(/openssl rand/);
    expect(p.find((m) => m.startsWith("PROVISIO_ENCRYPTION_KEY"))).toMatch(/32 random bytes/);
  });

  it("explains malformed values", () => {
    expect(problems({ ...good, DATABASE_URL: "mysql://x" })).toEqual(["DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL"]);
    expect(problems({ ...good, NEXTAUTH_SECRET: "short" })[0]).toMatch(/at least 32 characters/);
    expect(problems({ ...good, PROVISIO_ENCRYPTION_KEY: "abc" })[0]).toMatch(/32 bytes/);
    expect(problems({ ...good, PROVISIO_WORKER: "sometimes" })[0]).toMatch(/`inline` or `off`/);
    expect(problems({ ...good, ADMIN_PASSWORD: "123" })[0]).toMatch(/at least 8/);
  });

  it("treats empty strings as unset", () => {
    expect(problems({ ...good, NEXTAUTH_SECRET: "" })[0]).toMatch(/NEXTAUTH_SECRET is not set/);
  });

  it("parses key rings with ids; the first key encrypts", () => {
    const k1 = Buffer.alloc(32, 1).toString("base64");
    const k0 = Buffer.alloc(32, 2).toString("hex");
    const ring = parseKeyRing(`new:${k1},old:${k0}`)!;
    expect(ring.current).toBe("new");
    expect([...ring.keys.keys()]).toEqual(["new", "old"]);
    expect(ring.keys.get("old")).toEqual(Buffer.alloc(32, 2));
    expect(parseKeyRing("new:tooshort")).toBeNull();
  });

  it("single sign-on: OIDC_ISSUER needs its client and role map, each missing one named", () => {
    const sso = { ...good, OIDC_ISSUER: "https://login.corp.example/realms/corp", OIDC_CLIENT_ID: "provisio", OIDC_CLIENT_SECRET: "s3cret", OIDC_ROLE_MAP: "provisio-admins=global" };
    const e = parseEnv(sso);
    expect(e.OIDC_ROLE_CLAIM).toBe("groups");
    expect(e.OIDC_NAME).toBe("single sign-on");
    expect(e.OIDC_SCOPES).toBe("openid email profile");
    expect(e.PROVISIO_PASSWORD_LOGIN).toBe(true);
    expect(problems({ ...good, OIDC_ISSUER: sso.OIDC_ISSUER })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID: OIDC_CLIENT_ID is not set: OIDC_ISSUER is/),
      expect.stringMatching(/^OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET is not set/),
      expect.stringMatching(/^OIDC_ROLE_MAP: OIDC_ROLE_MAP is not set: .*groups claim.*provisio-admins=global/),
    ]);
    expect(problems({ ...sso, OIDC_ROLE_MAP: "provisio-admins=root" })).toEqual([expect.stringMatching(/^OIDC_ROLE_MAP: .*"provisio-admins=root" is not claim-value=role/)]);
    expect(problems({ ...sso, OIDC_ISSUER: "http://login.corp.example" })[0]).toMatch(/^OIDC_ISSUER: .*https:\/\//);
    expect(parseEnv({ ...sso, OIDC_ISSUER: "http://127.0.0.1:9400" }).OIDC_ISSUER).toBe("http://127.0.0.1:9400");
    expect(problems({ ...sso, OIDC_SCOPES: "email groups" })[0]).toMatch(/must include openid/);
  });

  it("single sign-on: a client without OIDC_ISSUER, and password sign-in off without SSO, are refused", () => {
    expect(problems({ ...good, OIDC_CLIENT_ID: "provisio" })).toEqual([expect.stringMatching(/^OIDC_CLIENT_ID: OIDC_CLIENT_ID is set but OIDC_ISSUER is not/)]);
    expect(problems({ ...good, PROVISIO_PASSWORD_LOGIN: "false" })).toEqual([expect.stringMatching(/^PROVISIO_PASSWORD_LOGIN: .*needs single sign-on: set OIDC_ISSUER/)]);
    expect(problems({ ...good, PROVISIO_PASSWORD_LOGIN: "off" })[0]).toMatch(/^PROVISIO_PASSWORD_LOGIN: must be true or false/);
  });

  it("cross-variable problems are listed together with the others", () => {
    const p = problems({ OIDC_ISSUER: "https://login.corp.example" });
    expect(p.some((m) => m.startsWith("DATABASE_URL"))).toBe(true);
    expect(p.some((m) => m.startsWith("OIDC_CLIENT_ID"))).toBe(true);
  });
});
