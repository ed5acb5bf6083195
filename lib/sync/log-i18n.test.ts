// Issue 18: a provisioning log written by a real cycle is language-neutral at the source — every
// step, reason and recommendation the engine wrote reads in zh-CN with no English left, only
// attribute names and values (UPNs, ids, role and attribute names, what was compared).
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, newUser, runCycle, scimApp, type TargetHandle } from "../test/sync-fixture";
const { listAssignments, removeAssignment } = await import("../apps/assignments");
const { updateUser } = await import("../directory/users");
const { listProvisioningLogs } = await import("../logs/provisioning-log");

const targets: TargetHandle[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

describe("[I18N][LOGS] a real cycle's log reads in Chinese", () => {
  it("create, update, scoped out, unassigned → disabled: no English in zh-CN, the same English as before in en", async () => {
    const { app, target } = await scimApp();
    targets.push(target);
    const alice = await newUser({ department: "Sales" });
    const bob = await newUser({ department: "Sales" });
    const carol = await newUser({ department: "Sales" });
    for (const u of [alice, bob, carol]) await assign(app.id, u.id);
    const mapping = await db.appMapping.findFirstOrThrow({ where: { appId: app.id, sourceObject: "user" } });
    await db.appMapping.update({ where: { id: mapping.id }, data: { scopingFilters: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]] } });
    await runCycle(app.id);
    await updateUser(actor, alice.id, { jobTitle: "Principal Engineer" });
    await updateUser(actor, carol.id, { department: "Marketing" });
    const ofBob = (await listAssignments(app.id)).items.find((a) => a.principalId === bob.id)!;
    await removeAssignment(actor, app.id, ofBob.id);
    await runCycle(app.id, { force: false });

    const zh = (await listProvisioningLogs({ appId: app.id }, { limit: 100, locale: "zh-CN" })).items;
    const en = (await listProvisioningLogs({ appId: app.id }, { limit: 100, locale: "en" })).items;
    expect(zh.map((e) => `${e.action}:${e.status}`).sort()).toEqual(expect.arrayContaining(["create:success", "update:success", "disable:success"]));
    const rows = await db.provisioningLog.findMany({ where: { appId: app.id } });
    expect(rows.every((r) => r.texts !== null)).toBe(true);

    // What may stay Latin: values. Attribute names of the mapping, the users' UPNs, ids, the role, what was compared.
    const attrs = new Set<string>();
    for (const m of mapping.attributeMappings as { target?: string; source?: string }[]) for (const a of [m.target, m.source]) if (a) attrs.add(a);
    const values = [alice, bob, carol].flatMap((u) => [u.userPrincipalName, u.id]);
    const strip = (s: string, e: (typeof zh)[number]) => {
      let out = s;
      for (const v of [...values, e.targetId ?? "", e.sourceId ?? "", "Default Access", "Principal Engineer", "Engineer", "Marketing", "Sales", "EQUALS", "active = false", "Provisio", "ID", " eq "]) if (v) out = out.split(v).join(" ");
      for (const a of [...attrs].sort((x, y) => y.length - x.length)) out = out.split(a).join(" ");
      return out;
    };
    let checked = 0;
    for (const e of zh) {
      const texts = [...e.steps.flatMap((s) => [s.name, s.details ?? ""]), e.reason ?? "", e.recommendation ?? ""];
      for (const t of texts) {
        if (!t) continue;
        checked++;
        expect(strip(t, e), t).not.toMatch(/[A-Za-z]/);
      }
    }
    expect(checked).toBeGreaterThan(10);

    // English readers see the English the engine always wrote (rendered from the en catalogue).
    const created = en.find((e) => e.action === "create" && e.sourceId === alice.id)!;
    expect(created.steps.map((s) => s.name)).toEqual(["Import user", "Determine if user is in scope", "Match user between source and target system", "Perform action"]);
    expect(created.steps[0]!.details).toBe(`Read ${alice.userPrincipalName} (enabled) from the directory.`);
    expect(created.steps[1]!.details).toBe("In scope. Assigned to the app (Default Access). Filter 1: department EQUALS \"Sales\" → true (value: \"Sales\") Scoping filters: passed.");
    const scopedOut = zh.find((e) => e.sourceId === carol.id && e.action !== "create")!;
    expect(scopedOut.steps[1]!.details).toContain("筛选器 1：department EQUALS \"Sales\" → 否");
  });
});
