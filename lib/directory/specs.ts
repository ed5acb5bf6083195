// Route specs of the directory: users, groups, memberships, CSV import/export, bulk actions.
import { z } from "zod";
import { defineRoute } from "../api/route";
import { MAX_IMPORT_BYTES } from "./csv-columns";
import { addMembersSchema, bulkUserActionSchema, groupCreateSchema, groupUpdateSchema, groupView, memberView, userCreateSchema, userSortSchema, userUpdateSchema, userView } from "./schemas";

const limit = z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be at least 1").max(500, "limit can be at most 500").default(50);
const cursor = z.string().max(1000).optional();
const userId = z.object({ userId: z.string().min(1).max(100) });
const groupId = z.object({ groupId: z.string().min(1).max(100) });
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const listUsersRoute = defineRoute({
  method: "GET", path: "/api/v1/users", summary: "List users (prefix search on name, UPN and mail; sorted; keyset-paged)", role: "reader", tags: ["Directory"],
  query: z.strictObject({
    q: z.string().max(256).optional(),
    /** api.md's name for the search: userPrincipalName prefix / displayName search */
    filter: z.string().max(256).optional(),
    sort: userSortSchema.optional(),
    dir: z.enum(["asc", "desc"]).optional(),
    enabled: z.enum(["true", "false"]).optional(),
    limit, cursor,
  }),
  response: page(userView),
});
export const createUserRoute = defineRoute({
  method: "POST", path: "/api/v1/users", summary: "Create a user", role: "app_admin", tags: ["Directory"], body: userCreateSchema, status: 201, response: userView,
});
export const getUserRoute = defineRoute({
  method: "GET", path: "/api/v1/users/{userId}", summary: "Get a user", role: "reader", tags: ["Directory"], params: userId, response: userView,
});
export const updateUserRoute = defineRoute({
  method: "PATCH", path: "/api/v1/users/{userId}", summary: "Change a user's properties (extensionAttributes merge; an empty value removes a key)", role: "app_admin", tags: ["Directory"],
  params: userId, body: userUpdateSchema, response: userView,
});
export const deleteUserRoute = defineRoute({
  method: "DELETE", path: "/api/v1/users/{userId}", summary: "Delete a user (leaves a tombstone in the change feed)", role: "app_admin", status: 204, tags: ["Directory"], params: userId,
});
export const userGroupsRoute = defineRoute({
  method: "GET", path: "/api/v1/users/{userId}/groups", summary: "Groups the user is a direct member of", role: "reader", tags: ["Directory"], params: userId,
  response: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string() })), nextCursor: z.null() }),
});
export const importUsersRoute = defineRoute({
  method: "POST", path: "/api/v1/users/import", summary: "Import users from CSV (header row of field names); existing users matched by userPrincipalName are updated", role: "app_admin", tags: ["Directory"],
  rawBody: "text/csv", maxBodyBytes: MAX_IMPORT_BYTES,
  query: z.strictObject({ lineOffset: z.coerce.number({ error: "lineOffset must be a number" }).int().min(0).max(10_000_000).optional() }),
  response: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), failed: z.array(z.object({ line: z.number(), message: z.string() })) }),
});
export const exportUsersRoute = defineRoute({
  method: "GET", path: "/api/v1/users/export", summary: "Download all users as CSV (streamed)", role: "reader", tags: ["Directory"], produces: ["text/csv"],
});
export const bulkUsersRoute = defineRoute({
  method: "POST", path: "/api/v1/users/bulk", summary: "Disable, enable, delete, or add to / remove from a group up to 1,000 users at once", role: "app_admin", tags: ["Directory"],
  body: bulkUserActionSchema, response: z.object({ action: z.string(), affected: z.number(), ids: z.array(z.string()) }),
});

export const listGroupsRoute = defineRoute({
  method: "GET", path: "/api/v1/groups", summary: "List groups (prefix search on displayName; keyset-paged)", role: "reader", tags: ["Directory"],
  query: z.strictObject({ q: z.string().max(256).optional(), filter: z.string().max(256).optional(), limit, cursor }), response: page(groupView),
});
export const createGroupRoute = defineRoute({
  method: "POST", path: "/api/v1/groups", summary: "Create a group", role: "app_admin", tags: ["Directory"], body: groupCreateSchema, status: 201, response: groupView,
});
export const getGroupRoute = defineRoute({
  method: "GET", path: "/api/v1/groups/{groupId}", summary: "Get a group (with its member count)", role: "reader", tags: ["Directory"], params: groupId, response: groupView,
});
export const updateGroupRoute = defineRoute({
  method: "PATCH", path: "/api/v1/groups/{groupId}", summary: "Change a group", role: "app_admin", tags: ["Directory"], params: groupId, body: groupUpdateSchema, response: groupView,
});
export const deleteGroupRoute = defineRoute({
  method: "DELETE", path: "/api/v1/groups/{groupId}", summary: "Delete a group", role: "app_admin", status: 204, tags: ["Directory"], params: groupId,
});
export const listMembersRoute = defineRoute({
  method: "GET", path: "/api/v1/groups/{groupId}/members", summary: "Members of a group (keyset-paged)", role: "reader", tags: ["Directory"],
  params: groupId, query: z.strictObject({ limit, cursor }), response: page(memberView),
});
export const addMembersRoute = defineRoute({
  method: "POST", path: "/api/v1/groups/{groupId}/members", summary: "Add users to a group (existing members are skipped)", role: "app_admin", tags: ["Directory"],
  params: groupId, body: addMembersSchema, response: z.object({ added: z.array(z.string()) }),
});
export const removeMemberRoute = defineRoute({
  method: "DELETE", path: "/api/v1/groups/{groupId}/members/{userId}", summary: "Remove a user from a group", role: "app_admin", status: 204, tags: ["Directory"],
  params: z.object({ groupId: z.string().min(1).max(100), userId: z.string().min(1).max(100) }),
});
