// An OIDC sign-in against Provisio's admins: find the admin linked to the identity (issuer +
// subject), let decideOidcSignIn say what happens, and write it (audited). The role follows the
// provider's claims at every sign-in; disabled in Provisio wins.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import type { Admin } from "../db/generated/client";
import { env } from "../env";
import { log } from "../log";
import { writeAudit } from "../logs/audit";
import type { OidcClaims } from "./oidc";
import { decideOidcSignIn, type RefusalReason } from "./oidc-decision";
import { parseRoleMap, roleFromClaims } from "./oidc-roles";
import { hashPassword } from "./password";
import { fromDbRole, toDbRole, type Actor, type Role } from "./roles";

export type OidcSignInResult =
  | { ok: true; admin: { id: string; email: string; name: string; role: Role; tokenVersion: number } }
  | { ok: false; reason: RefusalReason };

const ADMIN_LOCK = 421001; // the same lock as lib/admins: one admin change at a time

// The password of accounts created here: the hash of a random password nobody ever sees (a global
// admin may set a real one); hashed once per process, bcrypt costs the same as for any account.
let unusableHash: Promise<string> | undefined;
const unusable = () => (unusableHash ??= hashPassword(randomBytes(32).toString("base64url")));

const asActor = (a: Admin): Actor => ({ id: a.id, email: a.email, name: a.name, role: fromDbRole(a.role), via: "session" });

export async function oidcSignIn(claims: OidcClaims, profile: { email: string | null; name: string }): Promise<OidcSignInResult> {
  const e = env();
  const parsed = parseRoleMap(e.OIDC_ROLE_MAP ?? "");
  const roleMap = parsed.ok ? parsed.map : []; // lib/env refuses to start with a bad map
  const role = roleFromClaims(claims, e.OIDC_ROLE_CLAIM, roleMap);
  // the issuer the ID token was checked against (openid-client), else the configured one
  const issuer = typeof claims.iss === "string" ? claims.iss : e.OIDC_ISSUER!;
  const subject = claims.sub;
  const unusableHash = await unusable();

  const result = await db.$transaction(async (tx): Promise<OidcSignInResult> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK})`;
    const linked = await tx.admin.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: issuer, oidcSubject: subject } } });
    const sameEmail = profile.email ? await tx.admin.findUnique({ where: { email: profile.email } }) : null;
    const decision = decideOidcSignIn({
      linked: linked ? { role: fromDbRole(linked.role), disabled: linked.disabled, email: linked.email } : null,
      role,
      email: profile.email,
      emailTaken: Boolean(sameEmail && sameEmail.id !== linked?.id),
    });
    switch (decision.kind) {
      case "refuse":
        if (linked && decision.revoke) {
          await tx.admin.update({ where: { id: linked.id }, data: { tokenVersion: { increment: 1 } } });
          await writeAudit(asActor(linked), { action: "admin.oidc_refused", targetType: "admin", targetId: linked.id, targetName: linked.email, after: { reason: decision.reason, sessions: "ended" } }, tx);
        }
        return { ok: false, reason: decision.reason };
      case "create": {
        const admin = await tx.admin.create({
          data: { email: decision.email, name: profile.name, role: toDbRole(decision.role), passwordHash: unusableHash, oidcIssuer: issuer, oidcSubject: subject, lastSignInAt: new Date() },
        });
        await writeAudit(asActor(admin), { action: "admin.create", targetType: "admin", targetId: admin.id, targetName: admin.email, after: { email: admin.email, name: admin.name, role: decision.role, via: "oidc" } }, tx);
        return { ok: true, admin: { id: admin.id, email: admin.email, name: admin.name, role: decision.role, tokenVersion: admin.tokenVersion } };
      }
      case "update": {
        const before = linked!;
        // A role change ends the admin's other sessions and tokens, as a change in the portal does.
        const admin = await tx.admin.update({
          where: { id: before.id },
          data: {
            role: toDbRole(decision.role), name: profile.name, lastSignInAt: new Date(),
            ...(decision.email ? { email: decision.email } : {}),
            ...(decision.roleChanged ? { tokenVersion: { increment: 1 } } : {}),
          },
        });
        if (decision.roleChanged || decision.email) {
          await writeAudit(asActor(admin), {
            action: "admin.update", targetType: "admin", targetId: admin.id, targetName: admin.email,
            before: { role: fromDbRole(before.role), email: before.email }, after: { role: decision.role, email: admin.email, via: "oidc" },
          }, tx);
        }
        return { ok: true, admin: { id: admin.id, email: admin.email, name: admin.name, role: decision.role, tokenVersion: admin.tokenVersion } };
      }
    }
  });
  if (!result.ok) log.info("OIDC sign-in refused", { reason: result.reason, issuer, subject, email: profile.email });
  return result;
}
