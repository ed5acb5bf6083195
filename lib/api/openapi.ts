// OpenAPI 3.1 document generated from the same zod schemas that validate requests.
import { z } from "zod";
import { registry, type RouteSpec } from "./route";
import "./all-routes";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "array", items: { type: "object" } } } } },
};

function schemaOf(t: z.ZodType, io: "input" | "output") {
  try {
    const s = z.toJSONSchema(t, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
    delete s.$schema;
    return s;
  } catch {
    return {};
  }
}

function parametersOf(spec: RouteSpec) {
  const out: Record<string, unknown>[] = [];
  const add = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return;
    const js = schemaOf(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" ? true : (js.required ?? []).includes(name), schema: s });
    }
  };
  add(spec.params, "path");
  add(spec.query, "query");
  return out;
}

export function buildOpenApi(baseUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of registry) {
    const op: Record<string, unknown> = {
      summary: spec.summary,
      tags: spec.tags ?? [],
      operationId: `${spec.method.toLowerCase()}${spec.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      parameters: parametersOf(spec),
      security: spec.role === "public" ? [] : [{ bearer: [] }, { session: [] }],
      "x-required-role": spec.role,
      responses: {
        // 204: the handler answers with no body (its specs say so; the matrix in e2e/api/security-authz.spec.ts checks)
        [String(spec.status ?? 200)]: spec.status === 204
          ? { description: "Success, no content" }
          : {
              description: "Success",
              content: {
                "application/json": { schema: spec.response ? schemaOf(spec.response, "output") : {} },
                ...Object.fromEntries((spec.produces ?? []).map((m) => [m, { schema: { type: "string" } }])),
              },
            },
        default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    };
    if (spec.body) op.requestBody = { required: true, content: { "application/json": { schema: schemaOf(spec.body, "input") } } };
    if (spec.rawBody) op.requestBody = { required: true, content: { [spec.rawBody]: { schema: { type: "string" } } } };
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Provisio REST API", version: "1", description: "Everything the Provisio portal does. Authenticate with POST /api/v1/auth/token and send `Authorization: Bearer <token>`." },
    servers: baseUrl ? [{ url: baseUrl }] : [],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
  };
}
