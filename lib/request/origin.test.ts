import { describe, expect, it } from "vitest";
import { originFrom, portalOrigins } from "./origin";

describe("[SECURITY][ORIGIN] the portal's origin", () => {
  const base = { forwardedProto: "javascript", forwardedHost: "evil.example", host: "portal.local:3000" };
  it("comes from NEXTAUTH_URL, scheme and port included; forwarded headers are ignored unless from a trusted proxy", () => {
    expect(portalOrigins({ ...base, configured: "https://portal.example.com/", viaTrustedProxy: false })).toEqual(["https://portal.example.com"]);
    expect(portalOrigins({ ...base, configured: "http://127.0.0.1:3210", viaTrustedProxy: false, forwardedProto: "https" })).toEqual(["http://127.0.0.1:3210"]);
  });
  it("a trusted proxy's X-Forwarded-Proto/-Host count only when they form an http(s) origin", () => {
    expect(portalOrigins({ configured: "http://localhost:3000", viaTrustedProxy: true, forwardedProto: "https", forwardedHost: "portal.example.com", host: null })).toEqual(["http://localhost:3000", "https://portal.example.com"]);
    expect(portalOrigins({ ...base, configured: "http://localhost:3000", viaTrustedProxy: true })).toEqual(["http://localhost:3000"]);
    for (const h of ["evil.example/path", "user@evil.example", "a.example?x", "a.example#f", "", "a b"]) expect(originFrom("https", h), h).toBeNull();
    expect(originFrom("https, http", "Portal.Example.com:443")).toBe("https://portal.example.com");
  });
  it("without NEXTAUTH_URL, the Host header over plain http (the socket's scheme)", () => {
    expect(portalOrigins({ ...base, configured: undefined, viaTrustedProxy: false })).toEqual(["http://portal.local:3000"]);
  });
});
