// Issue 18: notification emails in the recipient admin's language (English by default, unchanged).
import { describe, expect, it } from "vitest";
import { ensureTestEnv } from "../test/env";

ensureTestEnv();
const { composeEmail, recipientLocale } = await import("./notify");

const app = { id: "app-1", displayName: "GoToMeeting" };
const at = new Date("2026-12-07T03:04:00Z");

describe("[I18N] notification emails", () => {
  it("English unless asked otherwise; the same email reads in Chinese, quarantine reason included", () => {
    const reason = "12 of 20 operations in the last cycle failed (for example: The Update action is turned off for this mapping.).";
    const en = composeEmail("quarantine", app, { reason, at, cycleId: "c-1" });
    expect(en.subject).toBe("Provisioning for GoToMeeting is in quarantine");
    expect(en.text.split("\n")[0]).toBe("Provisioning for GoToMeeting was put in quarantine at 2026-12-07 03:04 UTC.");
    expect(en.text).toContain(`Reason: ${reason}`);
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
});
