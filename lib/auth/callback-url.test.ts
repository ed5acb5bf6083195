import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

const ORIGIN = "https://portal.example.com";

describe("safeCallbackUrl (issue 14 item 5: open redirect after sign-in)", () => {
  it.each([
    "/\\evil.example/x",
    "/\\/evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/x",
    "/%5cevil.example",
    "/%2F/evil.example",
    "/%ff",
    "http://portal.example.com/x", // same host, other scheme
    "https://portal.example.com:444/x",
    "javascript:alert(1)",
    "data:text/html,x",
    "\\\\evil.example",
    " //evil.example",
    "/\r\n/evil.example",
    "https://portal.example.com@evil.example/",
    "/signin?callbackUrl=/x",
    "/api/v1/me",
    "",
  ])("%j → /", (raw) => {
    expect(safeCallbackUrl(raw, ORIGIN)).toBe("/");
  });

  it.each([
    ["/users", "/users"],
    ["/apps/1/provisioning?tab=logs#x", "/apps/1/provisioning?tab=logs#x"],
    ["/users/../audit-logs", "/audit-logs"],
    ["https://portal.example.com/groups", "/groups"],
    ["https:evil.example", "/evil.example"], // relative to an https origin: a path of this portal
    ["/users?q=a%20b", "/users?q=a%20b"],
  ])("%j → %j", (raw, want) => {
    expect(safeCallbackUrl(raw, ORIGIN)).toBe(want);
  });

  it("every answer resolves to the portal's origin", () => {
    for (const raw of ["/\\evil", "/%09/evil", "//evil", "/ok", "/%5c%5cevil", "/.//evil"]) {
      expect(new URL(safeCallbackUrl(raw, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
      expect(safeCallbackUrl(raw, ORIGIN).startsWith("//")).toBe(false);
    }
  });
});
