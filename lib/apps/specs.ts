// Route specs of the gallery, app instances, assignments and provisioning settings.
import { z } from "zod";
import { defineRoute } from "../api/route";
import {
  appListFilterSchema,
  appRoleView,
  appView,
  assignmentView,
  createAppSchema,
  createAssignmentSchema,
  credentialsBodySchema,
  credentialsViewSchema,
  provisioningPatchSchema,
  provisioningView,
  testConnectionResultSchema,
  updateAppSchema,
} from "./schemas";

const limit = z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be at least 1").max(500, "limit can be at most 500").default(50);
const cursor = z.string().max(1000).optional();
const appId = z.object({ appId: z.string().min(1).max(100) });
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const tags = ["Applications"];

const templateView = z.object({
  id: z.string(),
  name: z.string(),
  publisher: z.string(),
  description: z.string(),
  logo: z.string(),
  category: z.string(),
  docsUrl: z.string().optional(),
  credentialFields: z.array(z.object({ name: z.string(), label: z.string(), secret: z.boolean(), type: z.string(), required: z.boolean() }).loose()),
  authStrategies: z.array(z.string()),
  defaultBaseUrl: z.string().nullable(),
  roles: z.array(appRoleView),
});

export const listTemplatesRoute = defineRoute({
  method: "GET", path: "/api/v1/templates", summary: "The application gallery (optionally searched by name, publisher or description)", role: "reader", tags,
  query: z.strictObject({ q: z.string().max(256).optional() }), response: z.array(templateView),
});

export const listAppsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps", summary: "All applications (search by name; filter by provisioning status on/off or mode automatic/manual)", role: "reader", tags,
  query: z.strictObject({ q: z.string().max(256).optional(), provisioning: appListFilterSchema.optional(), limit, cursor }), response: page(appView),
});
export const createAppRoute = defineRoute({
  method: "POST", path: "/api/v1/apps", summary: "Add an application from the gallery", role: "app_admin", tags, body: createAppSchema, status: 201, response: appView,
});
export const getAppRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}", summary: "Get an application", role: "reader", tags, params: appId, response: appView,
});
export const updateAppRoute = defineRoute({
  method: "PATCH", path: "/api/v1/apps/{appId}", summary: "Rename an application", role: "app_admin", tags, params: appId, body: updateAppSchema, response: appView,
});
export const deleteAppRoute = defineRoute({
  method: "DELETE", path: "/api/v1/apps/{appId}", summary: "Delete an application with its assignments, mappings and sync state (nothing is removed from the target)", role: "app_admin", status: 204, tags, params: appId,
});

export const listRolesRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/roles", summary: "App roles (Default Access included where the template has it)", role: "reader", tags, params: appId,
  response: z.object({ items: z.array(appRoleView), nextCursor: z.null() }),
});

export const listAssignmentsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/assignments", summary: "Users and groups assigned to the application", role: "reader", tags, params: appId,
  query: z.strictObject({ limit, cursor }), response: page(assignmentView),
});
export const createAssignmentRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/assignments", summary: "Assign a user or group with an app role (422 when the role is not valid for provisioning)", role: "app_admin", tags,
  params: appId, body: createAssignmentSchema, status: 201, response: assignmentView,
});
export const deleteAssignmentRoute = defineRoute({
  method: "DELETE", path: "/api/v1/apps/{appId}/assignments/{assignmentId}", summary: "Remove an assignment", role: "app_admin", status: 204, tags,
  params: z.object({ appId: z.string().min(1).max(100), assignmentId: z.string().min(1).max(100) }),
});

export const getProvisioningRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning", summary: "Provisioning settings", role: "reader", tags: ["Provisioning"], params: appId, response: provisioningView,
});
export const updateProvisioningRoute = defineRoute({
  method: "PATCH", path: "/api/v1/apps/{appId}/provisioning",
  summary: "Change provisioning settings (Status On tests the saved credentials first; Prevent accidental deletion needs a Notification Email)", role: "app_admin", tags: ["Provisioning"],
  params: appId, body: provisioningPatchSchema, response: provisioningView,
});
export const getCredentialsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/credentials", summary: "Admin credentials: non-secret values, and {set} for secrets (never their values)", role: "reader", tags: ["Provisioning"],
  params: appId, response: credentialsViewSchema,
});
export const putCredentialsRoute = defineRoute({
  method: "PUT", path: "/api/v1/apps/{appId}/provisioning/credentials",
  summary: "Save admin credentials (the template's fields; an empty secret keeps the stored one). While provisioning is On, changed credentials are tested first: a failing test refuses with 422 and the diagnosis unless force=true",
  role: "app_admin", status: 204, tags: ["Provisioning"],
  params: appId, body: credentialsBodySchema, query: z.strictObject({ force: z.enum(["true", "false"]).optional() }),
});
export const testConnectionRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/test-connection",
  summary: "Test Connection with the saved credentials, or with the unsaved ones in the body; 200 with ok true or false", role: "app_admin", tags: ["Provisioning"],
  params: appId, body: credentialsBodySchema, response: testConnectionResultSchema,
});
