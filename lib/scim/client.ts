// ScimClient: the one HTTP chokepoint for every outbound SCIM call.
import type { FlatAttributes } from "@/lib/mapping/types";
import { authSecrets, createAuthProvider, type AuthConfig, type AuthProvider } from "./auth";
import { classifyNetworkCode, classifyStatus, resolveGroup401, ScimError } from "./errors";
import { filterOperators, scimFilter } from "./filter";
import { sleep, TargetLimiter, type Ticket } from "./limiter";
import { planBulk, type QueuedOp } from "./bulk-plan";
import { BulkQueue, BulkTooLarge, createdId, type BulkOpAnswer } from "./bulk-queue";
import { sharedTarget } from "./shared";
import {
  buildMemberOperations,
  buildPartialObjectPatches,
  buildPatchRequests,
  diffMembers,
  fullListWrite,
  opName,
  type MemberDiff,
  type PatchRequestBody,
} from "./patch";
import { toScimResource } from "./paths";
import { resolveProfile, SCHEMAS, type CompatibilityProfile, type ProfileOverrides } from "./profile";
import { redactString, redactUrl, redactValue, truncate } from "./redact";
import { createTransport, TransportError, type RawResponse, type Transport } from "./transport";
import type { SsrfOptions } from "./ssrf";

export type ResourceType = "Users" | "Groups";
export type ScimResource = Record<string, unknown> & { id?: string };

export type RetryOptions = {
  /** retries after the first attempt */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** a Retry-After longer than this is not waited for: the error goes back to the caller (escrow) */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

export type RequestLogEntry = {
  method: string;
  url: string;
  status?: number;
  attempt: number;
  durationMs: number;
  errorCode?: string;
  dryRun?: boolean;
  /** the answer carried Retry-After (429 or 503) */
  retryAfter?: boolean;
  /** one operation of a POST /Bulk: its own status; the bulk request itself is not reported */
  bulk?: boolean;
};

export type DryRunRecord = { method: string; url: string; body?: unknown };

export type ScimClientOptions = {
  baseUrl: string;
  auth: AuthConfig;
  /** a resolved profile or overrides on top of the defaults */
  profile?: ProfileOverrides;
  /** the app passes PROVISIO_ALLOW_PRIVATE_TARGETS here; lib/scim never reads env */
  allowPrivate?: boolean;
  dryRun?: boolean;
  retry?: Partial<RetryOptions>;
  /** per attempt; defaults to the profile's requestTimeoutMs */
  timeoutMs?: number;
  now?: () => number;
  /** redacted log line per attempt */
  onRequest?: (entry: RequestLogEntry) => void;
  /**
   * Awaited before every write (POST/PUT/PATCH/DELETE, not dry run) is sent, once per request
   * (retries included); if it throws, nothing is sent. The engine records its intent here.
   */
  beforeWrite?: (w: { method: string; url: string; body?: unknown }) => Promise<void>;
  /** share discovery across client instances of one app (key: base URL) */
  discoveryCache?: Map<string, Promise<ServiceProviderInfo>>;
  /** test seam for the SSRF guard */
  resolve?: SsrfOptions["resolve"];
  /** extra CA certificate (PEM) for targets behind a private CA */
  ca?: string;
  /** cap on a response body (default DEFAULT_MAX_RESPONSE_BYTES); the app passes PROVISIO_MAX_RESPONSE_MB */
  maxResponseBytes?: number;
  /** replace the network layer (tests, benchmarks) */
  transport?: Transport;
  userAgent?: string;
  /**
   * Share the limiter (and so Retry-After pauses) and the OAuth token with every other shared
   * client of the same target and credentials in this process (shared.ts): the sync engine's
   * jobs each build a client, but the target sees one well-behaved caller.
   */
  shared?: boolean;
  /**
   * Writes to /Users and /Groups made at about the same time by concurrent callers go out
   * together as POST /Bulk requests when the target advertises bulk (bulk-queue.ts); each caller
   * still gets its own operation's answer (or error). lingerMs: how long a batch waits for more.
   */
  bulk?: boolean | { lingerMs?: number };
};

export type RequestInit = {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** skip retries (Test Connection) */
  noRetry?: boolean;
  /** the /Bulk envelope itself: its operations were announced (beforeWrite) and are reported one by one */
  envelope?: boolean;
  /** when the write goes through /Bulk: its operation's bulkId (reserveBulkId), so others can refer to it */
  bulkId?: string;
  /**
   * Attributes the answer need not carry (?excludedAttributes=, RFC 7644 §3.9: any request that
   * answers with a resource). Unlike `query`, the write may still go through /Bulk, whose
   * operations have no query: the answer then comes as the target gives it.
   */
  answerWithout?: string[];
};

export type ScimResponse<T = unknown> = {
  status: number;
  headers: Record<string, string>;
  body: T;
  attempts: number;
};

export type ListQuery = {
  filter?: string;
  startIndex?: number;
  count?: number;
  attributes?: string[];
  excludedAttributes?: string[];
};

export type ListPage = { resources: ScimResource[]; totalResults: number; startIndex: number; itemsPerPage: number };

export type ServiceProviderInfo = {
  discovered: boolean;
  scimVersion: "2.0" | "1.1";
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number | null };
  sort: boolean;
  etag: boolean;
  changePassword: boolean;
  authenticationSchemes: string[];
};

export type BulkOperation = {
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  bulkId?: string;
  data?: unknown;
  version?: string;
};
export type BulkResult = { method: string; bulkId?: string; location?: string; status: number; ok: boolean; error?: ScimError; response?: unknown };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Writes that may go through /Bulk: resources, not the token endpoint or /Bulk itself. */
const BULK_PATH = /^\/(Users|Groups)(\/[^/?]+)?$/;
const BULK_LINGER_MS = 5;

/**
 * A bulk answer's operations matched to the operations sent: by bulkId, else by method and
 * location in order (RFC 7644 §3.7.3 asks for bulkId only on POST), else by position.
 */
export function matchBulkAnswers(ops: Array<Pick<QueuedOp, "method" | "path" | "bulkId">>, answers: Array<Record<string, unknown>>): Array<BulkOpAnswer | undefined> {
  const parsed = answers.map((op) => ({
    bulkId: typeof op.bulkId === "string" ? op.bulkId : undefined,
    method: String(op.method ?? "").toUpperCase(),
    location: typeof op.location === "string" ? op.location : undefined,
    status: Number(typeof op.status === "object" && op.status ? (op.status as { code?: unknown }).code : op.status),
    response: op.response,
    used: false,
  }));
  const byBulkId = new Map(parsed.filter((p) => p.bulkId).map((p) => [p.bulkId!, p]));
  return ops.map((o, i) => {
    let hit = byBulkId.get(o.bulkId);
    hit ??= parsed.find((p) => !p.used && !p.bulkId && p.method === o.method && !!p.location && p.location.endsWith(o.path));
    hit ??= parsed[i] && !parsed[i]!.used && !parsed[i]!.bulkId && parsed[i]!.method === o.method ? parsed[i] : undefined;
    if (!hit || hit.used || !Number.isFinite(hit.status)) return undefined;
    hit.used = true;
    return { status: hit.status, location: hit.location, response: hit.response };
  });
}

/** Retry-After: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** Exponential backoff with full jitter, capped. */
export function backoffDelay(attempt: number, r: RetryOptions, random = Math.random): number {
  const exp = Math.min(r.maxDelayMs, r.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export class ScimClient {
  readonly baseUrl: string;
  readonly profile: CompatibilityProfile;
  readonly dryRun: boolean;
  /** mutations recorded instead of sent when dryRun is on */
  readonly dryRunLog: DryRunRecord[] = [];
  readonly auth: AuthProvider;
  private readonly transport: Transport & { close?: () => void };
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly limiter: TargetLimiter;
  private readonly staticSecrets: string[];
  private readonly discoveryCache: Map<string, Promise<ServiceProviderInfo>>;
  private dryRunSeq = 0;
  private bulkQueuePromise: Promise<BulkQueue | null> | null = null;

  constructor(private readonly opts: ScimClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.profile = resolveProfile(opts.profile);
    this.dryRun = opts.dryRun ?? false;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? this.profile.requestTimeoutMs;
    this.now = opts.now ?? Date.now;
    this.transport =
      opts.transport ??
      createTransport({
        allowPrivate: opts.allowPrivate ?? false,
        resolve: opts.resolve,
        ca: opts.ca,
        maxSockets: this.profile.maxConcurrency,
        maxResponseBytes: opts.maxResponseBytes,
      });
    if (opts.shared) {
      const s = sharedTarget({
        baseUrl: this.baseUrl, auth: opts.auth, maxConcurrency: this.profile.maxConcurrency, ratePerSecond: this.profile.ratePerSecond,
        timeoutMs: this.timeoutMs, allowPrivate: opts.allowPrivate ?? false, resolve: opts.resolve, ca: opts.ca, maxResponseBytes: opts.maxResponseBytes,
      });
      this.auth = s.auth;
      this.limiter = s.limiter;
    } else {
      this.auth = createAuthProvider(opts.auth, { transport: this.transport, now: this.now, timeoutMs: this.timeoutMs });
      this.limiter = new TargetLimiter({ maxConcurrency: this.profile.maxConcurrency, ratePerSecond: this.profile.ratePerSecond, now: this.now });
    }
    this.staticSecrets = authSecrets(opts.auth);
    this.discoveryCache = opts.discoveryCache ?? new Map();
  }

  /** Release keep-alive sockets. */
  close(): void {
    this.transport.close?.();
  }

  get currentRate(): number | null {
    return this.limiter.currentRate;
  }

  private secrets(): string[] {
    return [...this.staticSecrets, ...this.auth.secrets()];
  }

  /** Scrub secrets from anything headed for a log. */
  redact<T>(v: T): T {
    return redactValue(v, this.secrets());
  }

  url(path: string, query?: RequestInit["query"]): string {
    const u = path.startsWith("http://") || path.startsWith("https://") ? path : `${this.baseUrl}${path.startsWith("/") ? "" : "/"}${path}`;
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    // SCIM servers vary in '+' handling: encode spaces as %20
    return s ? `${u}${u.includes("?") ? "&" : "?"}${s.replace(/\+/g, "%20")}` : u;
  }

  // ---------------------------------------------------------------- chokepoint

  async request<T = unknown>(method: string, path: string, init: RequestInit = {}): Promise<ScimResponse<T>> {
    method = method.toUpperCase();
    const url = this.url(path, init.answerWithout?.length ? { ...init.query, excludedAttributes: init.answerWithout.join(",") } : init.query);
    const bodyText = init.body === undefined ? undefined : JSON.stringify(init.body);

    if (this.dryRun && MUTATING.has(method)) return this.recordDryRun<T>(method, url, init.body);

    const safeUrl = () => redactUrl(url, this.secrets());
    if (MUTATING.has(method) && this.opts.beforeWrite && !init.envelope) await this.opts.beforeWrite({ method, url: safeUrl(), body: init.body === undefined ? undefined : this.redact(init.body) });
    const queue = this.opts.bulk && MUTATING.has(method) && !init.envelope && BULK_PATH.test(path) && !init.query ? await this.bulkQueue() : null;
    const onRequest = init.envelope ? undefined : this.opts.onRequest;
    let attempt = 0;
    let authRetried = false;
    const maxRetries = init.noRetry ? 0 : this.retry.maxRetries;
    // a POST that may have reached the server is not repeated blindly: the engine matches before re-creating
    const idempotent = method !== "POST";

    for (;;) {
      attempt++;
      const started = this.now();
      let error: ScimError;
      // The target asked every caller to wait (Retry-After) longer than we wait in line: hand the
      // object back (escrow) without sending anything.
      const paused = this.limiter.pausedForMs();
      if (paused > this.retry.maxRetryAfterMs) {
        throw new ScimError({
          kind: "transient", code: "retry_after", method, url: safeUrl(), attempts: attempt, retryAfterMs: paused,
          message: `${method} ${safeUrl()} not sent: the target asked for no requests during the next ${Math.ceil(paused / 1000)} s (Retry-After).`,
        });
      }
      try {
        const authHeaders = await this.auth.headers();
        const headers: Record<string, string> = {
          accept: `${this.profile.contentType}, application/json;q=0.9`,
          "user-agent": this.opts.userAgent ?? "Provisio-SCIM/1.0",
          ...authHeaders,
        };
        if (bodyText !== undefined) headers["content-type"] = `${this.profile.contentType}; charset=utf-8`;
        const direct = () => this.limiter.run(() => this.transport({ method, url, headers, body: bodyText, timeoutMs: this.timeoutMs }));
        const { value: res, ticket } = queue ? await this.viaBulk(queue, method, path, init.body, init.bulkId, direct) : await direct();
        onRequest?.({ method, url: safeUrl(), status: res.status, attempt, durationMs: this.now() - started, ...(res.headers["retry-after"] !== undefined ? { retryAfter: true } : {}), ...(ticket ? {} : { bulk: true }) });
        const kind = classifyStatus(res.status);
        if (kind === "ok") {
          if (ticket) this.limiter.onSuccess(ticket);
          return { status: res.status, headers: flattenHeaders(res.headers), body: this.parseBody<T>(res.text, method, safeUrl()), attempts: attempt };
        }
        if (res.status === 401 && !authRetried && this.auth.invalidate(authHeaders.authorization)) {
          // token revoked or expired early: one fresh token, not counted as a retry
          authRetried = true;
          attempt--;
          continue;
        }
        error = this.errorFromResponse(method, safeUrl(), res.status, res.text, res.headers["retry-after"] as string | undefined, attempt);
        // Fewer requests in flight (AIMD), and a Retry-After holds back every request to this target
        // (all jobs sharing the limiter), not just this one.
        if (ticket && (res.status === 429 || res.status === 503)) this.limiter.onThrottled(ticket, error.retryAfterMs);
      } catch (e) {
        if (e instanceof ScimError) error = e;
        else {
          const te = e instanceof TransportError ? e : new TransportError("network_error", String((e as Error)?.message ?? e));
          onRequest?.({ method, url: safeUrl(), attempt, durationMs: this.now() - started, errorCode: te.code });
          error = new ScimError({
            kind: classifyNetworkCode(te.code),
            code: te.code,
            message: `${method} ${safeUrl()} failed: ${redactString(te.message, this.secrets())}`,
            method,
            url: safeUrl(),
            attempts: attempt,
            cause: te.cause,
          });
        }
      }
      error.attempts = attempt;
      const mayRepeat =
        idempotent || error.status === 429 || error.status === 503 || error.code === "connection_refused" || error.code === "dns_failure" || error.code === "bulk_not_processed";
      const tooLong = error.retryAfterMs !== undefined && error.retryAfterMs > this.retry.maxRetryAfterMs;
      if (error.kind !== "transient" || attempt > maxRetries || !mayRepeat || tooLong) throw error;
      const delay = error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelay(attempt, this.retry);
      await sleep(Math.min(delay, this.retry.maxRetryAfterMs));
    }
  }

  /**
   * A bulkId for a write about to be made (create(…, { bulkId })), so that another write made
   * right after it can refer to what it creates ("bulkId:<id>", e.g. a group's member) before its
   * answer is back; null when writes do not go through /Bulk.
   */
  async reserveBulkId(): Promise<string | null> {
    if (!this.opts.bulk || this.dryRun) return null;
    return (await this.bulkQueue())?.newBulkId() ?? null;
  }

  /** Writes to /Users and /Groups go through /Bulk (option `bulk`, and the target advertises it). */
  async bulkActive(): Promise<boolean> {
    return !!this.opts.bulk && !this.dryRun && !!(await this.bulkQueue());
  }

  /** The bulk queue for this client, or null when the target does not advertise bulk (or it cannot be read). */
  private bulkQueue(): Promise<BulkQueue | null> {
    this.bulkQueuePromise ??= (async () => {
      if (this.profile.useBulk === "never" || this.dryRun) return null;
      const info = await this.discover().catch(() => undefined);
      if (!info?.bulk.supported || info.bulk.maxOperations < 2) return null;
      const lingerMs = typeof this.opts.bulk === "object" ? this.opts.bulk.lingerMs ?? BULK_LINGER_MS : BULK_LINGER_MS;
      return new BulkQueue((ops) => this.sendBulk(ops), { maxOperations: info.bulk.maxOperations, maxPayloadSize: info.bulk.maxPayloadSize }, { lingerMs });
    })();
    return this.bulkQueuePromise;
  }

  /** One write through the bulk queue, answered as a plain request would be (an operation too large for a bulk request is sent plainly). */
  private async viaBulk(queue: BulkQueue, method: string, path: string, body: unknown, bulkId: string | undefined, direct: () => Promise<{ value: RawResponse; ticket: Ticket }>): Promise<{ value: RawResponse; ticket: Ticket | null }> {
    let a: BulkOpAnswer | undefined;
    try {
      a = await queue.submit({ method: method as QueuedOp["method"], path, data: body, bulkId });
    } catch (e) {
      if (e instanceof BulkTooLarge) return direct();
      throw e;
    }
    if (!a) {
      throw new ScimError({
        kind: "transient", code: "bulk_not_processed", method, url: redactUrl(this.url(path), this.secrets()),
        message: `${method} ${redactUrl(this.url(path), this.secrets())} was not processed: the target stopped its bulk request before this operation.`,
      });
    }
    const ok = a.status >= 200 && a.status < 300;
    const id = ok && method === "POST" ? createdId(a) : undefined;
    const out = ok && a.response === undefined && id === undefined ? undefined : { ...((a.response as object | undefined) ?? {}), ...(id !== undefined ? { id } : {}) };
    return { value: { status: a.status, headers: {}, text: out === undefined ? "" : JSON.stringify(out) }, ticket: null };
  }

  /** POST /Bulk of these operations; the answers in the same order (undefined: not processed). */
  private async sendBulk(ops: QueuedOp[], failOnErrors?: number): Promise<Array<BulkOpAnswer | undefined>> {
    const res = await this.request<Record<string, unknown>>("POST", "/Bulk", {
      envelope: true,
      body: {
        schemas: [SCHEMAS.bulkRequest],
        ...(failOnErrors !== undefined ? { failOnErrors } : {}),
        Operations: ops.map((o) => ({ method: o.method, path: o.path, bulkId: o.bulkId, ...(o.data !== undefined ? { data: o.data } : {}) })),
      },
    });
    return matchBulkAnswers(ops, (res.body?.Operations ?? []) as Array<Record<string, unknown>>);
  }

  private parseBody<T>(text: string, method: string, url: string): T {
    if (!text.trim()) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ScimError({
        kind: "permanent",
        code: "invalid_json",
        message: `${method} ${url} answered with a body that is not JSON.`,
        method,
        url,
        responseBody: truncate(redactString(text, this.secrets()), 500),
      });
    }
  }

  private errorFromResponse(method: string, url: string, status: number, text: string, retryAfter: string | undefined, attempt: number): ScimError {
    let detail: string | undefined;
    let scimType: string | undefined;
    try {
      const j = JSON.parse(text) as Record<string, unknown>;
      detail = typeof j.detail === "string" ? j.detail : typeof j.message === "string" ? j.message : undefined;
      scimType = typeof j.scimType === "string" ? j.scimType : undefined;
      // SCIM 1.1 error envelope: { Errors: [{ description, code }] }
      const errs = (j.Errors ?? j.errors) as Array<Record<string, unknown>> | undefined;
      if (!detail && Array.isArray(errs) && errs[0] && typeof errs[0].description === "string") detail = errs[0].description;
    } catch {
      /* not JSON: keep the raw text in responseBody */
    }
    const kind = classifyStatus(status);
    const redirect = status >= 300 && status < 400;
    const secrets = this.secrets();
    return new ScimError({
      kind: kind === "ok" ? "permanent" : kind,
      code: redirect ? "redirect_refused" : `http_${status}`,
      message: redirect
        ? `${method} ${url} was redirected; redirects are not followed. Use the final URL as the base URL.`
        : `${method} ${url} → ${status}${detail ? `: ${redactString(detail, secrets)}` : ""}`,
      status,
      scimType,
      detail: detail ? redactString(detail, secrets) : undefined,
      retryAfterMs: parseRetryAfter(retryAfter, this.now()),
      method,
      url,
      responseBody: truncate(redactString(text, secrets), 1000),
      attempts: attempt,
    });
  }

  private recordDryRun<T>(method: string, url: string, body: unknown): ScimResponse<T> {
    this.dryRunLog.push({ method, url: redactUrl(url, this.secrets()), body: body === undefined ? undefined : this.redact(body) });
    this.opts.onRequest?.({ method, url: redactUrl(url, this.secrets()), attempt: 1, durationMs: 0, dryRun: true });
    const id = `dry-run-${++this.dryRunSeq}`;
    if (method === "DELETE") return { status: 204, headers: {}, body: undefined as T, attempts: 0 };
    const echo = body && typeof body === "object" && !("Operations" in body) ? body : {};
    return { status: method === "POST" ? 201 : 200, headers: {}, body: { ...(echo as object), id: method === "POST" ? id : url.split("/").pop() } as T, attempts: 0 };
  }

  // ---------------------------------------------------------------- discovery

  /** ServiceProviderConfig, fetched once per base URL (SCIM 1.1 targets use /ServiceProviderConfigs). */
  discover(): Promise<ServiceProviderInfo> {
    const key = `${this.baseUrl}|${this.profile.serviceProviderConfigPath}`;
    let p = this.discoveryCache.get(key);
    if (!p) {
      p = this.fetchServiceProviderConfig().catch((e: unknown) => {
        // failed discovery must not be cached for good: try again next time
        this.discoveryCache.delete(key);
        throw e;
      });
      this.discoveryCache.set(key, p);
    }
    return p;
  }

  private async fetchServiceProviderConfig(): Promise<ServiceProviderInfo> {
    let raw: Record<string, unknown> | undefined;
    try {
      raw = (await this.request<Record<string, unknown>>("GET", this.profile.serviceProviderConfigPath)).body;
    } catch (e) {
      if (e instanceof ScimError && (e.kind === "not_found" || e.status === 400 || e.status === 405 || e.code === "invalid_json")) return this.assumedConfig();
      throw e;
    }
    return parseServiceProviderConfig(raw, this.profile);
  }

  private assumedConfig(): ServiceProviderInfo {
    return {
      discovered: false,
      scimVersion: this.profile.scimVersion,
      patch: true,
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: this.profile.filter.supported, maxResults: null },
      sort: false,
      etag: false,
      changePassword: false,
      authenticationSchemes: [],
    };
  }

  // ---------------------------------------------------------------- reads

  private path(type: ResourceType, id?: string): string {
    if (type === "Groups" && !this.profile.groupsSupported) {
      throw new ScimError({ kind: "permanent", code: "groups_unsupported", message: "This app does not support provisioning groups." });
    }
    if (id === undefined) return `/${type}`;
    if (this.profile.numericIds && !/^\d+$/.test(id)) {
      throw new ScimError({ kind: "permanent", code: "invalid_id", message: `The target uses numeric ids; "${id}" is not one.` });
    }
    return `/${type}/${encodeURIComponent(id)}`;
  }

  private checkFilter(filter: string): void {
    const f = this.profile.filter;
    const fail = (why: string) => {
      throw new ScimError({ kind: "permanent", code: "filter_unsupported", message: `The target cannot evaluate this filter: ${why}.` });
    };
    if (!f.supported) fail("it does not support filtering");
    for (const op of filterOperators(filter)) if (!f.operators.includes(op)) fail(`operator "${op}" is not supported`);
    if (f.attributes.length) {
      const bare = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      for (const m of bare.matchAll(/([A-Za-z_][\w.:-]*)\s+(?:eq|ne|co|sw|ew|gt|ge|lt|le|pr)\b/gi)) {
        if (!f.attributes.some((a) => a.toLowerCase() === m[1]!.toLowerCase())) fail(`attribute "${m[1]}" cannot be filtered on`);
      }
    }
  }

  async list(type: ResourceType, q: ListQuery = {}, init: Pick<RequestInit, "noRetry"> = {}): Promise<ListPage> {
    if (q.filter) this.checkFilter(q.filter);
    const res = await this.request<Record<string, unknown>>("GET", this.path(type), {
      ...init,
      query: {
        filter: q.filter,
        startIndex: this.profile.paging ? q.startIndex : undefined,
        count: this.profile.paging ? q.count : undefined,
        attributes: q.attributes?.join(","),
        excludedAttributes: q.excludedAttributes?.join(","),
      },
    });
    return this.parseList(res.body, `GET ${this.path(type)}`);
  }

  parseList(body: unknown, what: string): ListPage {
    const b = body as Record<string, unknown> | undefined;
    const key = this.profile.listResourcesKey;
    const resources = b && typeof b === "object" ? (b[key] ?? b.Resources ?? b.resources) : undefined;
    const total = b && typeof b === "object" ? b.totalResults : undefined;
    if (!b || typeof b !== "object" || Array.isArray(b) || (resources === undefined && typeof total !== "number") || (resources !== undefined && !Array.isArray(resources))) {
      throw new ScimError({
        kind: "permanent",
        code: "not_scim",
        message: `${what} answered JSON that is not a SCIM list response (no totalResults / ${key}).`,
        responseBody: truncate(redactString(JSON.stringify(body) ?? "", this.secrets()), 500),
      });
    }
    const list = (resources ?? []) as ScimResource[];
    for (const r of list) if (r && r.id !== undefined) r.id = String(r.id);
    return {
      resources: list,
      totalResults: typeof total === "number" ? total : list.length,
      startIndex: typeof b.startIndex === "number" ? b.startIndex : 1,
      itemsPerPage: typeof b.itemsPerPage === "number" ? b.itemsPerPage : list.length,
    };
  }

  /** Every resource matching the query, paged with startIndex/count until totalResults. */
  async *listAll(type: ResourceType, q: Omit<ListQuery, "startIndex" | "count"> & { pageSize?: number } = {}): AsyncGenerator<ScimResource> {
    let pageSize = q.pageSize ?? this.profile.pageSize;
    const cached = this.discoveryCache.get(`${this.baseUrl}|${this.profile.serviceProviderConfigPath}`);
    if (cached) {
      const info = await cached.catch(() => undefined);
      if (info?.filter.maxResults) pageSize = Math.min(pageSize, info.filter.maxResults);
    }
    let startIndex = 1;
    for (;;) {
      const page = await this.list(type, { ...q, startIndex, count: pageSize });
      for (const r of page.resources) yield r;
      startIndex += page.resources.length;
      if (!this.profile.paging || page.resources.length === 0 || startIndex > page.totalResults) return;
    }
  }

  /** Matching: resources whose attribute equals the value (escaped); groups without their members where the target allows (withoutMembers). */
  async findBy(type: ResourceType, attribute: string, value: string | number | boolean): Promise<ScimResource[]> {
    const page = await this.list(type, { filter: scimFilter.eq(attribute, value), count: 2, excludedAttributes: this.withoutMembers(type) });
    return page.resources;
  }

  /**
   * A request for one resource by id. Where the target answers 401 for a missing group
   * (profile.missingGroupStatus), a 401 is checked with a request that needs no group.
   */
  private async byId<T>(type: ResourceType, method: string, id: string, init: RequestInit = {}): Promise<ScimResponse<T>> {
    try {
      return await this.request<T>(method, this.path(type, id), init);
    } catch (e) {
      if (!(e instanceof ScimError && e.status === 401 && type === "Groups" && this.profile.missingGroupStatus === 401)) throw e;
      throw resolveGroup401(e, await this.credentialsCheck());
    }
  }

  /** One cheap read with the same credentials (as Test Connection: a filter that matches nobody). */
  private async credentialsCheck(): Promise<"accepted" | "rejected"> {
    const f = this.profile.filter;
    const filterable = f.supported && f.operators.includes("eq") && (!f.attributes.length || f.attributes.includes("userName"));
    try {
      await this.list("Users", filterable ? { filter: scimFilter.eq("userName", `provisio-credentials-check-${this.now()}`), count: 1 } : { count: 1 });
      return "accepted";
    } catch (e) {
      if (e instanceof ScimError && e.kind === "auth") return "rejected";
      // neither proven: the check's own failure (e.g. transient) goes back to the caller
      throw e;
    }
  }

  /** null when the target says 404. */
  async get(type: ResourceType, id: string, q: Pick<ListQuery, "attributes" | "excludedAttributes"> = {}): Promise<ScimResource | null> {
    try {
      const res = await this.byId<ScimResource>(type, "GET", id, {
        query: { attributes: q.attributes?.join(","), excludedAttributes: q.excludedAttributes?.join(",") },
      });
      if (res.body && res.body.id !== undefined) res.body.id = String(res.body.id);
      return res.body ?? null;
    } catch (e) {
      if (e instanceof ScimError && e.kind === "not_found") return null;
      throw e;
    }
  }

  // ---------------------------------------------------------------- writes

  /** opts.bulkId: see reserveBulkId (ignored when the write does not go through /Bulk). */
  async create(type: ResourceType, body: ScimResource, opts: { bulkId?: string } = {}): Promise<ScimResource> {
    const res = await this.request<ScimResource>("POST", this.path(type), { body, bulkId: opts.bulkId });
    const r = res.body ?? {};
    if (r.id !== undefined) r.id = String(r.id);
    return r;
  }

  async replace(type: ResourceType, id: string, body: ScimResource): Promise<ScimResource | undefined> {
    return (await this.byId<ScimResource>(type, "PUT", id, { body, answerWithout: this.withoutMembers(type) })).body;
  }

  async patch(type: ResourceType, id: string, body: PatchRequestBody | Record<string, unknown>): Promise<ScimResource | undefined> {
    return (await this.byId<ScimResource>(type, "PATCH", id, { body, answerWithout: this.withoutMembers(type) })).body;
  }

  /**
   * ["members"] for groups where the target takes ?excludedAttributes=members
   * (profile.groupsWithoutMembers): what a write answers, or a read for matching, never needs a
   * group's members, and a large group's (a PATCH answered 200 with 97,000 members after each
   * 1,000 added) costs more to send and read than the change itself.
   */
  withoutMembers(type: ResourceType): string[] | undefined {
    return type === "Groups" && this.profile.groupsWithoutMembers ? ["members"] : undefined;
  }

  /** false when it was already gone (404). */
  async delete(type: ResourceType, id: string): Promise<boolean> {
    try {
      await this.byId(type, "DELETE", id);
      return true;
    } catch (e) {
      if (e instanceof ScimError && e.kind === "not_found") return false;
      throw e;
    }
  }

  // ---------------------------------------------------------------- flat-attribute helpers for the engine

  schemasFor(type: ResourceType): string[] {
    return [type === "Users" ? SCHEMAS.user : SCHEMAS.group];
  }

  /** POST body for flattened target attributes under this profile. */
  buildResource(type: ResourceType, flat: FlatAttributes): ScimResource {
    const p = this.profile;
    let flatIn = flat;
    if (p.allowedUserAttributes.length && type === "Users") {
      flatIn = Object.fromEntries(Object.entries(flat).filter(([k]) => p.allowedUserAttributes.includes(k)));
    }
    return toScimResource(flatIn, this.schemasFor(type), {
      sendSchemas: p.sendSchemas,
      dropActive: !p.supportsActive,
      activeAsString: p.activeAsString,
      memberType: p.memberType,
    });
  }

  createFromFlat(type: ResourceType, flat: FlatAttributes, opts: { bulkId?: string } = {}): Promise<ScimResource> {
    return this.create(type, this.buildResource(type, flat), opts);
  }

  /**
   * Write only what changed between two flattened states: PATCH ops (chunked
   * membership), SCIM 1.1 partial objects, or PUT of `after` when the profile or
   * discovery says PATCH is unsupported. Returns the number of requests sent.
   */
  async updateFromFlat(type: ResourceType, id: string, before: FlatAttributes, after: FlatAttributes): Promise<number> {
    const p = this.profile;
    let usePut = p.usePut;
    if (!usePut && !this.dryRun) {
      const info = await this.discover().catch(() => undefined);
      if (info?.discovered && !info.patch) usePut = true;
    }
    if (usePut) {
      const { add, remove } = diffMembers(before.members, after.members);
      const changed = JSON.stringify(this.buildResource(type, before)) !== JSON.stringify(this.buildResource(type, after));
      if (!changed && add.length === 0 && remove.length === 0) return 0;
      await this.replace(type, id, this.buildResource(type, after));
      return 1;
    }
    if (type === "Groups" && p.memberUpdate === "full-list" && ("members" in before || "members" in after)) {
      // Attributes first, then the member list in a form that means the same however the target reads it.
      const diff = diffMembers(before.members, after.members);
      const { members: _b, ...attrsBefore } = before;
      const { members: _a, ...attrsAfter } = after;
      const sent = await this.updateFromFlat(type, id, attrsBefore, attrsAfter);
      const display = typeof after.displayName === "string" ? after.displayName : undefined;
      return sent + (diff.add.length || diff.remove.length ? await this.writeFullMemberList(id, diff, display) : 0);
    }
    if (p.patchStyle === "partial-object") {
      const required = type === "Groups" ? ["displayName"] : [];
      const bodies = buildPartialObjectPatches(before, after, p, required);
      for (const b of bodies) await this.patch(type, id, b);
      return bodies.length;
    }
    const bodies = buildPatchRequests(before, after, p);
    for (const b of bodies) await this.patch(type, id, b);
    return bodies.length;
  }

  /** Group membership change, chunked to the profile's maxMembersPerPatch. */
  async updateMembers(groupId: string, diff: MemberDiff, opts: { displayName?: string } = {}): Promise<number> {
    const p = this.profile;
    if (p.memberUpdate === "full-list") return this.writeFullMemberList(groupId, diff, opts.displayName);
    if (p.patchStyle === "partial-object") {
      const before = { displayName: opts.displayName ?? null, members: diff.remove.map((value) => ({ value })) };
      const after = { displayName: opts.displayName ?? null, members: diff.add.map((value) => ({ value })) };
      const bodies = buildPartialObjectPatches(before, after, p, ["displayName"]);
      for (const b of bodies) await this.patch("Groups", groupId, b);
      return bodies.length;
    }
    const reqs = buildMemberOperations(diff, p);
    for (const ops of reqs) await this.patch("Groups", groupId, { schemas: [SCHEMAS.patchOp], Operations: ops });
    return reqs.length;
  }

  /** Reads the group, then writes its complete member list in one request (see fullListWrite). */
  private async writeFullMemberList(groupId: string, diff: MemberDiff, displayName?: string): Promise<number> {
    const group = await this.get("Groups", groupId);
    if (!group) throw new ScimError({ kind: "not_found", code: "http_404", status: 404, message: `The group ${groupId} no longer exists in the target.`, method: "GET" });
    const current = (Array.isArray(group.members) ? group.members : []) as Array<{ type?: unknown; value?: unknown }>;
    const name = displayName ?? String(group.displayName ?? groupId);
    const write = fullListWrite(
      current.filter((m) => m.value !== undefined).map((m) => ({ type: typeof m.type === "string" ? m.type : undefined, value: String(m.value) })),
      diff,
      Math.max(1, this.profile.maxMembersPerPatch),
      name,
    );
    if (write.method === "none") return 0;
    const members = write.members.map((m) => (this.profile.memberType ? { type: m.type ?? "user", value: m.value } : { value: m.value }));
    const body = { ...(this.profile.sendSchemas ? { schemas: this.schemasFor("Groups") } : {}), displayName: String(group.displayName ?? name), members };
    if (write.method === "PUT") await this.replace("Groups", groupId, body);
    else await this.patch("Groups", groupId, body);
    return 1;
  }

  /** Disable per profile: PATCH active=false, or DELETE where the target has no `active` (GoTo). */
  async disableUser(id: string): Promise<"patched" | "deleted" | "already_gone"> {
    const p = this.profile;
    if (p.disableAction === "delete" || !p.supportsActive) return (await this.delete("Users", id)) ? "deleted" : "already_gone";
    const active = p.activeAsString ? "False" : false;
    if (p.usePut) {
      const current = await this.get("Users", id);
      if (!current) return "already_gone";
      const { meta: _meta, ...rest } = current;
      await this.replace("Users", id, { ...rest, active });
      return "patched";
    }
    const body =
      p.patchStyle === "partial-object"
        ? { active }
        : { schemas: [SCHEMAS.patchOp], Operations: [{ op: opName("replace", p.patchOpCasing), path: "active", value: active }] };
    await this.patch("Users", id, body);
    return "patched";
  }

  // ---------------------------------------------------------------- bulk

  async bulkSupported(): Promise<boolean> {
    if (this.profile.useBulk === "never") return false;
    const info = await this.discover().catch(() => undefined);
    return !!info?.bulk.supported && info.bulk.maxOperations > 0;
  }

  /**
   * POST /Bulk in requests within the advertised maxOperations and maxPayloadSize (bulk-plan.ts);
   * an operation referring to another's bulkId goes in the same request or a later one, which
   * then carries the id the target gave. Per-operation results in the order given, classified;
   * an operation the target did not process (it stopped at failOnErrors) comes back with status 0.
   */
  async bulk(operations: BulkOperation[], opts: { failOnErrors?: number } = {}): Promise<BulkResult[]> {
    const info = await this.discover();
    if (this.profile.useBulk === "never" || !info.bulk.supported) {
      throw new ScimError({ kind: "permanent", code: "bulk_unsupported", message: "The target does not advertise /Bulk support." });
    }
    const ops: QueuedOp[] = operations.map((o, key) => ({ key, method: o.method, path: o.path, bulkId: o.bulkId ?? `op${key + 1}`, data: o.data }));
    if (this.dryRun) {
      for (const o of ops) this.recordDryRun(o.method, this.url(o.path), o.data);
      return ops.map((o) => ({ method: o.method, bulkId: o.bulkId, status: 200, ok: true }));
    }
    const plan = planBulk(ops, { maxOperations: Math.max(1, info.bulk.maxOperations || 1), maxPayloadSize: info.bulk.maxPayloadSize });
    if (plan.single.length) {
      throw new ScimError({ kind: "permanent", code: "bulk_too_large", message: `${plan.single.length} operation(s) exceed the target's bulk maxPayloadSize (${info.bulk.maxPayloadSize} bytes).` });
    }
    const answers = new Map<number, BulkOpAnswer | undefined>();
    const ids = new Map<string, string>();
    const swap = (t: string) => t.replace(/bulkId:([A-Za-z0-9._~-]+)/g, (m, id: string) => ids.get(id) ?? m);
    for (const batch of plan.batches) {
      // later requests carry the ids earlier ones created instead of their bulkIds
      const sent = batch.ops.map((o) => (batch.after ? { ...o, path: swap(o.path), data: o.data === undefined ? undefined : JSON.parse(swap(JSON.stringify(o.data))) } : o));
      const got = await this.sendBulk(sent, opts.failOnErrors);
      sent.forEach((o, i) => {
        const a = got[i];
        answers.set(o.key, a);
        const id = a && a.status >= 200 && a.status < 300 && o.method === "POST" ? createdId(a) : undefined;
        if (id) ids.set(o.bulkId, id);
      });
    }
    return ops.map((o) => {
      const a = answers.get(o.key);
      if (!a) {
        return {
          method: o.method, bulkId: o.bulkId, status: 0, ok: false,
          error: new ScimError({ kind: "transient", code: "bulk_not_processed", message: `Bulk ${o.method} ${o.path} was not processed (the target stopped at failOnErrors).` }),
        };
      }
      const kind = classifyStatus(a.status);
      const detail = (a.response as Record<string, unknown> | undefined)?.detail;
      return {
        method: o.method, bulkId: o.bulkId, location: a.location, status: a.status, ok: kind === "ok", response: a.response,
        error: kind === "ok" ? undefined : new ScimError({
          kind, code: `http_${a.status}`, status: a.status, message: `Bulk ${o.method} ${o.path} → ${a.status}`,
          detail: typeof detail === "string" ? detail : undefined,
          scimType: typeof (a.response as Record<string, unknown> | undefined)?.scimType === "string" ? String((a.response as Record<string, unknown>).scimType) : undefined,
        }),
      };
    });
  }
}

export function parseServiceProviderConfig(raw: unknown, profile: CompatibilityProfile): ServiceProviderInfo {
  const r = (raw ?? {}) as Record<string, Record<string, unknown> | unknown>;
  const sup = (k: string) => !!(r[k] && typeof r[k] === "object" && (r[k] as Record<string, unknown>).supported === true);
  const num = (k: string, f: string) => {
    const o = r[k] as Record<string, unknown> | undefined;
    const v = o && typeof o === "object" ? Number(o[f]) : NaN;
    return Number.isFinite(v) ? v : null;
  };
  const schemas = Array.isArray(r.schemas) ? (r.schemas as string[]) : [];
  const is11 = schemas.some((s) => s.startsWith("urn:scim:schemas:core:1.0")) || (!schemas.length && profile.scimVersion === "1.1");
  const schemes = Array.isArray(r.authenticationSchemes)
    ? (r.authenticationSchemes as Array<Record<string, unknown>>)
    : r.authenticationSchemes && typeof r.authenticationSchemes === "object"
      ? [r.authenticationSchemes as Record<string, unknown>]
      : [];
  return {
    discovered: true,
    scimVersion: is11 ? "1.1" : "2.0",
    patch: sup("patch"),
    bulk: { supported: sup("bulk"), maxOperations: num("bulk", "maxOperations") ?? 0, maxPayloadSize: num("bulk", "maxPayloadSize") ?? 0 },
    filter: { supported: sup("filter"), maxResults: num("filter", "maxResults") },
    sort: sup("sort"),
    etag: sup("etag"),
    changePassword: sup("changePassword"),
    authenticationSchemes: schemes.map((s) => String(s.type ?? s.name ?? "")).filter(Boolean),
  };
}
