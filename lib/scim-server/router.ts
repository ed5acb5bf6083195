// Dispatch of /scim/<…>: v2 resources and discovery endpoints; anything else is a SCIM 404.
import type { NextRequest } from "next/server";
import { scimNotFound } from "./errors";
import { groupsEndpoint } from "./group-endpoints";
import { runScim, type ScimRequest, type ScimResult } from "./http";
import { listResponse } from "./paging";
import { resourceTypes, schemaDefinitions, serviceProviderConfig } from "./schemas";
import { methodNotAllowed, usersEndpoint } from "./user-endpoints";

function getOnly(r: ScimRequest) {
  if (r.method !== "GET") throw methodNotAllowed("GET");
}

function discovery<T extends { id: string }>(r: ScimRequest, all: T[], id: string | undefined, what: string): ScimResult {
  getOnly(r);
  if (id === undefined) return { status: 200, body: listResponse(all, all.length, { startIndex: 1, count: all.length }) };
  const hit = all.find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (!hit) throw scimNotFound(`No ${what} with the id ${id}.`);
  return { status: 200, body: hit };
}

async function route(r: ScimRequest): Promise<ScimResult> {
  const [version, resource, id, ...rest] = r.segments;
  if (version !== "v2" || !resource || rest.length > 0) throw scimNotFound(`No SCIM endpoint at ${r.req.nextUrl.pathname}. The base URL is ${r.base}.`);
  switch (resource.toLowerCase()) {
    case "users": return usersEndpoint(r, id);
    case "groups": return groupsEndpoint(r, id);
    case "serviceproviderconfig":
      getOnly(r);
      if (id !== undefined) throw scimNotFound("ServiceProviderConfig has no sub-resources.");
      return { status: 200, body: serviceProviderConfig(r.base) };
    case "schemas": return discovery(r, schemaDefinitions(r.base), id, "schema");
    case "resourcetypes": return discovery(r, resourceTypes(r.base), id, "resource type");
    default: throw scimNotFound(`No SCIM resource "${resource}". Supported: Users, Groups, ServiceProviderConfig, Schemas, ResourceTypes.`);
  }
}

type Ctx = { params: Promise<{ path?: string[] }> };

/** Next route handler for app/scim/[[...path]]/route.ts. */
export async function scimHandler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const { path = [] } = await ctx.params;
  return runScim(req, path, route);
}
