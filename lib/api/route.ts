// The one wrapper every REST route goes through: authentication (session or
// bearer), the role check, CSRF origin check for cookie-authenticated writes,
// body size limit, zod parsing of params/query/body, and the error envelope.
// Each RouteSpec is also registered for the OpenAPI document and the
// authorization-matrix test, so a route cannot exist without a spec.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { actorFromRequest } from "../auth/actor";
import { readBodyCapped } from "./body";
import { hasRole, type Actor, type Role } from "../auth/roles";
import { mediaTypeProblem } from "../request/media-type";
import { originOfUrl } from "../request/origin";
import { requestClientIp, requestPortalOrigins } from "../request/context";
import { AppError, DB_RETRY_AFTER_S, localized, toAppError, type ErrorDetail, type MessageKey } from "../errors";
import { log } from "../log";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { localeFromHeaders } from "../i18n/negotiate";
import { translateKey } from "../i18n/translate";
import { zodErrorMap } from "../i18n/zod";
import { translateFieldMessage } from "../i18n/field-messages";

export const MAX_BODY_BYTES = 1024 * 1024;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> = {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. /api/v1/apps/{appId} */
  path: string;
  summary: string;
  tags?: string[];
  /** "public" = no authentication */
  role: Role | "public";
  params?: P;
  query?: Q;
  body?: B;
  /** request body media type when it is not JSON (e.g. text/csv: handler reads the raw text) */
  rawBody?: "text/csv";
  /** request body limit when a route needs more than MAX_BODY_BYTES (e.g. CSV import) */
  maxBodyBytes?: number;
  /** success status (default 200; handlers returning undefined answer 204) */
  status?: number;
  response?: z.ZodType;
  /** response media types besides JSON */
  produces?: string[];
};

export const registry: RouteSpec[] = [];

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  registry.push(spec as unknown as RouteSpec);
  return spec;
}

export type RouteContext<P, Q, B> = {
  req: NextRequest;
  actor: Actor | null;
  params: P;
  query: Q;
  body: B;
  rawBody: string | null;
  ip: string;
  /** the request's language (Accept-Language): human-readable texts of the answer use it */
  locale: Locale;
};

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export function errorResponse(status: number, code: string, message: string, details?: ErrorDetail[]) {
  // 503 = the database is down: tell clients when to come back
  const headers = status === 503 ? { "retry-after": String(DB_RETRY_AFTER_S) } : undefined;
  return NextResponse.json({ error: { code, message, ...(details ? { details } : {}) } }, { status, headers });
}

function zodDetails(err: z.ZodError, prefix: string, locale: Locale): ErrorDetail[] {
  return err.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join(".");
    if (i.code === "unrecognized_keys") {
      const en = `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}`;
      return { path, message: locale === DEFAULT_LOCALE ? en : (translateKey(locale, "errors.unknownFields", { count: i.keys.length, keys: i.keys.join(", ") }) ?? en) };
    }
    return { path, message: locale === DEFAULT_LOCALE ? i.message : translateFieldMessage(i.message, (key, values) => translateKey(locale, key, values)) };
  });
}

function parseOrThrow<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string, locale: Locale): unknown {
  if (!schema) return undefined;
  // zod's own messages in the request's language; a schema's custom messages stay as written
  const r = locale === DEFAULT_LOCALE ? schema.safeParse(value) : schema.safeParse(value, { error: zodErrorMap(locale) });
  if (!r.success) {
    const details = zodDetails(r.error, where === "body" ? "" : where, locale);
    const first = details[0];
    // already in the request's language: answered as is
    throw new AppError("validation_failed", first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : `Invalid ${where}`, details);
  }
  return r.data;
}

// Postgres text cannot hold NUL, and Prisma cannot carry unpaired UTF-16 surrogates (which JSON
// "\ud800" escapes produce): refuse both at the door with a 400 instead of failing in a query with a 500.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Walks a parsed value (iteratively: bodies may nest thousands of levels) and throws on unstorable
 * text in keys or strings, and on "__proto__" keys (zod's record() drops them silently, so a body
 * of only `{"__proto__": …}` would pass as `{}` instead of failing as an unknown field).
 */
export function assertStorableText(value: unknown, where: string) {
  const stack: Array<[unknown, string]> = [[value, where]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) throw localized(new AppError("validation_failed", `${at ? `${at}: ` : ""}NUL characters and unpaired UTF-16 surrogates are not allowed.`, [{ path: at, message: "NUL characters and unpaired UTF-16 surrogates are not allowed." }]), "unstorable", { prefix: at ? `${at}: ` : "" });
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const path = at ? `${at}.${k}` : k;
        if (k === "__proto__") throw localized(new AppError("validation_failed", `${path}: field names like __proto__ are not allowed.`, [{ path, message: "field names like __proto__ are not allowed." }]), "protoKey", { path });
        if (UNSTORABLE.test(k)) stack.push([k, path]);
        stack.push([x, path]);
      }
    }
  }
}

const sizeText = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

async function readBody(req: NextRequest, limit = MAX_BODY_BYTES): Promise<string> {
  const text = await readBodyCapped(req, limit);
  if (text === null) throw localized(new AppError("payload_too_large", `The request body is larger than ${sizeText(limit)}.`), "bodyTooLarge", { size: sizeText(limit) });
  return text;
}

const requestHasBody = (req: NextRequest) => Number(req.headers.get("content-length") ?? "0") > 0 || req.headers.has("transfer-encoding");

function checkOrigin(req: NextRequest) {
  // Cookies ride along on cross-site requests; an Origin (or Referer) from another site means CSRF.
  // Compared as whole origins (scheme, host, port) with the portal's own (NEXTAUTH_URL, or a
  // trusted proxy's X-Forwarded-*); a missing, opaque ("null") or unparsable one is refused too.
  const origin = req.headers.get("origin");
  const from = origin !== null ? originOfUrl(origin) : originOfUrl(req.headers.get("referer"));
  if (!from || !requestPortalOrigins(req.headers).includes(from)) {
    throw localized(new AppError("forbidden", "Cross-site request refused: the Origin header does not match this portal."), "crossSite");
  }
}

export function clientIp(req: NextRequest): string {
  return requestClientIp(req.headers);
}

type Handler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = (
  ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>>,
) => Promise<unknown>;

type NextRouteHandler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export function handle<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
  handler: Handler<P, Q, B>,
): NextRouteHandler {
  return async (req, routeCtx) => {
    const locale = localeFromHeaders(req.headers);
    try {
      let actor: Actor | null = null;
      if (spec.role !== "public") {
        const found = await actorFromRequest(req);
        actor = found.actor;
        if (!actor) throw localized(new AppError("unauthorized", "Sign in or send a valid bearer token (POST /api/v1/auth/token)."), "unauthorized");
        if (!hasRole(actor.role, spec.role)) throw localized(new AppError("forbidden", "Your role does not allow this action."), "forbiddenRole");
        if (found.via === "session" && spec.method !== "GET") checkOrigin(req);
      }
      // A JSON endpoint takes JSON only: forms, text/plain, multipart and UTF-16 get a 415, before
      // anything else about the request is looked at. A request without a body needs no type.
      if (spec.body && requestHasBody(req)) {
        const problem = mediaTypeProblem(req.headers.get("content-type"), ["application/json"]);
        if (problem) throw new AppError("unsupported_media_type", problem);
      }
      const rawParams = await routeCtx.params;
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      assertStorableText(rawParams, "params");
      assertStorableText(rawQuery, "query");
      const params = parseOrThrow(spec.params, rawParams, "params", locale);
      const query = parseOrThrow(spec.query, rawQuery, "query", locale);
      let body: unknown = undefined;
      let rawBody: string | null = null;
      if (spec.body || spec.rawBody) {
        rawBody = await readBody(req, spec.maxBodyBytes);
        if (spec.body) {
          let json: unknown = {};
          if (rawBody.trim() !== "") {
            // a body that came without Content-Length or Transfer-Encoding still needs the type
            const problem = mediaTypeProblem(req.headers.get("content-type"), ["application/json"]);
            if (problem) throw new AppError("unsupported_media_type", problem);
            try {
              json = JSON.parse(rawBody);
            } catch (e) {
              throw localized(new AppError("validation_failed", `The request body is not valid JSON: ${(e as Error).message}`), "invalidJson", { detail: (e as Error).message });
            }
            assertStorableText(json, "");
          }
          body = parseOrThrow(spec.body, json, "body", locale);
        }
      }
      const result = await handler({ req, actor, params, query, body, rawBody, ip: clientIp(req), locale } as RouteContext<Infer<P>, Infer<Q>, Infer<B>>);
      if (result instanceof Response) return result;
      if (result === undefined) return new NextResponse(null, { status: 204 });
      return NextResponse.json(result, { status: spec.status ?? 200 });
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr) {
        if (appErr.code === "unavailable") log.warn("database unavailable", { method: spec.method, path: spec.path, err: appErr.internal });
        return errorResponse(appErr.status, appErr.code, messageIn(appErr, locale), appErr.details);
      }
      log.error("unhandled error in route", { method: spec.method, path: spec.path, err });
      return errorResponse(500, "internal", locale === DEFAULT_LOCALE ? "Something went wrong on our side. The error was logged." : (translateKey(locale, "errors.internal") ?? "Something went wrong on our side. The error was logged."));
    }
  };
}

/** An error's `message` in the request's language: its catalogue text, else its (English) message. */
export function messageIn(err: AppError, locale: Locale): string {
  if (locale === DEFAULT_LOCALE || !err.i18n) return err.message;
  return renderKey(locale, err.i18n) ?? err.message;
}

/** A catalogue text in a language, its nested texts first (joined issues); undefined when a key is unknown. */
function renderKey(locale: Locale, m: MessageKey): string | undefined {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.values ?? {})) {
    const r = typeof v === "object" ? renderKey(locale, v) : v;
    if (r === undefined) return undefined;
    values[k] = r;
  }
  return translateKey(locale, m.key, values);
}

/** Fills the methods a route file does not define with a 405 JSON answer. */
export function methods(handlers: Partial<Record<HttpMethod, NextRouteHandler>>): Record<HttpMethod, NextRouteHandler> {
  const allow = Object.keys(handlers).join(", ");
  const notAllowed: NextRouteHandler = async (req) => {
    const locale = localeFromHeaders(req.headers);
    const en = `Method not allowed. Allowed: ${allow}.`;
    const message = locale === DEFAULT_LOCALE ? en : (translateKey(locale, "errors.methodNotAllowed", { allow }) ?? en);
    return NextResponse.json({ error: { code: "method_not_allowed", message } }, { status: 405, headers: { Allow: allow } });
  };
  return {
    GET: handlers.GET ?? notAllowed,
    POST: handlers.POST ?? notAllowed,
    PUT: handlers.PUT ?? notAllowed,
    PATCH: handlers.PATCH ?? notAllowed,
    DELETE: handlers.DELETE ?? notAllowed,
  };
}

// ───── shared schema pieces ─────

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export const idParam = (name: string) => z.object({ [name]: z.string().min(1).max(100) });

// Keyset cursors live in ./cursor (data modules use them; the worker must not load this file).
export { decodeCursor, encodeCursor, page } from "./cursor";
