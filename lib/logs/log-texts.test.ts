// Issue 18: the engine says what happened as catalogue keys + values (text.ts); the log stores that
// form next to its English and reads in either language.
import { describe, expect, it } from "vitest";
import { localizeEntry, renderStep, storedTexts } from "./log-texts";
import { english, inLocale, list, lt, qt, renderMsg, sentences } from "./text";
import { fullListWrite } from "../scim/patch";
import { explainError } from "../sync/errors";

describe("[I18N] provisioning-log texts", () => {
  it("a text renders in English (the stored columns) and in Chinese from the same key and values", () => {
    const read = lt("readUser", { upn: "alice@contoso.test", state: "enabled" });
    expect(english(read)).toBe("Read alice@contoso.test (enabled) from the directory.");
    expect(renderMsg("zh-CN", read)).toBe("已从目录读取 alice@contoso.test（已启用）。");
    const updated = lt("updated", { n: 2, names: "displayName, name.familyName" });
    expect(english(updated)).toBe("Updated 2 attribute(s) in the target: displayName, name.familyName.");
    expect(renderMsg("zh-CN", updated)).toBe("已在目标中更新 2 个属性：displayName, name.familyName。");
  });

  it("sentences and lists join per language; nested texts render in the same language", () => {
    const scope = sentences(lt("inScope"), lt("assignedRoles", { roles: "Organizer, Manager" }), lt("noFilters"), null);
    expect(english(scope)).toBe("In scope. Assigned to the app (Organizer, Manager). No scoping filters.");
    expect(renderMsg("zh-CN", scope)).toBe("在范围内。已分配到该应用（Organizer, Manager）。没有作用域筛选器。");
    const tried = lt("noMatchTried", { tried: list([lt("triedClause", { attribute: "userName", value: "bob@contoso.test", count: 0 }), lt("triedClause", { attribute: "emails[type eq \"work\"].value", value: "bob@contoso.test", count: 0 })]) });
    expect(english(tried)).toBe("No match (userName eq \"bob@contoso.test\" → 0 found; emails[type eq \"work\"].value eq \"bob@contoso.test\" → 0 found).");
    expect(renderMsg("zh-CN", tried)).not.toMatch(/found|No match/);
    const held = lt("notWrittenQuarantine", { why: qt("credentials", { error: "401 Unauthorized" }), kind: "user" });
    expect(english(held)).toBe("Not written to the target: the app is in quarantine (The target rejected Provisio's credentials: 401 Unauthorized). This user's change is held back.");
    expect(renderMsg("zh-CN", held)).toBe("未写入目标：该应用处于隔离状态（目标拒绝了 Provisio 的凭据：401 Unauthorized）。此用户的更改已保留。");
  });

  it("foreign text (a target's message) reads as written in every language", () => {
    expect(inLocale("zh-CN", "The target answered 400: userName is invalid")).toBe("The target answered 400: userName is invalid");
    expect(renderMsg("zh-CN", lt("mappingFailed", { details: "mail: Unknown function Foo" }))).toBe("属性映射失败 — mail: Unknown function Foo");
  });

  it("the writer's form: English columns rendered from the catalogue, keys in texts; readers render either", () => {
    const input = {
      steps: [
        { code: "import_user" as const, status: "success" as const, text: lt("readUser", { upn: "alice@contoso.test", state: "enabled" }) },
        { code: "scope_user" as const, status: "success" as const, text: sentences(lt("inScope"), lt("assignedRoles", { roles: "Organizer" }), lt("noFilters")) },
        { code: "perform_action" as const, status: "success" as const, text: lt("created", { kind: "user", id: "42" }) },
      ],
      reason: null,
      recommendation: lt("recCredentials"),
    };
    const stored = storedTexts(input);
    expect(stored.steps.map((s) => s.name)).toEqual(["Import user", "Determine if user is in scope", "Perform action"]);
    expect(stored.steps[1]!.details).toBe("In scope. Assigned to the app (Organizer). No scoping filters.");
    expect(stored.recommendation).toBe("Check the admin credentials on the Provisioning page and run Test Connection.");
    expect(stored.texts?.steps?.map((s) => s?.code)).toEqual(["import_user", "scope_user", "perform_action"]);
    const entry = { steps: stored.steps, reason: stored.reason, recommendation: stored.recommendation };
    expect(localizeEntry(entry, stored.texts, "en")).toBe(entry);
    const zh = localizeEntry(entry, stored.texts, "zh-CN");
    expect(zh.steps.map((s) => s.name)).toEqual(["导入用户", "确定用户是否在范围内", "执行操作"]);
    expect(zh.steps[2]!.details).toBe("已在目标中创建该用户（ID 42）。");
    expect(zh.recommendation).toBe("请在“预配”页上检查管理员凭据并运行“测试连接”。");
    // a row without texts (foreign steps, or written before the column) reads as stored
    expect(localizeEntry(entry, null, "zh-CN")).toBe(entry);
    expect(renderStep(input.steps[0]!, "zh-CN")).toEqual({ name: "导入用户", status: "success", details: "已从目录读取 alice@contoso.test（已启用）。" });
  });

  it("quarantine reasons read in Chinese", () => {
    const paused = qt("paused", { count: 812, threshold: 500 });
    expect(english(paused)).toBe("The cycle would disable or delete 812 objects, more than the accidental deletion threshold of 500. Nothing was disabled or deleted. Review the pending changes and choose Allow deletions, or fix the cause and Restart provisioning.");
    expect(inLocale("zh-CN", paused)).toBe("该周期将禁用或删除 812 个对象，超过了意外删除阈值 500。未禁用或删除任何内容。请查看待定更改并选择“允许删除”，或修复原因后重新启动预配。");
  });

  it("an error the engine raises itself is explained as a text whose English is its message", () => {
    let err: unknown;
    try {
      fullListWrite([], { add: ["u1", "u2", "u3"], remove: [] }, 2, "Sales");
    } catch (e) {
      err = e;
    }
    const explained = explainError(err);
    expect(explained.code).toBe("membership_limit");
    expect(english(explained.reason)).toBe((err as Error).message);
    expect(inLocale("zh-CN", explained.reason)).toBe("组“Sales”在目标中将有 3 个成员，超过了一个请求能携带的 2 个。目标未说明成员的 PATCH 是替换还是添加，因此 Provisio 会在一个请求中写入组的完整成员列表；未做任何更改。");
  });
});
