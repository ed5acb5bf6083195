// Route specs of the provisioning configuration document (GET, PUT, POST …/diff).
import { z } from "zod";
import { defineRoute } from "../api/route";
import { configurationChangeSchema, configurationDiffSchema, configurationDocumentSchema } from "./schema";

const appId = z.object({ appId: z.string().min(1).max(100) });
const tags = ["Provisioning"];

export const getConfigurationRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/configuration",
  summary: "The app's provisioning configuration as a versioned document: mode, settings, scope, both mappings (never credentials or status)", role: "reader", tags,
  params: appId, response: configurationDocumentSchema,
});
export const putConfigurationRoute = defineRoute({
  method: "PUT", path: "/api/v1/apps/{appId}/provisioning/configuration",
  summary: "Apply a configuration document: 400/422 list every problem with its JSON path and nothing changes; a change is audited and makes the next cycle initial",
  role: "app_admin", tags, params: appId, body: configurationDocumentSchema,
  response: z.object({ changes: z.array(configurationChangeSchema), configuration: configurationDocumentSchema }),
});
export const diffConfigurationRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/configuration/diff",
  summary: "What applying a configuration document would change (validated as PUT does; nothing is written)", role: "reader", tags,
  params: appId, body: configurationDocumentSchema, response: configurationDiffSchema,
});
