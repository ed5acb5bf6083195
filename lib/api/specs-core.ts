// Route specs of the foundation: health, tokens, OpenAPI, administrators, audit log.
import { z } from "zod";
import { createAdminSchema, updateAdminSchema, adminView } from "../admins/schemas";
import { LOCALES } from "../i18n/locales";
import { defineRoute, listQuery } from "./route";

export const healthRoute = defineRoute({
  method: "GET", path: "/api/health", summary: "Liveness and database reachability", role: "public", tags: ["System"],
  response: z.object({ status: z.enum(["ok", "unavailable"]), database: z.enum(["ok", "unreachable"]) }),
});

export const tokenRoute = defineRoute({
  method: "POST", path: "/api/v1/auth/token", summary: "Exchange an administrator's email and password for a bearer token", role: "public", tags: ["Auth"],
  body: z.strictObject({ email: z.string().min(1, "email is required").max(254), password: z.string().min(1, "password is required").max(200) }),
  response: z.object({ access_token: z.string(), token_type: z.literal("Bearer"), expires_in: z.number() }),
});

export const openapiRoute = defineRoute({
  method: "GET", path: "/api/v1/openapi.json", summary: "This API's OpenAPI 3.1 document", role: "public", tags: ["System"],
});

const meView = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), locale: z.enum(LOCALES).nullable() });
export const meRoute = defineRoute({
  method: "GET", path: "/api/v1/me", summary: "The calling administrator", role: "reader", tags: ["Auth"],
  response: meView,
});
export const updateMeRoute = defineRoute({
  method: "PATCH", path: "/api/v1/me", summary: "Change the calling administrator's own preferences (portal language; null = follow the browser)", role: "reader", tags: ["Auth"],
  body: z.object({ locale: z.enum(LOCALES).nullable() }).strict(), response: meView,
});

export const listAdminsRoute = defineRoute({
  method: "GET", path: "/api/v1/admins", summary: "List administrators", role: "global_admin", tags: ["Administrators"],
  response: z.object({ items: z.array(adminView), nextCursor: z.null() }),
});
export const createAdminRoute = defineRoute({
  method: "POST", path: "/api/v1/admins", summary: "Add an administrator", role: "global_admin", tags: ["Administrators"],
  body: createAdminSchema, status: 201, response: adminView,
});
const adminIdParams = z.object({ adminId: z.string().min(1).max(100) });
export const updateAdminRoute = defineRoute({
  method: "PATCH", path: "/api/v1/admins/{adminId}", summary: "Change an administrator's name, role, password or disabled state", role: "global_admin", tags: ["Administrators"],
  params: adminIdParams, body: updateAdminSchema, response: adminView,
});
export const deleteAdminRoute = defineRoute({
  method: "DELETE", path: "/api/v1/admins/{adminId}", summary: "Remove an administrator", role: "global_admin", status: 204, tags: ["Administrators"],
  params: adminIdParams,
});

export const auditLogsRoute = defineRoute({
  method: "GET", path: "/api/v1/audit-logs", summary: "Audit log of administrator changes, newest first", role: "reader", tags: ["Logs"],
  query: listQuery.extend({
    cursor: z.string().regex(/^\d+$/, "cursor must be the nextCursor of a previous page").optional(),
    action: z.string().max(100).optional(),
    targetType: z.string().max(50).optional(),
    targetId: z.string().max(100).optional(),
    /** target name (contains, case-insensitive) or exact target id */
    target: z.string().max(200).optional(),
    actor: z.string().max(254).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  }),
});
