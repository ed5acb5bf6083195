// What an OIDC sign-in does, pure: given the admin linked to the identity (issuer + subject), the
// role the claims earn and whether the email is free, create, update or refuse — and why.
import type { Role } from "./roles";

export type RefusalReason = "no_role" | "disabled" | "no_email" | "email_taken";

export type OidcSignInInput = {
  /** the admin already linked to this issuer + subject */
  linked: { role: Role; disabled: boolean; email: string } | null;
  /** the role OIDC_ROLE_MAP gives the claims, null when none */
  role: Role | null;
  /** the email claim, lower-cased; null when the provider sent none */
  email: string | null;
  /** whether another admin (not the linked one) already has this email */
  emailTaken: boolean;
};

export type OidcSignInDecision =
  | { kind: "refuse"; reason: RefusalReason; /** end the linked admin's sessions and tokens */ revoke: boolean }
  | { kind: "create"; role: Role; email: string }
  | { kind: "update"; role: Role; roleChanged: boolean; /** the new email, when it changed and is free */ email: string | null };

export function decideOidcSignIn(input: OidcSignInInput): OidcSignInDecision {
  const { linked, role, email, emailTaken } = input;
  if (linked) {
    // Disabled in Provisio wins over anything the provider says.
    if (linked.disabled) return { kind: "refuse", reason: "disabled", revoke: false };
    // The provider no longer vouches for a role: refuse, and end what this admin still has open.
    if (!role) return { kind: "refuse", reason: "no_role", revoke: true };
    const newEmail = email && email !== linked.email && !emailTaken ? email : null;
    return { kind: "update", role, roleChanged: role !== linked.role, email: newEmail };
  }
  if (!role) return { kind: "refuse", reason: "no_role", revoke: false };
  if (!email) return { kind: "refuse", reason: "no_email", revoke: false };
  // Never taken over by email: a password account (e.g. the break-glass admin) stays as it is.
  if (emailTaken) return { kind: "refuse", reason: "email_taken", revoke: false };
  return { kind: "create", role, email };
}
