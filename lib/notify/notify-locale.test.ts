// Issue 18: notification emails in the recipient admin's language (English by default, unchanged).
import { describe, expect, it } from "vitest";
import { ensureTestEnv } from "../test/env";

ensureTestEnv();
const { composeEmail, recipientLocale, queueNotification } = await import("./notify");
const { db } = await import("../db");
const { uniq } = await import("../test/env");
const { english, lt, qt } = await import("../logs/text");

const app = { id: "app-1", displayName: "GoToMeeting" };
const at = new Date("2026-12-07T03:04:00Z");

describe("[I18N] notification emails", () => {
  it("English unless asked otherwise; the same email reads in Chinese, quarantine reason included", () => {
    // as the engine hands it over: language-neutral
    const reason = qt("failures", { failed: 12, attempted: 20, why: lt("updateActionOff") });
    const en = composeEmail("quarantine", app, { reason, at, cycleId: "c-1" });
    expect(en.subject).toBe("Provisioning for GoToMeeting is in quarantine");
    expect(en.text.split("\n")[0]).toBe("Provisioning for GoToMeeting was put in quarantine at 2026-12-07 03:04 UTC.");
    expect(english(reason)).toBe("12 of 20 operations in the last cycle failed (for example: The Update action is turned off for this mapping.).");
    expect(en.text).toContain(`Reason: ${english(reason)}`);
    const zh = en.inLocale!("zh-CN");
    expect(zh).toEqual(composeEmail("quarantine", app, { reason, at, cycleId: "c-1" }, "zh-CN"));
    expect(zh.subject).toBe("GoToMeeting 的预配处于隔离状态");
    expect(zh.text).toContain("原因：上一个周期中 20 个操作有 12 个失败（例如：此映射的“更新”操作已关闭。）。");
    expect(zh.text).toContain("同步详细信息：");
    expect(zh.text).toContain("周期：c-1");
    expect(zh.text).not.toMatch(/What to do|Sync details/);
  });

  it("every kind has its Chinese text", () => {
    for (const kind of ["quarantine", "paused", "credentials", "failures"] as const) {
      const zh = composeEmail(kind, app, { failed: 3, total: 10, threshold: 500, pendingDeletions: 812, at }, "zh-CN");
      expect(zh.subject, kind).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.text.split("\n").filter((l) => l && !/^(https?:|同步详细信息|周期)/.test(l)).every((l) => /[\u4e00-\u9fff]/.test(l)), kind).toBe(true);
    }
  });

  it("an address that is no admin's gets English", async () => {
    expect(await recipientLocale("nobody-at-all@provisio.test")).toBe("en");
  });

  it("an admin who chose Chinese gets the app's notification email in Chinese; others in English", async () => {
    const zhMail = `${uniq("zh")}@provisio.test`;
    const enMail = `${uniq("en")}@provisio.test`;
    await db.admin.create({ data: { email: zhMail, name: "zh admin", passwordHash: "x", role: "READER", locale: "zh-CN" } });
    await db.admin.create({ data: { email: enMail, name: "en admin", passwordHash: "x", role: "READER" } });
    expect(await recipientLocale(zhMail.toUpperCase())).toBe("zh-CN");
    expect(await recipientLocale(enMail)).toBe("en");
    const zhApp = await db.app.create({ data: { templateId: "scim", displayName: uniq("zh app"), notificationEmail: zhMail } });
    const enApp = await db.app.create({ data: { templateId: "scim", displayName: uniq("en app"), notificationEmail: enMail } });
    try {
      for (const a of [zhApp, enApp]) expect(await queueNotification({ appId: a.id, kind: "credentials", stateKey: uniq("k"), ...composeEmail("credentials", a, { reason: "401 Unauthorized", at }) })).toEqual({ queued: true });
      const zh = await db.emailOutbox.findFirstOrThrow({ where: { to: zhMail } });
      const en = await db.emailOutbox.findFirstOrThrow({ where: { to: enMail } });
      expect(zh.subject).toBe(`${zhApp.displayName} 的预配无法登录到应用`);
      expect(zh.body).toContain("原因：401 Unauthorized");
      expect(en.subject).toBe(`Provisioning for ${enApp.displayName} cannot sign in to the app`);
    } finally {
      await db.emailOutbox.deleteMany({ where: { to: { in: [zhMail, enMail] } } });
      await db.app.deleteMany({ where: { id: { in: [zhApp.id, enApp.id] } } });
      await db.admin.deleteMany({ where: { email: { in: [zhMail, enMail] } } });
    }
  });
});

