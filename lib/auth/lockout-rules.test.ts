import { describe, expect, it } from "vitest";
import { lockoutFor, MAX_FAILURES, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "./lockout-rules";

describe("[SECURITY][LOCKOUT] which limit refuses an attempt", () => {
  it("an attacker's failures never refuse the owner's address when it has no failures of its own", () => {
    expect(lockoutFor({ pair: 0, address: 0, account: 10_000 })).toBeNull();
    expect(lockoutFor({ pair: 1, address: 1, account: MAX_FAILURES_PER_ACCOUNT })).toBe("account");
    expect(lockoutFor({ pair: 1, address: 1, account: MAX_FAILURES_PER_ACCOUNT - 1 })).toBeNull();
  });
  it("one email from one address, and one address spraying many emails, are refused", () => {
    expect(lockoutFor({ pair: MAX_FAILURES, address: MAX_FAILURES, account: MAX_FAILURES })).toBe("account_address");
    expect(lockoutFor({ pair: MAX_FAILURES - 1, address: MAX_FAILURES - 1, account: MAX_FAILURES - 1 })).toBeNull();
    expect(lockoutFor({ pair: 0, address: MAX_FAILURES_PER_ADDRESS, account: 0 })).toBe("address");
  });
});
