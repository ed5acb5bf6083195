// GET /api/v1/openapi.json – the OpenAPI document, generated from the route specs
import { buildOpenApi } from "@/lib/api/openapi";
import { handle, methods } from "@/lib/api/route";
import { openapiRoute } from "@/lib/api/specs-core";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(openapiRoute, async ({ req }) => buildOpenApi(req.nextUrl.origin)),
});
