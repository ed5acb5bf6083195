import { describe, expect, it } from "vitest";
import { authSecrets } from "./auth";
import { REDACTED, redactString, redactValue, secretVariants } from "./redact";

describe("[SECURITY][REDACT] secrets in their common encodings (issue 14 item 12)", () => {
  const secret = "p@ss w/rd+Ümlaut=";
  it("URL (once, twice, + for spaces, any case), base64, base64url, JSON-escaped, re-cased", () => {
    const forms = [
      secret, secret.toLowerCase(), secret.toUpperCase(),
      encodeURIComponent(secret), encodeURIComponent(secret).toLowerCase(), encodeURIComponent(secret).replace(/%20/g, "+"), encodeURIComponent(encodeURIComponent(secret)),
      Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64").replace(/=+$/, ""), Buffer.from(secret).toString("base64url"),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const f of forms) {
      const out = redactString(`before ${f} after`, [secret]);
      expect(out, f).toBe(`before ${REDACTED} after`);
    }
    expect(secretVariants(secret).length).toBeGreaterThanOrEqual(5);
  });
  it("in nested values and in the Basic credentials of every auth type", () => {
    const cfg = { type: "oauth2_password", tokenUrl: "https://x", username: "u", password: "the-password", clientId: "cid", clientSecret: "c s+ecret" } as const;
    const basic = Buffer.from(`${encodeURIComponent("cid")}:${encodeURIComponent("c s+ecret")}`).toString("base64");
    const v = redactValue({ reason: `echo ${basic} and ${encodeURIComponent("the-password").toUpperCase()}`, list: ["C%20S%2BECRET"] }, authSecrets(cfg));
    expect(JSON.stringify(v)).not.toMatch(/the-password|THE-PASSWORD|C%20S%2BECRET/i);
    expect(JSON.stringify(v)).not.toContain(basic);
  });
  it("short values and ordinary text are left alone", () => {
    expect(redactString("abc and more", ["abc"])).toBe("abc and more");
    expect(redactString("nothing to see", ["s3cr3t-value"])).toBe("nothing to see");
  });
});
