// Test Connection: authenticate, do a harmless read, and say in plain words what failed.
import { randomUUID } from "node:crypto";
import { ScimClient, type ScimClientOptions, type ServiceProviderInfo } from "./client";
import { ScimError } from "./errors";
import { scimFilter } from "./filter";
import { redactString } from "./redact";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translator } from "../i18n/translate";

export type TestConnectionCode =
  | "ok"
  | "dns_failure"
  | "connection_refused"
  | "connection_reset"
  | "tls_error"
  | "timeout"
  | "unauthorized"
  | "forbidden"
  | "base_url_not_found"
  | "not_json"
  | "not_scim"
  | "oauth_rejected"
  | "ssrf_blocked"
  | "invalid_url"
  | "redirect"
  | "rate_limited"
  | "server_error"
  | "invalid_credentials"
  | "response_too_large"
  | "unexpected";

export type TestConnectionResult = {
  ok: boolean;
  code: TestConnectionCode;
  /** plain words for an admin; never contains a secret */
  message: string;
  details: Record<string, unknown>;
};

export type TestConnectionOptions = ScimClientOptions & {
  /** template-specific advice, e.g. GoToMeeting's "the account needs Team Admin rights" */
  hints?: { forbidden?: string; unauthorized?: string };
  /** the attribute to probe with (default userName) */
  probeAttribute?: string;
  /** the language of `message` (default English); `code` and `details` stay language-neutral */
  locale?: Locale;
  /** catalogue key of the template's hints (diagnose.hints.<key>), translating `hints` */
  hintsKey?: string;
};

export async function testConnection(opts: TestConnectionOptions): Promise<TestConnectionResult> {
  const t = translator(opts.locale ?? DEFAULT_LOCALE, "diagnose");
  const host = safeHost(opts.baseUrl);
  if (!host) return { ok: false, code: "invalid_url", message: t("invalid_url", { url: opts.baseUrl }), details: {} };
  const client = new ScimClient({
    ...opts,
    dryRun: false,
    retry: { maxRetries: 0 },
    timeoutMs: opts.timeoutMs ?? 10_000,
    discoveryCache: new Map(),
  });
  const details: Record<string, unknown> = { baseUrl: client.redact(opts.baseUrl), authType: opts.auth.type };
  try {
    // step 1: authenticate (token endpoint for OAuth strategies)
    await client.auth.headers();
    details.authenticated = true;
    // step 2: a read that changes nothing and matches nobody
    const probe = `provisio-test-${randomUUID()}`;
    const attr = opts.probeAttribute ?? "userName";
    const page = await client.list("Users", { filter: scimFilter.eq(attr, probe), count: 1 }, { noRetry: true });
    details.usersEndpoint = { ok: true, totalResults: page.totalResults };
    // step 3: capabilities (best effort; many targets do not serve it)
    let info: ServiceProviderInfo | undefined;
    try {
      info = await client.discover();
    } catch (e) {
      details.serviceProviderConfigError = e instanceof ScimError ? e.code : "unexpected";
    }
    if (info) {
      details.serviceProviderConfig = {
        discovered: info.discovered,
        scimVersion: info.scimVersion,
        patch: info.patch,
        bulk: info.bulk.supported,
        bulkMaxOperations: info.bulk.maxOperations,
        filter: info.filter.supported,
        maxResults: info.filter.maxResults,
        authenticationSchemes: info.authenticationSchemes,
      };
    }
    const yes = (b: boolean) => (b ? t("supported") : t("notSupported"));
    const found = info?.discovered
      ? t("capabilities", { version: String(info.scimVersion), patch: yes(info.patch), bulk: yes(info.bulk.supported), filter: yes(info.filter.supported), hasMax: info.filter.maxResults ? "yes" : "no", max: String(info.filter.maxResults ?? "") })
      : t("noCapabilities");
    return { ok: true, code: "ok", message: t("connected", { host, found }), details };
  } catch (e) {
    return diagnose(e, host, opts, details, client);
  } finally {
    client.close();
  }
}

function safeHost(u: string): string | null {
  try {
    const url = new URL(u);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

function diagnose(e: unknown, host: string, opts: TestConnectionOptions, details: Record<string, unknown>, client: ScimClient): TestConnectionResult {
  const locale = opts.locale ?? DEFAULT_LOCALE;
  const t = translator(locale, "diagnose");
  // a template's own advice: its translation when the catalogue has one, else its (English) text
  const hint = (kind: "forbidden" | "unauthorized"): string | undefined => {
    const text = opts.hints?.[kind];
    if (!text || locale === DEFAULT_LOCALE || !opts.hintsKey) return text;
    const key = `hints.${opts.hintsKey}.${kind}` as Parameters<typeof t>[0];
    return t.has(key) ? t(key) : text;
  };
  const fail = (code: TestConnectionCode, message: string): TestConnectionResult => ({
    ok: false,
    code,
    message: client.redact(message),
    details: client.redact(details),
  });
  if (!(e instanceof ScimError)) {
    details.error = redactString(String((e as Error)?.message ?? e), []);
    return fail("unexpected", t("unexpected"));
  }
  details.error = { code: e.code, status: e.status, url: e.url, detail: e.detail };
  const tokenStep = details.authenticated !== true && opts.auth.type.startsWith("oauth2");
  const where = tokenStep ? t("tokenEndpoint") : host;
  switch (e.code) {
    case "dns_failure":
      return fail("dns_failure", t("dns_failure", { where }));
    case "connection_refused":
      return fail("connection_refused", t("connection_refused", { where }));
    case "connection_reset":
      return fail("connection_reset", t("connection_reset", { where }));
    case "tls_error":
      return fail("tls_error", t("tls_error", { where }));
    case "timeout":
      return fail("timeout", t("timeout", { where }));
    case "ssrf_blocked":
      return fail("ssrf_blocked", t("ssrf_blocked", { where, hint: t("allowPrivateHint") }));
    case "oauth_rejected":
      return fail("oauth_rejected", t("oauth_rejected", { hasDetail: e.detail ? "yes" : "no", detail: e.detail ?? "", kind: opts.auth.type === "oauth2_password" ? "password" : "client" }));
    case "response_too_large":
      return fail("response_too_large", t("response_too_large", { where, size: e.message.replace(/^.*larger than ([\d.]+ [KM]B).*$/s, "$1") }));
    case "invalid_json":
      return fail("not_json", t("not_json", { host }));
    case "not_scim":
      return fail("not_scim", t("not_scim", { host }));
    case "redirect_refused":
      return fail("redirect", t("redirect", { host }));
  }
  if (e.code.startsWith("oauth_")) return fail("oauth_rejected", t("oauthNoToken", { status: String(e.status ?? e.code) }));
  switch (e.status) {
    case 401:
      return fail("unauthorized", hint("unauthorized") ?? t("unauthorized"));
    case 403:
      return fail("forbidden", hint("forbidden") ?? t("forbidden"));
    case 404:
      return fail("base_url_not_found", t("base_url_not_found", { url: client.redact(opts.baseUrl) }));
    case 429:
      return fail("rate_limited", t("rate_limited"));
  }
  if (e.status !== undefined && e.status >= 500) return fail("server_error", t("server_error", { status: String(e.status) }));
  return fail("unexpected", t("unexpectedAnswer", { status: String(e.status ?? e.code), detail: e.detail ?? "" }).trim());
}
