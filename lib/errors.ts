// One error type for the whole product. `message` is what a user sees;
// `internal` (never sent) helps whoever reads the server log.

export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorDetail = { path?: string; message: string; [k: string]: unknown };

/**
 * The catalogue key of an error's message (lib/i18n/messages/<locale>/errors.json) and its values:
 * the API answers `message` in the request's language from it; `message` itself stays English.
 */
export type MessageKey = { key: string; values?: Record<string, string | number | MessageKey> };

/**
 * Several catalogue texts as one message (several rules broken, several things changed): joined
 * by the catalogue (errors.sentences / errors.list), so each language joins them its own way
 * instead of English concatenation.
 */
export function joinedKeys(how: "sentences" | "list", parts: MessageKey[]): MessageKey | undefined {
  if (parts.length === 0) return undefined;
  return parts.reduceRight((rest, first) => ({ key: `errors.${how}`, values: { first, rest } }));
}

export class AppError extends Error {
  readonly status: number;
  /** set by localized(): what `message` says, as a catalogue key (none: `message` in every language) */
  i18n?: MessageKey;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly internal?: string,
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

/**
 * One validation issue as a catalogue text: "{where}: {what}". A schema message of a known shape
 * ("mail must be a string") is rebuilt from errors.field.* (field-messages.ts); any other reads as
 * written in every language. No where: the message alone.
 */
export function issueKey(where: string | MessageKey | undefined, message: string, fieldKey: (m: string) => MessageKey | null): MessageKey {
  const what = fieldKey(message) ?? { key: "errors.asWritten", values: { text: message } };
  return where ? { key: "errors.issueAt", values: { where, what } } : what;
}

/** The first issue and how many more ("a: b (and 2 more)"). */
export function firstOfKeys(first: MessageKey, total: number): MessageKey {
  return total > 1 ? { key: "errors.andMore", values: { first, count: total - 1 } } : first;
}

/** Attaches the catalogue key of an error's message (English `message` stays as given). */
export function localized<E extends AppError>(err: E, key: string, values?: MessageKey["values"]): E {
  err.i18n = { key: `errors.${key}`, values };
  return err;
}

// notFound("The user") → errors.notFound with what=user (an ICU select over these).
const OBJECTS: Record<string, string> = {
  "The administrator": "administrator",
  "The application": "application",
  "The assignment": "assignment",
  "The email": "email",
  "The group": "group",
  "The group mapping": "groupMapping",
  "The log entry": "logEntry",
  "The mapping": "mapping",
  "The membership": "membership",
  "The object": "object",
  "The preview": "preview",
  "The SCIM token": "scimToken",
  "The user": "user",
  "The user mapping": "userMapping",
};

export const notFound = (what: string) => localized(new AppError("not_found", `${what} was not found.`), "notFound", { what: OBJECTS[what] ?? "object" });
export const conflict = (message: string) => new AppError("conflict", message);
export const badRequest = (message: string, details?: ErrorDetail[]) => new AppError("validation_failed", message, details);

type PrismaLikeError = { code?: string; meta?: { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { kind?: string } } } };

/** Seconds a client should wait before retrying when the database is down (Retry-After). */
export const DB_RETRY_AFTER_S = 30;

// Prisma's "cannot reach / timed out / connection closed / pool exhausted", the driver adapter's
// kinds for the same, and Postgres' own "shutting down / starting up / too many connections".
const DB_DOWN_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "57P01", "57P02", "57P03", "53300", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"]);
const DB_DOWN_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist", "DatabaseAccessDenied"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as PrismaLikeError & { cause?: unknown; message?: unknown };
  if (!e || typeof e !== "object") return false;
  if (typeof e.code === "string" && DB_DOWN_CODES.has(e.code)) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  if (kind && DB_DOWN_KINDS.has(kind)) return true;
  if (typeof e.message === "string" && /Connection terminated|timeout exceeded when trying to connect|Can't reach database server/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}

/** Maps known library errors to AppError; null when unknown (caller answers 500 and logs). */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) return localized(new AppError("unavailable", "Provisio cannot reach its database right now. Try again in a minute.", undefined, String((err as Error)?.message ?? err)), "dbUnavailable");
  const e = err as PrismaLikeError & { name?: string };
  if (e && typeof e === "object" && typeof e.code === "string") {
    if (e.code === "P2025") return localized(new AppError("not_found", "The object was not found."), "notFound", { what: "object" });
    if (e.code === "P2002") {
      const target = Array.isArray(e.meta?.target) ? (e.meta?.target as string[]).join(", ") : String(e.meta?.target ?? "a unique field");
      return localized(new AppError("conflict", `Another object already uses this value (${target}).`), "uniqueConflict", { target });
    }
    if (e.code === "P2003") return localized(new AppError("conflict", "The object is referenced by or references something that does not exist."), "foreignKey");
    // Postgres: invalid text representation, numeric out of range, string too long
    // (22021: a byte sequence Postgres text cannot hold, e.g. NUL)
    if (e.code === "22P02" || e.code === "22003" || e.code === "22001" || e.code === "22021") return localized(new AppError("validation_failed", "A value has the wrong format or is too long."), "badValue");
  }
  return null;
}
