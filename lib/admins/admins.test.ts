import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { db } = await import("../db");
const { createAdmin, updateAdmin, deleteAdmin } = await import("./admins");
const { AppError } = await import("../errors");
import type { Actor } from "../auth/roles";

const system: Actor = { id: "test", email: "test@provisio.test", name: "test", role: "global_admin", via: "system" };
let parked: string[] = [];

describe("[ADMINS] the last global administrator", () => {
  beforeAll(async () => {
    // Other enabled global admins would make every demotion legal: park them for this file.
    parked = (await db.admin.findMany({ where: { role: "GLOBAL_ADMIN", disabled: false }, select: { id: true } })).map((a) => a.id);
    await db.admin.updateMany({ where: { id: { in: parked } }, data: { disabled: true } });
  });
  afterAll(async () => {
    await db.admin.updateMany({ where: { id: { in: parked } }, data: { disabled: false } });
  });

  it("cannot be demoted, disabled or removed; can once another exists", async () => {
    const g1 = await createAdmin(system, { email: `${uniq("g1")}@provisio.test`, name: "G1", role: "global_admin", password: "correct-horse-battery" });
    const conflict = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === "conflict" && /last global administrator/.test(e.message));
    await conflict(updateAdmin(system, g1.id, { role: "reader" }));
    await conflict(updateAdmin(system, g1.id, { disabled: true }));
    await conflict(deleteAdmin(system, g1.id));

    const g2 = await createAdmin(system, { email: `${uniq("g2")}@provisio.test`, name: "G2", role: "global_admin", password: "correct-horse-battery" });
    expect((await updateAdmin(system, g1.id, { role: "app_admin" })).role).toBe("app_admin");
    await conflict(updateAdmin(system, g2.id, { role: "reader" }));
    // Renaming or resetting the password of the last global admin is fine.
    expect((await updateAdmin(system, g2.id, { name: "Renamed" })).name).toBe("Renamed");

    const audit = await db.auditLog.findMany({ where: { targetId: g1.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["admin.create", "admin.update"]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain("correct-horse-battery");
    await db.admin.deleteMany({ where: { id: { in: [g1.id, g2.id] } } });
  });

  it("revokes tokens when the password is reset or the admin disabled", async () => {
    const a = await createAdmin(system, { email: `${uniq("tv")}@provisio.test`, name: "TV", role: "reader", password: "correct-horse-battery" });
    const v0 = (await db.admin.findUniqueOrThrow({ where: { id: a.id } })).tokenVersion;
    await updateAdmin(system, a.id, { password: "another-long-password" });
    await updateAdmin(system, a.id, { disabled: true });
    expect((await db.admin.findUniqueOrThrow({ where: { id: a.id } })).tokenVersion).toBe(v0 + 2);
    await db.admin.delete({ where: { id: a.id } });
  });
});
