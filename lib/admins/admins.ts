// Portal administrators: list, create, change role, reset password, disable.
// The last enabled global admin can be neither demoted, disabled nor deleted.
import type { z } from "zod";
import { hashPassword } from "../auth/password";
import { fromDbRole, toDbRole, type Actor } from "../auth/roles";
import { db, type Tx } from "../db";
import type { Admin } from "../db/generated/client";
import { AppError, notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import type { AdminView, createAdminSchema, updateAdminSchema } from "./schemas";

export function toAdminView(a: Admin): AdminView {
  return {
    id: a.id, email: a.email, name: a.name, role: fromDbRole(a.role), disabled: a.disabled,
    lastSignInAt: a.lastSignInAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString(),
  };
}

export async function listAdmins(): Promise<AdminView[]> {
  return (await db.admin.findMany({ orderBy: { email: "asc" } })).map(toAdminView);
}

export async function createAdmin(actor: Actor, input: z.infer<typeof createAdminSchema>): Promise<AdminView> {
  const email = input.email.toLowerCase();
  if (await db.admin.findUnique({ where: { email } })) throw new AppError("conflict", `An administrator with the email ${email} already exists.`);
  const admin = await db.admin.create({
    data: { email, name: input.name, role: toDbRole(input.role), passwordHash: await hashPassword(input.password), passwordChangedInPortal: true },
  });
  await writeAudit(actor, { action: "admin.create", targetType: "admin", targetId: admin.id, targetName: email, after: { email, name: input.name, role: input.role } });
  return toAdminView(admin);
}

async function assertNotLastGlobalAdmin(tx: Tx, adminId: string) {
  const remaining = await tx.admin.count({ where: { role: "GLOBAL_ADMIN", disabled: false, id: { not: adminId } } });
  if (remaining === 0) throw new AppError("conflict", "This is the last global administrator. Make someone else a global administrator first.");
}

export async function updateAdmin(actor: Actor, id: string, input: z.infer<typeof updateAdminSchema>): Promise<AdminView> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    // Serialise admin changes so two concurrent demotions cannot both pass the last-admin check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(421001)`;
    const before = await tx.admin.findUnique({ where: { id } });
    if (!before) throw notFound("The administrator");
    const losesGlobal = before.role === "GLOBAL_ADMIN" && !before.disabled && ((input.role && input.role !== "global_admin") || input.disabled === true);
    if (losesGlobal) await assertNotLastGlobalAdmin(tx, id);
    const revokes = passwordHash !== undefined || input.disabled === true || (input.role !== undefined && toDbRole(input.role) !== before.role);
    const after = await tx.admin.update({
      where: { id },
      data: {
        name: input.name, role: input.role ? toDbRole(input.role) : undefined, disabled: input.disabled,
        ...(passwordHash ? { passwordHash, passwordChangedInPortal: true } : {}),
        ...(revokes ? { tokenVersion: { increment: 1 } } : {}),
      },
    });
    const pick = (a: Admin) => ({ name: a.name, role: fromDbRole(a.role), disabled: a.disabled });
    await writeAudit(actor, {
      action: input.password ? "admin.password_reset" : "admin.update", targetType: "admin", targetId: id, targetName: before.email,
      before: pick(before), after: { ...pick(after), ...(input.password ? { password: "changed" } : {}) },
    }, tx);
    return toAdminView(after);
  });
}

export async function deleteAdmin(actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(421001)`;
    const before = await tx.admin.findUnique({ where: { id } });
    if (!before) throw notFound("The administrator");
    if (before.role === "GLOBAL_ADMIN" && !before.disabled) await assertNotLastGlobalAdmin(tx, id);
    await tx.admin.delete({ where: { id } });
    await writeAudit(actor, { action: "admin.delete", targetType: "admin", targetId: id, targetName: before.email, before: { email: before.email, role: fromDbRole(before.role) } }, tx);
  });
}
