// Email + password check shared by the sign-in page (next-auth) and POST /api/v1/auth/token.
import { db } from "../db";
import { env } from "../env";
import { AppError, localized } from "../errors";
import { clearFailures, isLockedOut, LOCKOUT_MESSAGE, recordFailure } from "./lockout";
import { hashPassword, verifyPassword } from "./password";
import { passwordLoginAllowed, passwordLoginOffMessage } from "./password-login";
import { fromDbRole, type Role } from "./roles";

export const WRONG_CREDENTIALS = "The email or password is incorrect.";

export type AuthenticatedAdmin = { id: string; email: string; name: string; role: Role; tokenVersion: number };

// Unknown emails are checked against this hash (of a random password nobody knows), so they cost
// the same bcrypt work as known ones: response times do not tell which emails have accounts.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(crypto.randomUUID()));

export async function authenticate(emailRaw: string, password: string, ip: string): Promise<AuthenticatedAdmin> {
  const email = emailRaw.trim().toLowerCase();
  if (await isLockedOut(email, ip)) throw localized(new AppError("rate_limited", LOCKOUT_MESSAGE), "signin.lockedOut");
  const admin = await db.admin.findUnique({ where: { email } });
  const ok = await verifyPassword(password, admin?.passwordHash ?? (await dummy()));
  if (!admin || !ok) {
    await recordFailure(email, ip, admin);
    throw localized(new AppError("unauthorized", WRONG_CREDENTIALS), "signin.wrongCredentials");
  }
  // Only someone who knows the password learns that the account is disabled.
  if (admin.disabled) throw localized(new AppError("unauthorized", "This account is disabled. Ask a global administrator to enable it."), "signin.accountDisabled");
  // Checked after the password, like "disabled": the answer does not tell which email is the
  // break-glass account to someone who does not know its password.
  if (!passwordLoginAllowed(admin.email, env())) throw localized(new AppError("forbidden", passwordLoginOffMessage(env())), "signin.passwordLoginOff", { name: env().OIDC_NAME });
  await clearFailures(email, ip);
  await db.admin.update({ where: { id: admin.id }, data: { lastSignInAt: new Date() } });
  return { id: admin.id, email: admin.email, name: admin.name, role: fromDbRole(admin.role), tokenVersion: admin.tokenVersion };
}
