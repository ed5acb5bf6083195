// The one wrapper for /scim/v2: bearer-token auth, media types, the 1 MB body
// limit, JSON parsing and SCIM error bodies (not lib/api/route.ts: SCIM has its
// own auth and error format). Any error becomes a SCIM error; unknown ones are
// logged and answered with a generic 500.
import { readBodyCapped } from "../api/body";
import type { NextRequest } from "next/server";
import { assertStorableText } from "../api/route";
import type { Actor } from "../auth/roles";
import { AppError, DB_RETRY_AFTER_S, toAppError } from "../errors";
import { log } from "../log";
import { requestClientIp, requestPortalOrigin } from "../request/context";
import { mediaTypeProblem } from "../request/media-type";
import { ScimError, scimErrorBody } from "./errors";
import type { Json } from "./filter";
import { authenticateScimToken } from "./tokens";

export const SCIM_MEDIA_TYPE = "application/scim+json";
export const MAX_BODY_BYTES = 1024 * 1024;

export type ScimRequest = {
  req: NextRequest;
  method: string;
  /** path segments after /scim/v2 */
  segments: string[];
  query: URLSearchParams;
  actor: Actor;
  /** absolute base URL of the service provider, e.g. https://provisio.example.com/scim/v2 */
  base: string;
  ip: string;
  /** parsed JSON body (call readJson) */
  readJson: () => Promise<Json>;
};

export type ScimResult = { status: number; body?: unknown; headers?: Record<string, string> };

export function scimResponse(r: ScimResult): Response {
  const headers = new Headers(r.headers);
  if (r.body === undefined) return new Response(null, { status: r.status, headers });
  headers.set("content-type", `${SCIM_MEDIA_TYPE}; charset=utf-8`);
  return new Response(JSON.stringify(r.body), { status: r.status, headers });
}

function errorResponse(e: ScimError, extra?: Record<string, string>): Response {
  return scimResponse({ status: e.status, body: scimErrorBody(e), headers: extra });
}

/** Directory errors (zod validation, duplicates, missing objects) in SCIM terms. */
export function fromAppError(e: AppError, rename: (msg: string) => string = (m) => m): ScimError {
  switch (e.code) {
    case "validation_failed": case "bad_request": return new ScimError(400, rename(e.message), "invalidValue");
    case "conflict": return new ScimError(409, rename(e.message), "uniqueness");
    case "not_found": return new ScimError(404, e.message);
    case "payload_too_large": return new ScimError(413, e.message);
    default: return new ScimError(e.status, e.message);
  }
}

function baseUrl(req: NextRequest): string {
  // NEXTAUTH_URL (or a trusted proxy's X-Forwarded-*), never a client's forwarded headers
  return `${requestPortalOrigin(req.headers)}/scim/v2`;
}

async function readBody(req: NextRequest): Promise<string> {
  const text = await readBodyCapped(req, MAX_BODY_BYTES);
  if (text === null) throw new ScimError(413, "The request body is larger than 1 MB.");
  return text;
}

function checkContentType(req: NextRequest) {
  const problem = mediaTypeProblem(req.headers.get("content-type"), [SCIM_MEDIA_TYPE, "application/json"]);
  if (problem) throw new ScimError(415, problem);
}

export function clientIp(req: NextRequest): string {
  return requestClientIp(req.headers);
}

export async function runScim(req: NextRequest, segments: string[], route: (r: ScimRequest) => Promise<ScimResult>): Promise<Response> {
  try {
    const actor = await authenticateScimToken(req.headers.get("authorization"));
    if (!actor) {
      return errorResponse(new ScimError(401, "Send a valid SCIM token as Authorization: Bearer <token> (create one in Provisio under Settings → SCIM tokens)."), {
        "www-authenticate": 'Bearer realm="Provisio SCIM"',
      });
    }
    // Postgres text cannot hold NUL: refuse it here rather than fail in the query
    if (segments.some((x) => x.includes("\0")) || [...req.nextUrl.searchParams.values()].some((x) => x.includes("\0"))) {
      throw new ScimError(400, "NUL characters are not allowed in the URL.", "invalidValue");
    }
    let cached: Json | undefined;
    const readJson = async (): Promise<Json> => {
      if (cached) return cached;
      checkContentType(req);
      const text = await readBody(req);
      if (!text.trim()) throw new ScimError(400, "The request body is empty.", "invalidSyntax");
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        throw new ScimError(400, `The request body is not valid JSON: ${(e as Error).message}`, "invalidSyntax");
      }
      if (!v || typeof v !== "object" || Array.isArray(v)) throw new ScimError(400, "The request body must be a JSON object.", "invalidSyntax");
      if (text.includes("\0") || /\\u0000/i.test(text)) throw new ScimError(400, "NUL characters are not allowed in values.", "invalidValue");
      // unpaired surrogates ("\ud800" escapes) cannot be stored either
      assertStorableText(v, "");
      cached = v as Json;
      return cached;
    };
    const result = await route({ req, method: req.method.toUpperCase(), segments, query: req.nextUrl.searchParams, actor, base: baseUrl(req), ip: clientIp(req), readJson });
    return scimResponse(result);
  } catch (err) {
    if (err instanceof ScimError) return errorResponse(err);
    const app = toAppError(err);
    if (app?.code === "unavailable") return errorResponse(new ScimError(503, app.message), { "retry-after": String(DB_RETRY_AFTER_S) });
    if (app) return errorResponse(fromAppError(app));
    log.error("unhandled error in SCIM request", { method: req.method, path: req.nextUrl.pathname, err });
    return errorResponse(new ScimError(500, "Something went wrong on our side. The error was logged."));
  }
}
