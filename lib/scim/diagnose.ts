// Test Connection: authenticate, do a harmless read, and say in plain words what failed.
import { randomUUID } from "node:crypto";
import { ScimClient, type ScimClientOptions, type ServiceProviderInfo } from "./client";
import { ScimError } from "./errors";
import { scimFilter } from "./filter";
import { redactString } from "./redact";
import { ALLOW_PRIVATE_HINT } from "./ssrf";

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
};

export async function testConnection(opts: TestConnectionOptions): Promise<TestConnectionResult> {
  const host = safeHost(opts.baseUrl);
  if (!host) return { ok: false, code: "invalid_url", message: `"${opts.baseUrl}" is not a valid http(s) URL.`, details: {} };
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
    const found = info?.discovered
      ? `SCIM ${info.scimVersion}; PATCH ${yes(info.patch)}, bulk ${yes(info.bulk.supported)}, filtering ${yes(info.filter.supported)}${info.filter.maxResults ? `, up to ${info.filter.maxResults} results per page` : ""}.`
      : "The app did not publish its capabilities (ServiceProviderConfig); defaults will be used.";
    return { ok: true, code: "ok", message: `Connected to ${host} and read the Users endpoint. ${found}`, details };
  } catch (e) {
    return diagnose(e, host, opts, details, client);
  } finally {
    client.close();
  }
}

const yes = (b: boolean) => (b ? "supported" : "not supported");

function safeHost(u: string): string | null {
  try {
    const url = new URL(u);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

function diagnose(e: unknown, host: string, opts: TestConnectionOptions, details: Record<string, unknown>, client: ScimClient): TestConnectionResult {
  const fail = (code: TestConnectionCode, message: string): TestConnectionResult => ({
    ok: false,
    code,
    message: client.redact(message),
    details: client.redact(details),
  });
  if (!(e instanceof ScimError)) {
    details.error = redactString(String((e as Error)?.message ?? e), []);
    return fail("unexpected", "Something unexpected went wrong while testing the connection. Try again; if it persists, check the provisioning logs.");
  }
  details.error = { code: e.code, status: e.status, url: e.url, detail: e.detail };
  const tokenStep = details.authenticated !== true && opts.auth.type.startsWith("oauth2");
  const where = tokenStep ? "the token endpoint" : host;
  switch (e.code) {
    case "dns_failure":
      return fail("dns_failure", `The name of ${where} could not be resolved (DNS). Check the URL for typos.`);
    case "connection_refused":
      return fail("connection_refused", `${where} refused the connection. Check the host and port, and that the service is running.`);
    case "connection_reset":
      return fail("connection_reset", `${where} closed the connection without answering. A proxy or firewall may be in the way.`);
    case "tls_error":
      return fail("tls_error", `The secure connection to ${where} failed: its TLS certificate is not trusted (self-signed, expired or for another name).`);
    case "timeout":
      return fail("timeout", `${where} did not answer in time. Check the URL and that the app is reachable from this server.`);
    case "ssrf_blocked":
      return fail("ssrf_blocked", `${where} resolves to a private network address. ${ALLOW_PRIVATE_HINT}`);
    case "oauth_rejected":
      return fail("oauth_rejected", `The token endpoint rejected the credentials${e.detail ? ` (${e.detail})` : ""}. Check the ${opts.auth.type === "oauth2_password" ? "admin username and password" : "client ID and client secret"}.`);
    case "response_too_large":
      return fail("response_too_large", `${where} answered with more data than Provisio reads (${e.message.replace(/^.*larger than ([\d.]+ [KM]B).*$/s, "$1")}). Check that the URL points at the app's SCIM endpoint (not a file or a web site); the limit is PROVISIO_MAX_RESPONSE_MB.`);
    case "invalid_json":
      return fail("not_json", `${host} answered with something that is not JSON (often a login page or a web site). Check that the URL points at the app's SCIM endpoint.`);
    case "not_scim":
      return fail("not_scim", `${host} answered JSON, but not a SCIM response. Check that the URL is the SCIM base URL (it usually ends in /scim/v2).`);
    case "redirect_refused":
      return fail("redirect", `${host} redirected the request. Enter the final SCIM URL; redirects are not followed for security.`);
  }
  if (e.code.startsWith("oauth_")) return fail("oauth_rejected", `The token endpoint did not issue a token (${e.status ?? e.code}). Check the token URL and credentials.`);
  switch (e.status) {
    case 401:
      return fail("unauthorized", opts.hints?.unauthorized ?? "The app rejected the credentials (401). Check the token: it may be wrong, expired or revoked.");
    case 403:
      return fail("forbidden", opts.hints?.forbidden ?? "The credentials are valid but not allowed to manage users (403). Give the account or token provisioning permissions.");
    case 404:
      return fail("base_url_not_found", `Nothing answers at ${client.redact(opts.baseUrl)}/Users (404). Check the Tenant URL: it is the SCIM base URL, without /Users.`);
    case 429:
      return fail("rate_limited", "The app is rate limiting us (429). Wait a minute and try again.");
  }
  if (e.status !== undefined && e.status >= 500) return fail("server_error", `The app had an internal error (${e.status}). Try again later.`);
  return fail("unexpected", `The app answered ${e.status ?? e.code}. ${e.detail ?? ""}`.trim());
}
