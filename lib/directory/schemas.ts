// Directory schemas: shared by the data functions, the REST routes, the OpenAPI
// document, the portal forms (zodResolver) and the CSV import (one row = one
// userCreateSchema/userUpdateSchema parse).
import { z } from "zod";

// Entra's own limits where it has them (UPN 113 before/after "@" ~ 256 total, displayName 256, mailNickname 64).
export const LIMITS = { upn: 256, name: 256, mail: 254, nickname: 64, short: 128, description: 1024, extValue: 1024, extCount: 100 } as const;

// user@domain, no spaces, a domain with at least one dot-free label; Entra rejects the same shapes.
const UPN_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const EXT_KEY_RE = /^[A-Za-z0-9_]{1,64}$/;

export const upnSchema = z
  // missing (an empty CSV cell, a body without it) is "required", not a type error
  .string({ error: (iss) => (iss.input === undefined || iss.input === null ? "userPrincipalName is required" : "userPrincipalName must be a string") })
  .trim()
  .min(1, "userPrincipalName is required")
  .max(LIMITS.upn, `userPrincipalName can be at most ${LIMITS.upn} characters`)
  .regex(UPN_RE, "userPrincipalName must look like user@domain (no spaces)");

const text = (field: string, max: number) =>
  z.string({ error: `${field} must be a string` }).trim().max(max, `${field} can be at most ${max} characters`);
/** Optional text that may be cleared with null (or ""), normalised to null. */
const optText = (field: string, max: number) =>
  text(field, max)
    .nullable()
    .optional()
    .transform((v) => (v === "" ? null : v));

export const extensionAttributesSchema = z
  .record(
    z.string().regex(EXT_KEY_RE, "extension attribute names are 1–64 letters, digits or _ (e.g. extensionAttribute1)"),
    z.string({ error: "extension attribute values must be strings" }).max(LIMITS.extValue, `extension attribute values can be at most ${LIMITS.extValue} characters`),
  )
  .refine((m) => Object.keys(m).length <= LIMITS.extCount, `at most ${LIMITS.extCount} extension attributes`);

const userFields = {
  displayName: optText("displayName", LIMITS.name),
  givenName: optText("givenName", LIMITS.short),
  surname: optText("surname", LIMITS.short),
  mail: z
    .union([z.literal(""), z.email("mail must be an email address").max(LIMITS.mail, `mail can be at most ${LIMITS.mail} characters`)])
    .nullable()
    .optional()
    .transform((v) => (v === "" ? null : v)),
  mailNickname: optText("mailNickname", LIMITS.nickname).refine((v) => v == null || !/\s/.test(v), "mailNickname cannot contain spaces"),
  jobTitle: optText("jobTitle", LIMITS.short),
  department: optText("department", LIMITS.short),
  employeeId: optText("employeeId", 64),
  managerId: z.string({ error: "managerId must be a string" }).max(100).nullable().optional().transform((v) => (v === "" ? null : v)),
  extensionAttributes: extensionAttributesSchema.optional(),
};

export const userCreateSchema = z.strictObject({
  userPrincipalName: upnSchema,
  ...userFields,
  accountEnabled: z.boolean({ error: "accountEnabled must be true or false" }).default(true),
});

export const userUpdateSchema = z.strictObject({
  userPrincipalName: upnSchema.optional(),
  ...userFields,
  accountEnabled: z.boolean({ error: "accountEnabled must be true or false" }).optional(),
});

export type UserCreateInput = z.input<typeof userCreateSchema>;
export type UserCreate = z.output<typeof userCreateSchema>;
export type UserUpdate = z.output<typeof userUpdateSchema>;

/** The user fields a caller may set; also the CSV column names (besides extensionAttributeN). */
export const USER_FIELDS = [
  "userPrincipalName", "displayName", "givenName", "surname", "mail", "mailNickname", "jobTitle", "department", "employeeId", "accountEnabled", "managerId",
] as const;
export type UserField = (typeof USER_FIELDS)[number];

export const userView = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string().nullable(),
  givenName: z.string().nullable(),
  surname: z.string().nullable(),
  mail: z.string().nullable(),
  mailNickname: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  employeeId: z.string().nullable(),
  accountEnabled: z.boolean(),
  managerId: z.string().nullable(),
  extensionAttributes: z.record(z.string(), z.string()),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

export const groupCreateSchema = z.strictObject({
  displayName: text("displayName", LIMITS.name).min(1, "displayName is required"),
  mailNickname: optText("mailNickname", LIMITS.nickname).refine((v) => v == null || !/\s/.test(v), "mailNickname cannot contain spaces"),
  description: optText("description", LIMITS.description),
});
export const groupUpdateSchema = z.strictObject({
  displayName: text("displayName", LIMITS.name).min(1, "displayName cannot be empty").optional(),
  mailNickname: groupCreateSchema.shape.mailNickname,
  description: groupCreateSchema.shape.description,
});
export type GroupCreate = z.output<typeof groupCreateSchema>;
export type GroupUpdate = z.output<typeof groupUpdateSchema>;

export const groupView = z.object({
  id: z.string(),
  displayName: z.string(),
  mailNickname: z.string().nullable(),
  description: z.string().nullable(),
  externalId: z.string().nullable(),
  memberCount: z.number().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GroupView = z.infer<typeof groupView>;

export const memberView = z.object({ id: z.string(), userPrincipalName: z.string(), displayName: z.string().nullable(), mail: z.string().nullable(), accountEnabled: z.boolean() });
export type MemberView = z.infer<typeof memberView>;

export const idList = (what: string, max = 1000) =>
  z.array(z.string().min(1).max(100), { error: `${what} must be an array of ids` }).min(1, `${what} must contain at least one id`).max(max, `at most ${max} ${what} per request`);

export const addMembersSchema = z.strictObject({ userIds: idList("userIds") });

export const bulkUserActionSchema = z
  .strictObject({
    action: z.enum(["disable", "enable", "delete", "addToGroup", "removeFromGroup"], { error: "action must be disable, enable, delete, addToGroup or removeFromGroup" }),
    userIds: idList("userIds"),
    groupId: z.string().min(1).max(100).optional(),
  })
  .refine((b) => !(b.action === "addToGroup" || b.action === "removeFromGroup") || !!b.groupId, { path: ["groupId"], message: "groupId is required for addToGroup and removeFromGroup" });

export const userSortSchema = z.enum(["displayName", "userPrincipalName", "createdAt"]);
export type UserSort = z.infer<typeof userSortSchema>;
