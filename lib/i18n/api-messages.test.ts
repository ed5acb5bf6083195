// Issue 18: the REST API's human-readable `message` follows Accept-Language; machine fields (codes,
// enums) stay English; without the header (or with an English one) the text is unchanged.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { db } = await import("../db");
const { issueApiToken } = await import("../auth/api-token");
const { createApp } = await import("../apps/apps");
const appRoute = await import("../../app/api/v1/apps/[appId]/route");
const appsRoute = await import("../../app/api/v1/apps/route");
const testConnectionRoute = await import("../../app/api/v1/apps/[appId]/provisioning/test-connection/route");
const logRoute = await import("../../app/api/v1/provisioning-logs/[logId]/route");
const logsRoute = await import("../../app/api/v1/provisioning-logs/route");
const { writeProvisioningLogs } = await import("../logs/provisioning-log");
const assignmentsRoute = await import("../../app/api/v1/apps/[appId]/assignments/route");
const allowDeletionsRoute = await import("../../app/api/v1/apps/[appId]/provisioning/allow-deletions/route");
const usersRoute = await import("../../app/api/v1/users/route");
const { lt, sentences } = await import("../logs/text");
const provisioningRoute = await import("../../app/api/v1/apps/[appId]/provisioning/route");
const credentialsRoute = await import("../../app/api/v1/apps/[appId]/provisioning/credentials/route");
const mappingRoute = await import("../../app/api/v1/apps/[appId]/provisioning/mappings/[mappingId]/route");
const configurationRoute = await import("../../app/api/v1/apps/[appId]/provisioning/configuration/route");
const { getMappingFor } = await import("../mappings/store");
const applyRoute = await import("../../app/api/v1/apps/[appId]/provisioning/previews/[previewId]/apply/route");

let token = "";
let appId = "";
let adminId = "";
let upn = "";

beforeAll(async () => {
  const admin = await db.admin.create({ data: { email: `${uniq("i18n")}@provisio.test`, name: "i18n test", passwordHash: "x", role: "GLOBAL_ADMIN" } });
  adminId = admin.id;
  token = (await issueApiToken(admin)).access_token;
  const app = await createApp({ id: admin.id, email: admin.email, name: admin.name, role: "global_admin", via: "token" }, { templateId: "scim", displayName: uniq("i18n app") });
  appId = app.id;
});

afterAll(async () => {
  if (upn) await db.directoryUser.deleteMany({ where: { upnKey: upn.toLowerCase() } });
  await db.provisioningLog.deleteMany({ where: { appId } });
  await db.app.deleteMany({ where: { id: appId } });
  await db.admin.deleteMany({ where: { id: adminId } });
});

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string; details?: { path: string; message: string }[] }; ok?: boolean; code?: string; message?: string } };
}

describe("[I18N] API messages follow Accept-Language", () => {
  it("401: zh-CN with Accept-Language zh-CN, English otherwise; the code stays English", async () => {
    const zh = await call(appsRoute.GET as Handler, "/api/v1/apps", { headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" } });
    expect(zh.status).toBe(401);
    expect(zh.json.error).toEqual({ code: "unauthorized", message: "请登录，或发送有效的持有者令牌 (POST /api/v1/auth/token)。" });
    const en = await call(appsRoute.GET as Handler, "/api/v1/apps", { headers: { "accept-language": "en-US" } });
    expect(en.json.error).toEqual({ code: "unauthorized", message: "Sign in or send a valid bearer token (POST /api/v1/auth/token)." });
    const none = await call(appsRoute.GET as Handler, "/api/v1/apps");
    expect(none.json.error?.message).toBe("Sign in or send a valid bearer token (POST /api/v1/auth/token).");
  });

  it("404 of a missing object, 405, and a zod validation message", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const zh = await call(appRoute.GET as Handler, "/api/v1/apps/nope", { headers: { ...auth, "accept-language": "zh" }, params: { appId: "nope" } });
    expect(zh.status).toBe(404);
    expect(zh.json.error).toEqual({ code: "not_found", message: "找不到该应用程序。" });
    const en = await call(appRoute.GET as Handler, "/api/v1/apps/nope", { headers: auth, params: { appId: "nope" } });
    expect(en.json.error).toEqual({ code: "not_found", message: "The application was not found." });

    const m405 = await call(appRoute.POST as Handler, `/api/v1/apps/${appId}`, { method: "POST", headers: { "accept-language": "zh-CN" }, params: { appId } });
    expect(m405.status).toBe(405);
    expect(m405.json.error).toEqual({ code: "method_not_allowed", message: "不允许使用该方法。允许的方法：GET, PATCH, DELETE。" });

    const bad = await call(appRoute.PATCH as Handler, `/api/v1/apps/${appId}`, { method: "PATCH", headers: { ...auth, "accept-language": "zh-CN" }, body: { displayName: 42, bogus: 1 }, params: { appId } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe("validation_failed");
    expect(bad.json.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(bad.json.error?.details?.map((d) => d.path).sort()).toEqual(["", "displayName"].sort());
    expect(bad.json.error?.details?.find((d) => d.path === "")?.message).toBe("未知字段：bogus");
  });

  it("Test Connection's diagnosis is in the request's language; code and details stay language-neutral", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const body = { tenantUrl: "http://127.0.0.1:1/scim/v2", secretToken: "s3cret-token-value" };
    const zh = await call(testConnectionRoute.POST as Handler, `/api/v1/apps/${appId}/provisioning/test-connection`, { method: "POST", headers: { ...auth, "accept-language": "zh-CN" }, body, params: { appId } });
    const en = await call(testConnectionRoute.POST as Handler, `/api/v1/apps/${appId}/provisioning/test-connection`, { method: "POST", headers: auth, body, params: { appId } });
    expect(zh.status).toBe(200);
    expect(zh.json.ok).toBe(false);
    expect(zh.json.code).toBe(en.json.code);
    expect(["ssrf_blocked", "connection_refused"]).toContain(zh.json.code);
    expect(zh.json.message).toMatch(/[\u4e00-\u9fff]/);
    expect(en.json.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(en.json.message).toMatch(/^127\.0\.0\.1:1 (resolves to a private network address|refused the connection)/);
    expect(zh.json.message).toMatch(/^127\.0\.0\.1:1 (解析为专用网络地址|拒绝了连接)/);
    expect(JSON.stringify(zh.json)).not.toContain("s3cret-token-value");
  });

  it("the engine's and the data functions' errors (AppError with a catalogue key): message per Accept-Language, code English", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const zh = { ...auth, "accept-language": "zh-CN,zh;q=0.9" };
    // 400 from lib/apps: unknown template
    const tplZh = await call(appsRoute.POST as Handler, "/api/v1/apps", { method: "POST", headers: zh, body: { templateId: "nope", displayName: "x" } });
    const tplEn = await call(appsRoute.POST as Handler, "/api/v1/apps", { method: "POST", headers: auth, body: { templateId: "nope", displayName: "x" } });
    expect(tplZh.status).toBe(400);
    expect(tplZh.json.error).toMatchObject({ code: "validation_failed", message: "templateId：库中没有“nope”。" });
    expect(tplEn.json.error).toMatchObject({ code: "validation_failed", message: 'templateId: there is no "nope" in the gallery.' });

    // 409 from lib/directory: a duplicate userPrincipalName
    upn = `${uniq("dup")}@contoso.test`;
    const first = await call(usersRoute.POST as Handler, "/api/v1/users", { method: "POST", headers: auth, body: { userPrincipalName: upn } });
    expect(first.status).toBe(201);
    const dupZh = await call(usersRoute.POST as Handler, "/api/v1/users", { method: "POST", headers: zh, body: { userPrincipalName: upn } });
    const dupEn = await call(usersRoute.POST as Handler, "/api/v1/users", { method: "POST", headers: auth, body: { userPrincipalName: upn } });
    expect(dupZh.status).toBe(409);
    expect(dupZh.json.error).toMatchObject({ code: "conflict", message: `userPrincipalName 为 ${upn} 的用户已存在。` });
    expect(dupEn.json.error).toMatchObject({ code: "conflict", message: `A user with the userPrincipalName ${upn} already exists.` });

    // 400 from lib/apps: a role the template does not have (the role list stays as the template names it)
    const userId = (first.json as unknown as { id: string }).id;
    const roleZh = await call(assignmentsRoute.POST as Handler, `/api/v1/apps/${appId}/assignments`, { method: "POST", headers: zh, body: { principalType: "user", principalId: userId, roleId: "boss" }, params: { appId } });
    expect(roleZh.status).toBe(400);
    expect(roleZh.json.error?.message).toMatch(/^roleId：“boss”不是 SCIM 2\.0 .* 的角色。请从以下角色中选择：.+。$/);
    const roleEn = await call(assignmentsRoute.POST as Handler, `/api/v1/apps/${appId}/assignments`, { method: "POST", headers: auth, body: { principalType: "user", principalId: userId, roleId: "boss" }, params: { appId } });
    expect(roleEn.json.error?.message).toMatch(/^roleId: "boss" is not a role of /);

    // 409 from lib/sync/commands: nothing paused
    const allowZh = await call(allowDeletionsRoute.POST as Handler, `/api/v1/apps/${appId}/provisioning/allow-deletions`, { method: "POST", headers: zh, params: { appId } });
    const allowEn = await call(allowDeletionsRoute.POST as Handler, `/api/v1/apps/${appId}/provisioning/allow-deletions`, { method: "POST", headers: auth, params: { appId } });
    expect(allowZh.status).toBe(409);
    expect(allowZh.json.error).toMatchObject({ code: "conflict", message: "预配未因意外删除阈值而暂停；没有需要允许的内容。" });
    expect(allowEn.json.error).toMatchObject({ code: "conflict", message: "Provisioning is not paused by the accidental deletion threshold; there is nothing to allow." });
  });

  it("several issues at once: each issue's catalogue text, joined in the reader's language (no English concatenation)", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const zh = { ...auth, "accept-language": "zh-CN" };
    // Two provisioning rules broken by one PATCH.
    const body = { preventAccidentalDeletion: true, sendFailureEmails: true, notificationEmail: null };
    const rulesZh = await call(provisioningRoute.PATCH as Handler, `/api/v1/apps/${appId}/provisioning`, { method: "PATCH", headers: zh, body, params: { appId } });
    const rulesEn = await call(provisioningRoute.PATCH as Handler, `/api/v1/apps/${appId}/provisioning`, { method: "PATCH", headers: auth, body, params: { appId } });
    expect(rulesZh.status).toBe(422);
    expect(rulesZh.json.error).toMatchObject({ code: "unprocessable", message: "“防止意外删除”需要“通知电子邮件”：阈值警报会发送到该地址。请输入“通知电子邮件”，以便在发生故障时发送电子邮件通知。" });
    expect(rulesEn.json.error).toMatchObject({ code: "unprocessable", message: "Prevent accidental deletion needs a Notification Email: the threshold alert is sent there. Enter a Notification Email to send an email notification when a failure occurs." });

    // A stale plan: what changed since the preview, sentence by sentence.
    const p = await db.syncPreview.create({ data: { appId, requestedBy: "i18n@provisio.test", status: "completed", mappingHash: "not-the-current-hash", watermark: 0n } });
    const url = `/api/v1/apps/${appId}/provisioning/previews/${p.id}/apply`;
    const staleZh = await call(applyRoute.POST as Handler, url, { method: "POST", headers: zh, params: { appId, previewId: p.id } });
    const staleEn = await call(applyRoute.POST as Handler, url, { method: "POST", headers: auth, params: { appId, previewId: p.id } });
    expect(staleZh.status).toBe(409);
    expect(staleZh.json.error?.code).toBe("conflict");
    expect(staleZh.json.error?.message).toMatch(/^计划已过期：应用的属性映射、作用域筛选器或作用域已更改。/);
    expect(staleZh.json.error?.message).not.toMatch(/[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}/);
    expect(staleEn.json.error?.message).toMatch(/^The plan is out of date: The attribute mappings, scoping filters or scope of the app changed\. .*Run a fresh preview before applying\.$/);
  });

  it("validation of credentials, a mapping document and a configuration: per-issue texts joined in the reader's language", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const zh = { ...auth, "accept-language": "zh-CN" };
    const put = (handler: unknown, url: string, headers: Record<string, string>, body: unknown, params: Record<string, string>) =>
      call(handler as Handler, url, { method: "PUT", headers, body, params });
    const credUrl = `/api/v1/apps/${appId}/provisioning/credentials`;
    const cred = { tenantUrl: "not a url", authMethod: "bearer" };
    const credZh = await put(credentialsRoute.PUT, credUrl, zh, cred, { appId });
    const credEn = await put(credentialsRoute.PUT, credUrl, auth, cred, { appId });
    expect(credZh.status).toBe(400);
    // Field labels as the form shows them, the checks' texts by their codes, joined the zh-CN way.
    expect(credZh.json.error).toMatchObject({ code: "validation_failed", message: "租户 URL：必须是 http:// 或 https:// URL；机密令牌：必填" });
    expect(credEn.json.error).toMatchObject({ code: "validation_failed", message: "Tenant URL: Must be an http:// or https:// URL; Secret Token: Required" });
    expect(credZh.json.error?.details).toEqual(credEn.json.error?.details);
    const doc = await getMappingFor(appId, "user");
    const mapUrl = `/api/v1/apps/${appId}/provisioning/mappings/${doc.id}`;
    const bad = structuredClone(doc);
    for (const m of bad.attributeMappings.slice(0, 2)) Object.assign(m, { type: "direct", source: "jobTitel" });
    const mapZh = await put(mappingRoute.PUT, mapUrl, zh, bad, { appId, mappingId: doc.id });
    const mapEn = await put(mappingRoute.PUT, mapUrl, auth, bad, { appId, mappingId: doc.id });
    expect(mapZh.status).toBe(400);
    expect(mapZh.json.error?.message).toBe('attributeMappings.0.source：Unknown source attribute "jobTitel"（另有 1 个问题）');
    expect(mapEn.json.error?.message).toBe('attributeMappings.0.source: Unknown source attribute "jobTitel" (and 1 more)');
    const confUrl = `/api/v1/apps/${appId}/provisioning/configuration`;
    const conf = (await call(configurationRoute.GET as Handler, confUrl, { headers: auth, params: { appId } })).json as unknown as Record<string, unknown>;
    const badConf = structuredClone(conf) as { mappings: { user: { attributeMappings: Record<string, unknown>[] } } };
    for (const m of badConf.mappings.user.attributeMappings.slice(0, 2)) Object.assign(m, { type: "direct", source: "jobTitel" });
    const confZh = await put(configurationRoute.PUT, confUrl, zh, badConf, { appId });
    const confEn = await put(configurationRoute.PUT, confUrl, auth, badConf, { appId });
    expect(confZh.status).toBe(422);
    expect(confZh.json.error?.message).toBe('未应用配置：mappings.user.attributeMappings.0.source：Unknown source attribute "jobTitel"（另有 1 个问题）');
    expect(confEn.json.error?.message).toBe('The configuration was not applied: mappings.user.attributeMappings.0.source: Unknown source attribute "jobTitel" (and 1 more)');
  });

  it("one provisioning-log entry reads in either language (stored as codes; English as written)", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const why = lt("userDisabledWhy");
    await writeProvisioningLogs([{
      appId, objectType: "user", action: "disable", status: "success", sourceId: "u-1", sourceIdentity: "alice@contoso.test", targetId: "t-1",
      steps: [
        { code: "import_user", status: "success", text: lt("readUser", { upn: "alice@contoso.test", state: "disabled" }) },
        { code: "scope_user", status: "skipped", text: sentences(lt("inScope"), lt("assignedRoles", { roles: "Organizer" }), lt("noFilters"), lt("userDisabledInDirectory")) },
        { code: "perform_action", status: "success", text: lt("disabledInTarget", { why }) },
      ],
      errorCode: "auth", reason: lt("heldForCheckReason", { mode: "disable" }), recommendation: lt("recCredentials"),
    }]);
    const row = await db.provisioningLog.findFirstOrThrow({ where: { appId }, orderBy: { id: "desc" } });
    expect((row.texts as { reason?: { key: string } }).reason?.key).toBe("log.text.heldForCheckReason");
    const id = row.id.toString();
    type Entry = { steps: { name: string; details: string }[]; reason: string; recommendation: string; errorCode: string; action: string; status: string };
    const get = async (lang?: string) => (await call(logRoute.GET as Handler, `/api/v1/provisioning-logs/${id}`, { headers: { ...auth, ...(lang ? { "accept-language": lang } : {}) }, params: { logId: id } })).json as unknown as Entry;
    const en = await get();
    const zh = await get("zh-CN");
    expect(en.steps.map((s) => s.name)).toEqual(["Import user", "Determine if user is in scope", "Perform action"]);
    expect(en.steps[2]!.details).toBe("The user was disabled in the directory. Disabled the user in the target (active = false).");
    expect(en.reason).toBe("Held for the accidental deletion check (disable).");
    expect(zh.steps.map((s) => s.name)).toEqual(["导入用户", "确定用户是否在范围内", "执行操作"]);
    expect(zh.steps[0]!.details).toBe("已从目录读取 alice@contoso.test（已禁用）。");
    expect(zh.steps[1]!.details).toBe("在范围内。已分配到该应用（Organizer）。没有作用域筛选器。该用户在目录中已禁用。");
    expect(zh.steps[2]!.details).toBe("该用户已在目录中被禁用。已在目标中禁用该用户 (active = false)。");
    expect(zh.reason).toBe("已保留，等待意外删除检查（禁用）。");
    expect(zh.recommendation).toBe("请在“预配”页上检查管理员凭据并运行“测试连接”。");
    // machine fields stay English
    expect([zh.errorCode, zh.action, zh.status]).toEqual(["auth", "disable", "success"]);
    const list = (await call(logsRoute.GET as Handler, `/api/v1/provisioning-logs?appId=${appId}`, { headers: { ...auth, "accept-language": "zh-CN" } })).json as unknown as { items: Entry[] };
    expect(list.items[0]!.reason).toBe("已保留，等待意外删除检查（禁用）。");
  });
});
