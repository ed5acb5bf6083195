import { describe, expect, it } from "vitest";
import { passwordLoginAllowed } from "./password-login";

const on = { PROVISIO_PASSWORD_LOGIN: true, ADMIN_EMAIL: "root@corp.example", OIDC_NAME: "Corp SSO" };
const off = { ...on, PROVISIO_PASSWORD_LOGIN: false };

describe("[AUTH] password sign-in switch", () => {
  it("on: every account", () => {
    expect(passwordLoginAllowed("alice@corp.example", on)).toBe(true);
  });
  it("off: only the bootstrap admin (break-glass), whatever the case of the email", () => {
    expect(passwordLoginAllowed("alice@corp.example", off)).toBe(false);
    expect(passwordLoginAllowed(" Root@Corp.example ", off)).toBe(true);
  });
  it("off without ADMIN_EMAIL: the generated first admin is the break-glass account", () => {
    const noEmail = { ...off, ADMIN_EMAIL: undefined };
    expect(passwordLoginAllowed("admin@provisio.local", noEmail)).toBe(true);
    expect(passwordLoginAllowed("root@corp.example", noEmail)).toBe(false);
  });
});
