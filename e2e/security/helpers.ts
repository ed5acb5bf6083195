// Shared helpers of the security suites (e2e/api/security-*.spec.ts): SQL access to the
// test database, the route files on disk, the OpenAPI operations, and minted session/bearer JWTs.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";

export const uid = () => randomUUID().slice(0, 8);
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];
export type RequiredRole = "public" | "reader" | "app_admin" | "global_admin";

export async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test responses are checked field by field
export async function json<T = any>(res: APIResponse, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status(), `${res.url()} → ${text.slice(0, 500)}`).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

// ───── routes on disk ─────

const APP_API = path.join(process.cwd(), "app", "api");

/** Every `app/api/**\/route.ts` as [OpenAPI path, methods it defines], without next-auth and the JSON 404 catch-all. */
export function routeFilesOnDisk(): Array<{ file: string; path: string; methods: Method[] }> {
  const out: Array<{ file: string; path: string; methods: Method[] }> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === "route.ts") {
        const rel = path.relative(APP_API, path.dirname(full)).split(path.sep);
        if (rel[0] === "auth" && rel[1] === "[...nextauth]") continue;
        if (rel[0] === "[...notFound]") continue;
        const apiPath = "/api/" + rel.map((seg) => seg.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        const src = fs.readFileSync(full, "utf8");
        // route files export methods({ GET: handle(spec, …), … }); any other export style is a finding too
        const block = /methods\(\{([\s\S]*)\}\)\s*;?\s*$/m.exec(src)?.[1] ?? "";
        const methods = METHODS.filter((m) => new RegExp(`^\\s*${m}\\s*:`, "m").test(block));
        out.push({ file: path.relative(process.cwd(), full), path: apiPath, methods });
      }
    }
  };
  walk(APP_API);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

// ───── OpenAPI operations ─────

export type Operation = {
  method: Method;
  path: string;
  role: RequiredRole;
  params: string[];
  queryParams: string[];
  hasJsonBody: boolean;
  bodySchema: Record<string, unknown> | null;
  rawBody: string | null;
  produces: string[];
};

type OpenApiOp = {
  "x-required-role": string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
};
type OpenApiDoc = { paths: Record<string, Record<string, OpenApiOp>> };

export async function operations(request: APIRequestContext): Promise<Operation[]> {
  const doc = await json<OpenApiDoc>(await request.get("/api/v1/openapi.json"), 200);
  const ops: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      const content = op.requestBody?.content ?? {};
      const success = Object.entries(op.responses ?? {}).find(([k]) => k !== "default")?.[1];
      ops.push({
        method: m.toUpperCase() as Method,
        path: p,
        role: op["x-required-role"] as RequiredRole,
        params: (op.parameters ?? []).filter((x) => x.in === "path").map((x) => x.name),
        queryParams: (op.parameters ?? []).filter((x) => x.in === "query").map((x) => x.name),
        hasJsonBody: "application/json" in content,
        bodySchema: content["application/json"]?.schema ?? null,
        rawBody: Object.keys(content).find((k) => k !== "application/json") ?? null,
        produces: Object.keys(success?.content ?? {}),
      });
    }
  }
  return ops.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Fills {name} placeholders from `ids`, else with a random id. */
export function fillPath(p: string, ids: Record<string, string> = {}): string {
  return p.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(ids[name] ?? `sec-${randomUUID()}`));
}

// ───── tokens ─────

/** A next-auth JWT exactly as the server issues them, but with the given lifetime (negative = already expired). */
export async function mintJwt(claims: Record<string, unknown>, maxAgeSeconds: number): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: run the e2e suites through `npm test`.");
  return encode({ secret, maxAge: maxAgeSeconds, token: claims });
}

export async function adminRow(email: string): Promise<{ id: string; tokenVersion: number }> {
  const [row] = await sql<{ id: string; tokenVersion: number }>(`SELECT id, "tokenVersion" FROM admin WHERE email = $1`, [email.toLowerCase()]);
  if (!row) throw new Error(`no admin ${email}`);
  return row;
}

export const SESSION_COOKIE = "next-auth.session-token";
