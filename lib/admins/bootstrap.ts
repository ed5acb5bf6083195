// First-admin bootstrap (api.md): ADMIN_EMAIL/ADMIN_PASSWORD make sure that global
// admin exists (password set unless it was changed in the portal since); without
// them, the very first start creates admin@provisio.local with a one-time password
// that is returned for the start script to print once.
import { hashPassword } from "../auth/password";
import { randomToken } from "../crypto";
import { db } from "../db";
import { env } from "../env";

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
    if (!existing.passwordChangedInPortal) {
      await db.admin.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(e.ADMIN_PASSWORD), role: "GLOBAL_ADMIN", disabled: false } });
    }
    return { email, created: false };
  }
  if ((await db.admin.count()) > 0) return null;
  const email = "admin@provisio.local";
  const password = randomToken(12);
  await db.admin.create({ data: { email, name: "Administrator", role: "GLOBAL_ADMIN", passwordHash: await hashPassword(password) } });
  return { email, created: true, createdPassword: password };
}
