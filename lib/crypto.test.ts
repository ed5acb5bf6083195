import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";
import { parseKeyRing } from "./env";

const k = (n: number) => Buffer.alloc(32, n).toString("base64");

describe("[SECURITY] secrets at rest", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = parseKeyRing(k(1))!;
    const c = encryptSecret("s3cr3t-token-value", ring);
    expect(c).not.toContain("s3cr3t");
    expect(c.startsWith("v1:k0:")).toBe(true);
    expect(decryptSecret(c, ring)).toBe("s3cr3t-token-value");
    expect(encryptSecret("same", ring)).not.toBe(encryptSecret("same", ring)); // random IV
  });

  it("keeps old ciphertexts readable after a key rotation", () => {
    const before = parseKeyRing(`a:${k(1)}`)!;
    const c = encryptSecret("rotate-me", before);
    const after = parseKeyRing(`b:${k(2)},a:${k(1)}`)!;
    expect(decryptSecret(c, after)).toBe("rotate-me");
    expect(encryptSecret("x", after).split(":")[1]).toBe("b");
    expect(() => decryptSecret(c, parseKeyRing(`b:${k(2)}`)!)).toThrow(/no longer in PROVISIO_ENCRYPTION_KEY/);
  });

  it("detects tampering", () => {
    const ring = parseKeyRing(k(3))!;
    const parts = encryptSecret("integrity", ring).split(":");
    parts[4] = Buffer.from("intEgrity").toString("base64url");
    expect(() => decryptSecret(parts.join(":"), ring)).toThrow();
  });
});
