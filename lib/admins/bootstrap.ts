// First-admin bootstrap (api.md): ADMIN_EMAIL/ADMIN_PASSWORD create that global admin when it is
// missing (and set its password while it was never changed in the portal); it never re-enables
// or re-promotes an existing account (disabled: said in the log). A password set from the variable
// ends the account's earlier sessions and is audited. Without
// them, the very first start creates admin@provisio.local with a one-time password
// that is returned for the start script to print once.
import { hashPassword, verifyPassword } from "../auth/password";
import { randomToken } from "../crypto";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { writeAudit } from "../logs/audit";

export type BootstrapResult = { email: string; createdPassword?: string; created: boolean };

export async function bootstrapAdmin(): Promise<BootstrapResult | null> {
  const e = env();
  if (e.ADMIN_EMAIL && e.ADMIN_PASSWORD) {
    const email = e.ADMIN_EMAIL.toLowerCase();
    const existing = await db.admin.findUnique({ where: { email } });
    if (!existing) {
      await db.admin.create({ data: { email, name: "Administrator", role: "GLOBAL_ADMIN", passwordHash: await hashPassword(e.ADMIN_PASSWORD) } });
      return { email, created: true };
    }
    // Only the password follows the variable (until changed in the portal): another global
    // admin's decision to disable or demote this account stands across restarts.
    // A new password ends the sessions and tokens issued under the old one, as a reset in the
    // portal does, and says so in the audit log (actor "system": the deployment changed it).
    if (!existing.passwordChangedInPortal && !(await verifyPassword(e.ADMIN_PASSWORD, existing.passwordHash))) {
      const passwordHash = await hashPassword(e.ADMIN_PASSWORD);
      await db.$transaction(async (tx) => {
        await tx.admin.update({ where: { id: existing.id }, data: { passwordHash, tokenVersion: { increment: 1 } } });
        await writeAudit(null, { action: "admin.password_reset", targetType: "admin", targetId: existing.id, targetName: email, after: { source: "ADMIN_PASSWORD" } }, tx);
      });
      log.info("the ADMIN_EMAIL administrator's password was set from ADMIN_PASSWORD; its earlier sessions have ended", { email });
    }
    if (existing.disabled) log.warn("the ADMIN_EMAIL administrator is disabled; it stays disabled until a global administrator enables it", { email });
    else if (existing.role !== "GLOBAL_ADMIN") log.info("the ADMIN_EMAIL administrator is no longer a global administrator; its role is left as set in the portal", { email });
    return { email, created: false };
  }
  if ((await db.admin.count()) > 0) return null;
  const email = "admin@provisio.local";
  const password = randomToken(12);
  await db.admin.create({ data: { email, name: "Administrator", role: "GLOBAL_ADMIN", passwordHash: await hashPassword(password) } });
  return { email, created: true, createdPassword: password };
}
