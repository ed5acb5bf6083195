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
});
