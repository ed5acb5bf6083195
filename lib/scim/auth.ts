// Auth strategies. OAuth tokens are cached, refreshed shortly before expiry (single
// flight, so 32 concurrent requests cause one token call) and once more on a 401.
import { ScimError } from "./errors";
import { redactString, truncate } from "./redact";
import { TransportError, type Transport } from "./transport";

export type AuthConfig =
  | { type: "none" }
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | {
      type: "oauth2_client_credentials";
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
      /** how the client authenticates to the token endpoint (RFC 6749 §2.3.1) */
      clientAuth?: "basic" | "body";
      /** extra form fields, e.g. Zoom's account_id; grant_type may be overridden here */
      extraParams?: Record<string, string>;
    }
  | {
      type: "oauth2_password";
      tokenUrl: string;
      username: string;
      password: string;
      clientId?: string;
      clientSecret?: string;
      scope?: string;
      clientAuth?: "basic" | "body";
      extraParams?: Record<string, string>;
    };

export type AuthType = AuthConfig["type"];

/** Every secret value of a config, so the chokepoint can scrub them from anything it returns. */
export function authSecrets(cfg: AuthConfig): string[] {
  switch (cfg.type) {
    case "bearer":
      return [cfg.token];
    case "basic":
      return [cfg.password, Buffer.from(`${cfg.username}:${cfg.password}`).toString("base64")];
    case "oauth2_client_credentials":
      return [cfg.clientSecret, Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString("base64"), Buffer.from(`${encodeURIComponent(cfg.clientId)}:${encodeURIComponent(cfg.clientSecret)}`).toString("base64")];
    case "oauth2_password":
      return [
        cfg.password,
        ...(cfg.clientSecret ? [cfg.clientSecret, Buffer.from(`${encodeURIComponent(cfg.clientId ?? "")}:${encodeURIComponent(cfg.clientSecret)}`).toString("base64")] : []),
      ];
    default:
      return [];
  }
}

export type TokenInfo = { accessToken: string; expiresAt: number; refreshToken?: string };

export interface AuthProvider {
  /** headers for the next request; fetches/refreshes a token when needed */
  headers(): Promise<Record<string, string>>;
  /**
   * After a 401 answered to a request sent with `rejected` (its authorization header): drop the
   * cached token, unless another request already replaced it (so 32 requests rejected at once
   * cause one refresh, not 32). Returns false when a retry cannot help.
   */
  invalidate(rejected?: string): boolean;
  /** secrets discovered at runtime (issued tokens) for redaction */
  secrets(): string[];
  readonly type: AuthType;
}

export type AuthDeps = {
  transport: Transport;
  now: () => number;
  timeoutMs: number;
  /** refresh this long before expiry (capped at a tenth of the lifetime) */
  refreshSkewMs?: number;
};

export function createAuthProvider(cfg: AuthConfig, deps: AuthDeps): AuthProvider {
  switch (cfg.type) {
    case "none":
      return { type: "none", headers: async () => ({}), invalidate: () => false, secrets: () => [] };
    case "bearer":
      return {
        type: "bearer",
        headers: async () => ({ authorization: `Bearer ${cfg.token}` }),
        invalidate: () => false,
        secrets: () => [],
      };
    case "basic": {
      const h = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString("base64")}`;
      return { type: "basic", headers: async () => ({ authorization: h }), invalidate: () => false, secrets: () => [] };
    }
    default:
      return new OAuthProvider(cfg, deps);
  }
}

type OAuthConfig = Extract<AuthConfig, { type: "oauth2_client_credentials" | "oauth2_password" }>;

class OAuthProvider implements AuthProvider {
  readonly type: AuthType;
  private token: TokenInfo | null = null;
  private inflight: Promise<TokenInfo> | null = null;
  private issued: string[] = [];
  /** counts token endpoint calls; tests assert on it */
  tokenRequests = 0;

  constructor(
    private readonly cfg: OAuthConfig,
    private readonly deps: AuthDeps,
  ) {
    this.type = cfg.type;
  }

  secrets() {
    return this.issued;
  }

  // not a type predicate on purpose: an expired token is still a TokenInfo (its refresh_token is used)
  private fresh(t: TokenInfo | null): boolean {
    if (!t) return false;
    return this.deps.now() < t.expiresAt;
  }

  async headers(): Promise<Record<string, string>> {
    const t = await this.getToken();
    return { authorization: `Bearer ${t.accessToken}` };
  }

  invalidate(rejected?: string): boolean {
    if (this.token && (rejected === undefined || rejected === `Bearer ${this.token.accessToken}`)) this.token = null;
    return true;
  }

  async getToken(): Promise<TokenInfo> {
    if (this.token && this.fresh(this.token)) return this.token;
    if (!this.inflight) {
      const previous: TokenInfo | null = this.token;
      this.inflight = this.fetchToken(previous ? previous.refreshToken : undefined).finally(() => {
        this.inflight = null;
      });
    }
    this.token = await this.inflight;
    return this.token;
  }

  private async fetchToken(refreshToken?: string): Promise<TokenInfo> {
    const cfg = this.cfg;
    const form = new URLSearchParams();
    if (refreshToken) {
      form.set("grant_type", "refresh_token");
      form.set("refresh_token", refreshToken);
    } else if (cfg.type === "oauth2_client_credentials") {
      form.set("grant_type", "client_credentials");
    } else {
      form.set("grant_type", "password");
      form.set("username", cfg.username);
      form.set("password", cfg.password);
    }
    if (cfg.scope) form.set("scope", cfg.scope);
    for (const [k, v] of Object.entries(cfg.extraParams ?? {})) if (!refreshToken || k !== "grant_type") form.set(k, v);
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    const clientId = cfg.clientId;
    const clientSecret = cfg.clientSecret;
    if (clientId) {
      if ((cfg.clientAuth ?? "basic") === "basic" && clientSecret !== undefined) {
        headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
      } else {
        form.set("client_id", clientId);
        if (clientSecret) form.set("client_secret", clientSecret);
      }
    }
    const secrets = authSecrets(cfg);
    this.tokenRequests++;
    const startedAt = this.deps.now();
    let res;
    try {
      res = await this.deps.transport({
        method: "POST",
        url: cfg.tokenUrl,
        headers,
        body: form.toString(),
        timeoutMs: this.deps.timeoutMs,
      });
    } catch (e) {
      const te = e instanceof TransportError ? e : new TransportError("network_error", String(e));
      throw new ScimError({
        kind: te.code === "ssrf_blocked" || te.code === "dns_failure" || te.code === "tls_error" ? "permanent" : "transient",
        code: te.code,
        message: `Token endpoint unreachable: ${te.message}`,
        method: "POST",
        url: cfg.tokenUrl,
        cause: te,
      });
    }
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      json = null;
    }
    if (res.status < 200 || res.status >= 300 || !json || typeof json.access_token !== "string") {
      // a refresh token can expire or be revoked: fall back to the primary grant once
      if (refreshToken) return this.fetchToken(undefined);
      const oauthError = json && typeof json.error === "string" ? json.error : undefined;
      const rejected = res.status === 400 || res.status === 401 || res.status === 403;
      throw new ScimError({
        kind: rejected ? "auth" : res.status >= 500 || res.status === 429 ? "transient" : "permanent",
        code: rejected ? "oauth_rejected" : res.status >= 200 && res.status < 300 ? "oauth_bad_response" : `oauth_http_${res.status}`,
        message: rejected
          ? `The token endpoint rejected the credentials (${res.status}${oauthError ? ` ${oauthError}` : ""}).`
          : `The token endpoint answered ${res.status} without an access token.`,
        status: res.status,
        detail: oauthError,
        method: "POST",
        url: cfg.tokenUrl,
        responseBody: truncate(redactString(res.text, secrets), 500),
      });
    }
    const expiresIn = Number(json.expires_in ?? 3600);
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    const skew = Math.min(this.deps.refreshSkewMs ?? 60_000, lifetimeMs / 10);
    const token: TokenInfo = {
      accessToken: json.access_token,
      expiresAt: startedAt + lifetimeMs - skew,
      refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : undefined,
    };
    this.issued.push(token.accessToken);
    if (token.refreshToken) this.issued.push(token.refreshToken);
    if (this.issued.length > 20) this.issued.splice(0, this.issued.length - 20);
    return token;
  }
}
