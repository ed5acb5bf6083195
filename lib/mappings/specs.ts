// Route specs of an app's attribute mappings and the expression tester.
import { z } from "zod";
import { defineRoute } from "../api/route";
import { expressionTestSchema, mappingDocumentBodySchema, mappingDocumentSchema } from "../mapping";

const appParams = z.object({ appId: z.string().min(1).max(100) });
const mappingParams = appParams.extend({ mappingId: z.string().min(1).max(128) });
const tags = ["Provisioning"];

export const listMappingsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/mappings", summary: "The app's mappings: Provision Directory Users, then Groups", role: "reader", tags,
  params: appParams, response: z.object({ items: z.array(mappingDocumentSchema), nextCursor: z.null() }),
});
export const getMappingRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/mappings/{mappingId}", summary: "One mapping: actions, scoping filters, attribute mappings, target attribute list", role: "reader", tags,
  params: mappingParams, response: mappingDocumentSchema,
});
export const putMappingRoute = defineRoute({
  method: "PUT", path: "/api/v1/apps/{appId}/provisioning/mappings/{mappingId}",
  summary: "Replace a mapping (validated as a whole: 400 details point at the field, expression errors carry a position). A change makes the next cycle initial.",
  role: "app_admin", tags,
  params: mappingParams, body: mappingDocumentBodySchema, response: mappingDocumentSchema,
});
export const restoreDefaultMappingsRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/mappings/{mappingId}/restore-defaults", summary: "Restore the template's default mapping (the next cycle is initial)", role: "app_admin", tags,
  params: mappingParams, response: mappingDocumentSchema,
});
export const testExpressionRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/expressions/test", summary: "Evaluate an expression against a directory user; 422 with the error position when it does not parse", role: "reader", tags,
  params: appParams, body: expressionTestSchema,
  response: z.object({ value: z.unknown(), ignored: z.boolean(), redacted: z.boolean() }),
});
export const sourceAttributesRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/mappings/{mappingId}/source-attributes",
  summary: "Source attributes this mapping may use (the catalogue plus custom extension attributes found in the directory)", role: "reader", tags,
  params: mappingParams,
  response: z.object({ items: z.array(z.object({ name: z.string(), type: z.string(), description: z.string(), engineProvided: z.boolean().optional() })), nextCursor: z.null() }),
});
