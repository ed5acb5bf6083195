import { describe, expect, it } from "vitest";
import { decideOidcSignIn } from "./oidc-decision";

const linked = { role: "reader" as const, disabled: false, email: "alice@corp.example" };

describe("[AUTH][OIDC] what a sign-in does", () => {
  it("first sign-in with a role creates the admin; without one it is refused", () => {
    expect(decideOidcSignIn({ linked: null, role: "app_admin", email: "alice@corp.example", emailTaken: false })).toEqual({ kind: "create", role: "app_admin", email: "alice@corp.example" });
    expect(decideOidcSignIn({ linked: null, role: null, email: "alice@corp.example", emailTaken: false })).toEqual({ kind: "refuse", reason: "no_role", revoke: false });
  });
  it("first sign-in never takes over an account with the same email, and needs an email", () => {
    expect(decideOidcSignIn({ linked: null, role: "global_admin", email: "root@corp.example", emailTaken: true })).toEqual({ kind: "refuse", reason: "email_taken", revoke: false });
    expect(decideOidcSignIn({ linked: null, role: "global_admin", email: null, emailTaken: false })).toEqual({ kind: "refuse", reason: "no_email", revoke: false });
  });
  it("the role follows the claims at every sign-in", () => {
    expect(decideOidcSignIn({ linked, role: "global_admin", email: linked.email, emailTaken: false })).toEqual({ kind: "update", role: "global_admin", roleChanged: true, email: null });
    expect(decideOidcSignIn({ linked, role: "reader", email: linked.email, emailTaken: false })).toEqual({ kind: "update", role: "reader", roleChanged: false, email: null });
  });
  it("a linked admin the claims no longer give a role is refused and its sessions end", () => {
    expect(decideOidcSignIn({ linked, role: null, email: linked.email, emailTaken: false })).toEqual({ kind: "refuse", reason: "no_role", revoke: true });
  });
  it("disabled in Provisio wins over any role", () => {
    expect(decideOidcSignIn({ linked: { ...linked, disabled: true }, role: "global_admin", email: linked.email, emailTaken: false })).toEqual({ kind: "refuse", reason: "disabled", revoke: false });
  });
  it("a changed email follows when free, else the old one stays", () => {
    expect(decideOidcSignIn({ linked, role: "reader", email: "alice.new@corp.example", emailTaken: false })).toMatchObject({ kind: "update", email: "alice.new@corp.example" });
    expect(decideOidcSignIn({ linked, role: "reader", email: "bob@corp.example", emailTaken: true })).toMatchObject({ kind: "update", email: null });
    expect(decideOidcSignIn({ linked, role: "reader", email: null, emailTaken: false })).toMatchObject({ kind: "update", email: null });
  });
});
