// The seed tutorial in Simplified Chinese (issue 18): an administrator picks 简体中文 in the top
// bar's language menu (as a person would), then runs the GoToMeeting flow — gallery → admin
// credentials → 测试连接 → mappings → 预配状态 开 → 同步详细信息 → 预配日志 — in zh-CN, with a
// screenshot of each step kept as a test artifact. Every page is checked for UI text left in
// English: no element's text, label or placeholder may be an English catalogue string of the
// portal's namespaces (shell, gallery, apps, provisioning, credentials, mappings, sync, logs)
// that zh-CN words differently (names marked translate="no", such as a SCIM resource type, are
// data, not UI). Its own administrator: the language is stored per admin.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { createAdmin, expect, signIn, test } from "../fixtures";
import { startGoToTarget, type GoToTarget } from "../targets/goto-target";

const NAMESPACES = ["shell", "gallery", "apps", "provisioning", "credentials", "mappings", "sync", "logs"];
const MESSAGES = path.join(__dirname, "../../lib/i18n/messages");

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = "", out = new Map<string, string>()) {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

/** English UI strings (without ICU arguments) whose zh-CN wording differs: none may show in zh-CN. */
function englishOnlyStrings(): Set<string> {
  const out = new Set<string>();
  for (const ns of NAMESPACES) {
    const en = flatten(JSON.parse(fs.readFileSync(path.join(MESSAGES, "en", `${ns}.json`), "utf8")) as Tree);
    const zh = flatten(JSON.parse(fs.readFileSync(path.join(MESSAGES, "zh-CN", `${ns}.json`), "utf8")) as Tree);
    for (const [key, value] of en) {
      const text = value.trim();
      if (/[{}<>']/.test(text) || text.length < 2 || zh.get(key)?.trim() === text) continue;
      out.add(text);
    }
  }
  return out;
}
const ENGLISH = englishOnlyStrings();

/** Texts a person reads or hears: leaf element texts, aria-labels, placeholders, titles. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (el.closest("script, style, [aria-hidden=true], [hidden], [translate=no]")) continue;
      if (el.children.length === 0 && el.textContent) out.push(el.textContent);
      for (const a of ["aria-label", "placeholder", "title"]) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
      // text beside child elements (e.g. "<svg/> 保存")
      for (const n of Array.from(el.childNodes)) if (n.nodeType === Node.TEXT_NODE && n.textContent?.trim()) out.push(n.textContent);
    }
    return out.map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean);
  });
}

async function step(page: Page, testInfo: TestInfo, name: string) {
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const stray = [...new Set((await visibleTexts(page)).filter((t) => ENGLISH.has(t)))];
  expect(stray, `English UI text on "${name}"`).toEqual([]);
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test.describe("[UI][I18N]", () => {
  let goto: GoToTarget;
  const PASSWORD = `Goto-${randomUUID()}`;
  test.beforeAll(async () => { goto = await startGoToTarget({ adminUsername: "admin@goto.test", adminPassword: PASSWORD }); });
  test.afterAll(async () => { await goto.close(); });

  test("[SEED][zh-CN] the GoToMeeting tutorial in Simplified Chinese, chosen in the language menu", async ({ browser, request, api }, testInfo) => {
    test.setTimeout(300_000);
    const tag = randomUUID().slice(0, 8);
    const upn = `zh-${tag}@contoso.test`;
    const user = await api.post("/api/v1/users", { data: { userPrincipalName: upn, displayName: `Zhang ${tag}`, givenName: "Wei", surname: `Zhang ${tag}` } });
    expect(user.status(), await user.text()).toBe(201);
    const userId = ((await user.json()) as { id: string }).id;
    const admin = await createAdmin(request, "app_admin", "i18n-zh");
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, admin.email, admin.password);

    // The language menu: 简体中文 re-renders the portal in Chinese (no reload) and is remembered.
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
    // Retried while the menu is not open: a click before the page is hydrated does nothing (at
    // load ≈ 10-15 the menu never opened and the test waited out its 300 s on the menu item).
    const zh = page.getByRole("menuitemradio", { name: "简体中文" });
    await expect(async () => {
      if (!(await zh.isVisible())) await page.getByTestId("language-menu").click({ timeout: 5_000 });
      await expect(zh).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await zh.click();
    await expect(page.getByRole("navigation", { name: "主要" }).getByRole("link", { name: "企业应用程序" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect((await (await page.request.get("/api/v1/me")).json()).locale).toBe("zh-CN");

    // 企业应用程序 → 新建应用程序 → the gallery
    const appName = `GoToMeeting ${randomUUID().slice(0, 6)}`;
    await page.goto("/apps");
    await expect(page.getByRole("heading", { name: "企业应用程序 | 所有应用程序" })).toBeVisible();
    await step(page, testInfo, "01-enterprise-applications");
    await page.getByRole("toolbar", { name: "应用程序命令" }).getByRole("link", { name: "新建应用程序" }).click();
    await page.getByLabel("搜索应用程序").fill("GoToMeeting");
    await page.getByRole("button", { name: /^GoToMeeting 发布者/ }).click();
    const create = page.getByRole("dialog", { name: "GoToMeeting" });
    await create.getByLabel("名称").fill(appName);
    await step(page, testInfo, "02-gallery");
    await create.getByRole("button", { name: "创建" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | 概述` })).toBeVisible();
    await expect(page.getByText("入门")).toBeVisible();
    await step(page, testInfo, "03-app-overview");
    const appId = new URL(page.url()).pathname.split("/")[2]!;
    const assigned = await api.post(`/api/v1/apps/${appId}/assignments`, { data: { principalType: "user", principalId: userId, roleId: "organizer" } });
    expect(assigned.status(), await assigned.text()).toBe(201);

    // 用户和组: the GoToMeeting role keeps its name.
    await page.getByRole("navigation", { name: "资源菜单" }).getByRole("link", { name: "用户和组" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | 用户和组` })).toBeVisible();
    await expect(page.getByRole("table", { name: "已分配的用户和组" })).toContainText("Organizer");
    await step(page, testInfo, "04-users-and-groups");

    // 预配: off, then 编辑预配 → 预配模式 自动 → 管理员凭据 → 测试连接
    await page.getByRole("navigation", { name: "资源菜单" }).getByRole("link", { name: "预配" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | 预配` })).toBeVisible();
    await expect(page.getByTestId("sync-state")).toHaveText("预配已关闭：不会向应用发送任何内容。");
    await step(page, testInfo, "05-provisioning-off");
    await page.getByRole("toolbar", { name: "预配命令" }).getByRole("link", { name: "编辑预配" }).click();
    await expect(page.getByRole("heading", { name: `${appName} | 编辑预配` })).toBeVisible();
    await page.getByLabel("预配模式").selectOption("automatic");
    await expect(page.getByRole("heading", { name: "管理员凭据" })).toBeVisible();
    await page.getByLabel("管理员用户名").fill("admin@goto.test");
    await page.getByLabel("管理员密码").fill(PASSWORD);
    await page.getByText("高级", { exact: true }).click();
    await page.getByLabel("API 基 URL").fill(goto.baseUrl);
    await page.getByLabel("令牌 URL").fill(goto.tokenUrl);
    await page.getByRole("button", { name: "测试连接" }).click();
    await expect(page.getByTestId("test-connection-result")).toContainText("提供的凭据有权启用预配");
    await page.getByLabel("通知电子邮件").fill("provisioning-alerts@contoso.test");
    await expect(page.getByLabel("范围")).toHaveValue("assigned");
    await step(page, testInfo, "06-admin-credentials-test-connection");

    // 映射 → 属性映射 (SCIM attribute names stay as they are)
    await expect(page.getByRole("heading", { name: "映射" })).toBeVisible();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByText(`已保存 ${appName} 的预配设置`)).toBeVisible();
    await page.getByRole("link", { name: "Provision Directory Users" }).click();
    await expect(page.getByRole("heading", { name: "属性映射", exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "属性映射" })).toContainText("userName");
    await expect(page.getByRole("button", { name: "所有记录" })).toBeVisible();
    await step(page, testInfo, "07-attribute-mappings");
    await page.getByRole("button", { name: "所有记录" }).click();
    await expect(page.getByRole("dialog", { name: "源对象范围" })).toContainText("所有记录都在范围内。");
    await step(page, testInfo, "08-scoping-filters");
    await page.getByRole("button", { name: "完成" }).click();

    // 预配状态 开 → 保存: the initial cycle runs.
    await page.goto(`/apps/${appId}/provisioning/edit`);
    await page.getByRole("radio", { name: "开", exact: true }).check();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByTestId("saved-provisioning-status")).toContainText("当前为开");
    await step(page, testInfo, "09-provisioning-status-on");

    // 同步详细信息: the cycle ends in the history (dates and counts in zh-CN).
    await page.getByRole("link", { name: "在概述中查看进度" }).click();
    await expect(page.getByRole("heading", { name: "同步详细信息" })).toBeVisible();
    await expect(page.getByRole("table", { name: "周期历史记录" }).locator("tbody tr").filter({ hasText: "初始" })).toHaveCount(1, { timeout: 90_000 });
    await expect(page.getByTestId("last-cycle-outcome")).toHaveText("已完成");
    await expect(page.getByTestId("statistics-summary")).toContainText("已预配 1 个用户和 0 个组");
    await step(page, testInfo, "10-sync-details");

    // 预配日志: the user's entry, its details pane.
    await page.getByRole("link", { name: "查看预配日志" }).click();
    await expect(page.getByRole("heading", { name: "预配日志" })).toBeVisible();
    const logs = page.getByRole("table", { name: "预配日志" });
    await expect(logs.getByRole("row", { name: new RegExp(upn) })).toContainText("创建");
    await expect(logs.getByRole("row", { name: new RegExp(upn) })).toContainText("成功");
    await step(page, testInfo, "11-provisioning-logs");
    await logs.getByRole("button", { name: upn }).click();
    await expect(page.getByRole("dialog", { name: "预配日志详细信息" })).toBeVisible();
    await step(page, testInfo, "12-log-details");
    await ctx.close();
  });
});
