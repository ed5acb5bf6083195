// The ADMIN_EMAIL bootstrap against the database: it creates a missing account and keeps its
// password in step, but never re-enables or re-promotes an account another admin changed.
import { afterAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { resetEnvCache } = await import("../env");
const { db } = await import("../db");
const { bootstrapAdmin } = await import("./bootstrap");
const { verifyPassword } = await import("../auth/password");

const saved = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
function configure(email: string, password: string) {
  process.env.ADMIN_EMAIL = email;
  process.env.ADMIN_PASSWORD = password;
  resetEnvCache();
}

describe("[SECURITY][BOOTSTRAP] ADMIN_EMAIL", () => {
  afterAll(() => {
    if (saved.email === undefined) delete process.env.ADMIN_EMAIL;
    else process.env.ADMIN_EMAIL = saved.email;
    if (saved.password === undefined) delete process.env.ADMIN_PASSWORD;
    else process.env.ADMIN_PASSWORD = saved.password;
    resetEnvCache();
  });

  it("a disabled and demoted bootstrap admin stays disabled and demoted after a restart; a new ADMIN_PASSWORD ends its sessions and is audited", async () => {
    const email = `${uniq("boot")}@provisio.test`;
    configure(email, "first-password-123");
    expect(await bootstrapAdmin()).toMatchObject({ email, created: true });
    const row = await db.admin.findUniqueOrThrow({ where: { email } });
    expect(row).toMatchObject({ role: "GLOBAL_ADMIN", disabled: false });

    // another global admin disables and demotes it
    await db.admin.update({ where: { id: row.id }, data: { disabled: true, role: "READER", tokenVersion: { increment: 1 } } });
    const auditBefore = await db.auditLog.count({ where: { targetId: row.id } });
    configure(email, "second-password-456");
    expect(await bootstrapAdmin()).toMatchObject({ email, created: false });
    const after = await db.admin.findUniqueOrThrow({ where: { email } });
    // the password still follows the variable while it was never changed in the portal; the
    // new password ends the sessions of the old one (tokenVersion) and is audited as the system's
    expect(after).toMatchObject({ role: "READER", disabled: true, tokenVersion: row.tokenVersion + 2 });
    expect(await verifyPassword("second-password-456", after.passwordHash)).toBe(true);
    const audits = await db.auditLog.findMany({ where: { targetId: row.id } });
    expect(audits).toHaveLength(auditBefore + 1);
    expect(audits.at(-1)).toMatchObject({ action: "admin.password_reset", actorEmail: "system", actorId: null });
    expect(JSON.stringify(audits.at(-1), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("second-password-456");

    // the same password again: nothing changes, nothing is audited
    await bootstrapAdmin();
    expect((await db.admin.findUniqueOrThrow({ where: { email } })).tokenVersion).toBe(row.tokenVersion + 2);
    expect(await db.auditLog.count({ where: { targetId: row.id } })).toBe(auditBefore + 1);

    // once changed in the portal, the variable no longer touches it
    await db.admin.update({ where: { id: row.id }, data: { passwordChangedInPortal: true } });
    configure(email, "third-password-789");
    await bootstrapAdmin();
    expect(await verifyPassword("second-password-456", (await db.admin.findUniqueOrThrow({ where: { email } })).passwordHash)).toBe(true);
  });
});
