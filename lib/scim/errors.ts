// Error type and status classification shared by every SCIM call.

/** How the sync engine should react to a failure. */
export type ScimErrorKind =
  | "transient" // retry later (network, timeout, 408, 429, 5xx)
  | "permanent" // a clear failure; retrying will not help (other 4xx, bad body)
  | "not_found" // 404 on a linked object → relink / recreate
  | "conflict" // 409 → match and adopt
  | "auth"; // credentials rejected (401/403, token endpoint) → quarantine

export type ScimErrorInit = {
  kind: ScimErrorKind;
  /** stable machine code, e.g. "http_429", "dns_failure", "timeout", "not_scim" */
  code: string;
  message: string;
  status?: number;
  scimType?: string;
  detail?: string;
  /** milliseconds the target asked us to wait (Retry-After), when it said so */
  retryAfterMs?: number;
  method?: string;
  /** already redacted */
  url?: string;
  /** already redacted and truncated */
  responseBody?: string;
  attempts?: number;
  cause?: unknown;
};

export class ScimError extends Error {
  readonly kind: ScimErrorKind;
  readonly code: string;
  readonly status?: number;
  readonly scimType?: string;
  readonly detail?: string;
  readonly retryAfterMs?: number;
  readonly method?: string;
  readonly url?: string;
  readonly responseBody?: string;
  attempts: number;

  constructor(init: ScimErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ScimError";
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.scimType = init.scimType;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.url = init.url;
    this.responseBody = init.responseBody;
    this.attempts = init.attempts ?? 1;
  }

  get retryable(): boolean {
    return this.kind === "transient";
  }

  /** Safe to write to logs: everything here was redacted when the error was built. */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      message: this.message,
      status: this.status,
      scimType: this.scimType,
      detail: this.detail,
      retryAfterMs: this.retryAfterMs,
      method: this.method,
      url: this.url,
      responseBody: this.responseBody,
      attempts: this.attempts,
    };
  }
}

/**
 * A group whose membership cannot be written without risking members: the target's PATCH
 * semantics for `members` are unknown and the whole list does not fit in one request.
 */
export class MembershipNotExpressible extends Error {
  constructor(message: string, readonly members: number, readonly limit: number, readonly group = "") {
    super(message);
    this.name = "MembershipNotExpressible";
  }
}

/**
 * A 401 on a group-by-id request to a target that answers 401 for missing groups, once a request
 * needing no group has been tried with the same credentials: accepted → the group is gone
 * (not_found, the engine's recreate path); rejected → the 401 stands (auth, quarantine).
 */
export function resolveGroup401(err: ScimError, credentials: "accepted" | "rejected"): ScimError {
  if (credentials === "rejected") return err;
  return new ScimError({
    kind: "not_found", code: "group_not_found", status: err.status, method: err.method, url: err.url, attempts: err.attempts, responseBody: err.responseBody, detail: err.detail,
    message: `${err.message} (the credentials are accepted for other requests: the group does not exist in the target)`,
  });
}

export function isScimError(e: unknown): e is ScimError {
  return e instanceof ScimError;
}

/** RFC 7644 §3.12 plus the usual gateway statuses. */
export function classifyStatus(status: number): ScimErrorKind | "ok" {
  if (status >= 200 && status < 300) return "ok";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 401 || status === 403) return "auth";
  if (status === 408 || status === 429 || status >= 500) return "transient";
  return "permanent";
}

/** Network-level failures: which are worth retrying. */
const TRANSIENT_NET_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "timeout",
  "connection_reset",
  "connection_refused",
]);

export function classifyNetworkCode(code: string): ScimErrorKind {
  return TRANSIENT_NET_CODES.has(code) ? "transient" : "permanent";
}
