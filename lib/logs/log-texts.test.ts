// Issue 18: provisioning-log texts are stored as catalogue keys + values and read in either language.
import { describe, expect, it } from "vitest";
import { localizeEntry, neutralTexts } from "./log-texts";
import { renderMsg } from "../i18n/recognise";

// Texts as the engine writes them (lib/sync/write-object.ts, decide.ts, errors.ts, held-back.ts, intents.ts).
const ENGINE_TEXTS = [
  "Read alice@contoso.test (enabled) from the directory.",
  "Read group Sales Team from the directory.",
  "In scope. Assigned to the app (Organizer). No scoping filters.",
  "Out of scope. Not assigned to the app (directly or through a group). Filter 1: department EQUALS \"R&D\" → false (value: \"Sales\") Scoping filters: not passed. The user is disabled in the directory.",
  "The user was deleted from the directory.",
  "The group is out of scope and was never provisioned.",
  "Matched an existing user in the target's listing (userName eq \"alice@contoso.test\").",
  "No match (userName eq \"bob@contoso.test\" → 0 found).",
  "Created the user in the target (id 7f3a).",
  "Updated 2 attribute(s) in the target: displayName, name.familyName.",
  "The user left the scope (unassigned or filtered out). Disabled the user in the target (active = false).",
  "The user was deleted from the directory. The delete is held until the cycle ends: accidental deletion prevention is on.",
  "Held for the accidental deletion check (delete).",
  "The user was disabled in the directory. The Update action is turned off, so the user is not disabled.",
  "No changes needed.",
  "Added 3 and removed 0 member(s).",
  "The target rejected the values that were sent. Check the attribute mappings for this object (formats, required attributes) and the target's documentation.",
  "Provisio tries again at 2026-12-07T03:00:00.000Z; fix the cause shown in Sync details and Restart provisioning to write the held-back changes now.",
  "The group was deleted from the directory. The target has no \"active\" attribute, so the user was removed from it (it was already gone).",
];

describe("[I18N] provisioning-log texts", () => {
  it("every engine text is recognised, and renders back to the same English byte for byte", () => {
    for (const text of ENGINE_TEXTS) {
      const t = neutralTexts({ reason: text });
      expect(t?.reason, text).toBeDefined();
      expect(renderMsg("en", t!.reason!)).toBe(text);
      const zh = renderMsg("zh-CN", t!.reason!)!;
      expect(zh, text).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("values stay as written (ids, attribute and role names are never translated)", () => {
    const t = neutralTexts({ reason: "In scope. Assigned to the app (Organizer, Manager). No scoping filters." })!;
    expect(renderMsg("zh-CN", t.reason!)).toBe("在范围内。已分配到该应用（Organizer, Manager）。没有作用域筛选器。");
    const u = neutralTexts({ reason: "Updated 2 attribute(s) in the target: displayName, name.familyName." })!;
    expect(renderMsg("zh-CN", u.reason!)).toBe("已在目标中更新 2 个属性：displayName, name.familyName。");
  });

  it("an unknown text is not given a key, and reads as written in every language", () => {
    expect(neutralTexts({ reason: "The target answered 400: userName is invalid" })).toBeNull();
    const entry = { steps: [{ name: "Perform action", status: "failure", details: "Something else entirely" }], reason: "The target answered 400", recommendation: null };
    const zh = localizeEntry(entry, neutralTexts(entry), "zh-CN");
    expect(zh.steps[0]).toEqual({ name: "执行操作", status: "failure", details: "Something else entirely" });
    expect(zh.reason).toBe("The target answered 400");
  });

  it("an entry reads in English as stored, and in Chinese from its codes", () => {
    const entry = {
      steps: [
        { name: "Import user", status: "success", details: "Read alice@contoso.test (enabled) from the directory." },
        { name: "Determine if user is in scope", status: "success", details: "In scope. Assigned to the app (Organizer). No scoping filters." },
        { name: "Perform action", status: "success", details: "Created the user in the target (id 42)." },
      ],
      reason: null,
      recommendation: "Check the admin credentials on the Provisioning page and run Test Connection.",
    };
    const texts = neutralTexts(entry);
    expect(texts?.steps?.map((s) => s?.code)).toEqual(["import_user", "scope_user", "perform_action"]);
    expect(localizeEntry(entry, texts, "en")).toBe(entry);
    const zh = localizeEntry(entry, texts, "zh-CN");
    expect(zh.steps.map((s) => s.name)).toEqual(["导入用户", "确定用户是否在范围内", "执行操作"]);
    expect(zh.steps[0]!.details).toBe("已从目录读取 alice@contoso.test（已启用）。");
    expect(zh.steps[2]!.details).toBe("已在目标中创建该用户（ID 42）。");
    expect(zh.recommendation).toBe("请在“预配”页上检查管理员凭据并运行“测试连接”。");
    // a row written before the texts column: recognised when read
    expect(localizeEntry(entry, null, "zh-CN")).toEqual(zh);
  });

  it("quarantine reasons (Sync details, emails, held-back entries) read in Chinese", async () => {
    const { localizeText } = await import("./log-texts");
    const paused = "The cycle would disable or delete 812 objects, more than the accidental deletion threshold of 500. Nothing was disabled or deleted. Review the pending changes and choose Allow deletions, or fix the cause and Restart provisioning.";
    expect(localizeText(paused, "en")).toBe(paused);
    expect(localizeText(paused, "zh-CN")).toBe("该周期将禁用或删除 812 个对象，超过了意外删除阈值 500。未禁用或删除任何内容。请查看待定更改并选择“允许删除”，或修复原因后重新启动预配。");
    const held = neutralTexts({ reason: "Not written to the target: the app is in quarantine (The target rejected Provisio's credentials: 401 Unauthorized). This user's change is held back." })!;
    expect(renderMsg("zh-CN", held.reason!)).toBe("未写入目标：该应用处于隔离状态（目标拒绝了 Provisio 的凭据：401 Unauthorized）。此用户的更改已保留。");
  });
});

