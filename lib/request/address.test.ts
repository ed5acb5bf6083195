import { describe, expect, it } from "vitest";
import { clientAddress, normaliseIp, parseTrustedProxies } from "./address";

const none = parseTrustedProxies(undefined)!;
const proxies = parseTrustedProxies("10.0.0.5, 10.1.0.0/16, ::1, fd00::/8")!;

describe("[SECURITY][ADDRESS] client address", () => {
  it("without trusted proxies the socket address counts, whatever X-Forwarded-For says", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.9", none)).toBe("127.0.0.1");
    expect(clientAddress("::ffff:192.0.2.1", "1.2.3.4, 5.6.7.8", none)).toBe("192.0.2.1");
    expect(clientAddress(null, "1.2.3.4", none)).toBe("unknown");
  });

  it("from a trusted proxy, the rightmost untrusted hop of X-Forwarded-For is the client", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9", proxies)).toBe("203.0.113.9");
    // the client prepends a forged hop: the proxy appends the real one, which wins
    expect(clientAddress("10.0.0.5", "1.1.1.1, 203.0.113.9", proxies)).toBe("203.0.113.9");
    // a chain of trusted proxies is skipped
    expect(clientAddress("10.0.0.5", "198.51.100.7, 10.1.2.3", proxies)).toBe("198.51.100.7");
    expect(clientAddress("::1", "2001:db8::1", proxies)).toBe("2001:db8::1");
    // garbage in the chain: none of it is believed
    expect(clientAddress("10.0.0.5", "not-an-ip", proxies)).toBe("10.0.0.5");
    // an untrusted peer's X-Forwarded-For is ignored
    expect(clientAddress("192.0.2.50", "203.0.113.9", proxies)).toBe("192.0.2.50");
  });

  it("the setting accepts addresses and CIDR ranges and refuses anything else", () => {
    expect(proxies.has("10.1.255.255")).toBe(true);
    expect(proxies.has("10.2.0.1")).toBe(false);
    expect(proxies.has("::ffff:10.0.0.5")).toBe(true);
    expect(proxies.has("fd12::3")).toBe(true);
    for (const bad of ["10.0.0.0/33", "example.com", "10.0.0.1/8/9", "1.2.3", "::1/129", "10.0.0.0/x"]) expect(parseTrustedProxies(bad), bad).toBeNull();
    expect(none.empty).toBe(true);
    expect(normaliseIp(" [::1] ")).toBe("::1");
  });
});
