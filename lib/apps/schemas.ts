// Schemas of apps, assignments and provisioning settings: shared by the data
// functions, the REST routes (and so the OpenAPI document) and the portal forms.
import { z } from "zod";

export const LIMITS = { displayName: 256, email: 254, threshold: 1_000_000, intervalMinutes: 7 * 24 * 60, credentialValue: 4096 } as const;

export const DEFAULT_INTERVAL_MINUTES = 40;
export const DEFAULT_DELETION_THRESHOLD = 500;

const displayName = z
  .string({ error: "displayName must be a string" })
  .trim()
  .min(1, "displayName is required")
  .max(LIMITS.displayName, `displayName can be at most ${LIMITS.displayName} characters`);

export const createAppSchema = z.strictObject({
  templateId: z.string({ error: "templateId is required" }).min(1, "templateId is required").max(100),
  /** defaults to the template's name, as the gallery pre-fills it */
  displayName: displayName.optional(),
});
export type CreateAppInput = z.input<typeof createAppSchema>;

export const updateAppSchema = z.strictObject({ displayName: displayName.optional() });
export type UpdateAppInput = z.input<typeof updateAppSchema>;

export const provisioningModeSchema = z.enum(["manual", "automatic"]);
export const provisioningStatusSchema = z.enum(["on", "off"]);
export const provisioningScopeSchema = z.enum(["assigned", "all"]);

export const appView = z.object({
  id: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  publisher: z.string(),
  logo: z.string(),
  displayName: z.string(),
  mode: provisioningModeSchema,
  status: provisioningStatusSchema,
  lastTestOk: z.boolean().nullable(),
  lastTestAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AppView = z.infer<typeof appView>;

/** ?provisioning= on the app list: the status (on/off) or the mode (manual/automatic). */
export const appListFilterSchema = z.enum(["on", "off", "automatic", "manual"]);
export type AppListFilter = z.infer<typeof appListFilterSchema>;

export const notificationEmailSchema = z
  .union([z.literal(""), z.email("notificationEmail must be an email address").max(LIMITS.email, `notificationEmail can be at most ${LIMITS.email} characters`)], {
    error: "notificationEmail must be an email address",
  })
  .nullable()
  .transform((v) => (v === "" ? null : v));

export const provisioningPatchSchema = z.strictObject({
  mode: provisioningModeSchema.optional(),
  status: provisioningStatusSchema.optional(),
  scope: provisioningScopeSchema.optional(),
  notificationEmail: notificationEmailSchema.optional(),
  sendFailureEmails: z.boolean({ error: "sendFailureEmails must be true or false" }).optional(),
  preventAccidentalDeletion: z.boolean({ error: "preventAccidentalDeletion must be true or false" }).optional(),
  accidentalDeletionThreshold: z
    .number({ error: "accidentalDeletionThreshold must be a number" })
    .int("accidentalDeletionThreshold must be a whole number")
    .min(1, "accidentalDeletionThreshold must be at least 1")
    .max(LIMITS.threshold, `accidentalDeletionThreshold can be at most ${LIMITS.threshold}`)
    .optional(),
  intervalMinutes: z
    .number({ error: "intervalMinutes must be a number" })
    .int("intervalMinutes must be a whole number of minutes")
    .min(1, "intervalMinutes must be at least 1")
    .max(LIMITS.intervalMinutes, `intervalMinutes can be at most ${LIMITS.intervalMinutes} (a week)`)
    .optional(),
});
export type ProvisioningPatch = z.output<typeof provisioningPatchSchema>;
export type ProvisioningPatchInput = z.input<typeof provisioningPatchSchema>;

export const provisioningView = z.object({
  mode: provisioningModeSchema,
  status: provisioningStatusSchema,
  scope: provisioningScopeSchema,
  notificationEmail: z.string().nullable(),
  sendFailureEmails: z.boolean(),
  preventAccidentalDeletion: z.boolean(),
  accidentalDeletionThreshold: z.number(),
  intervalMinutes: z.number(),
  /** admin credentials have been saved (their values are never returned) */
  credentialsSaved: z.boolean(),
  lastTestOk: z.boolean().nullable(),
  lastTestAt: z.string().nullable(),
});
export type ProvisioningView = z.infer<typeof provisioningView>;

export type ProvisioningSettings = Pick<ProvisioningView, "mode" | "status" | "scope" | "notificationEmail" | "sendFailureEmails" | "preventAccidentalDeletion" | "accidentalDeletionThreshold" | "intervalMinutes">;

/** `code` names the rule: its sentence in the reader's language is errors.rule.<code>. */
export type RuleIssue = { path: string; message: string; code: "deletionNeedsEmail" | "failureEmailNeedsEmail" | "automaticForOn" };

/**
 * Rules across fields (Entra's): they apply to the settings as they would be after a change,
 * so the API and the form give the same answer. Status On's credential test is checked separately.
 */
export function provisioningRuleIssues(s: ProvisioningSettings): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (s.preventAccidentalDeletion && !s.notificationEmail) {
    issues.push({ path: "notificationEmail", code: "deletionNeedsEmail", message: "Prevent accidental deletion needs a Notification Email: the threshold alert is sent there." });
  }
  if (s.sendFailureEmails && !s.notificationEmail) {
    issues.push({ path: "notificationEmail", code: "failureEmailNeedsEmail", message: "Enter a Notification Email to send an email notification when a failure occurs." });
  }
  if (s.status === "on" && s.mode !== "automatic") {
    issues.push({ path: "mode", code: "automaticForOn", message: "Set Provisioning Mode to Automatic to turn Provisioning Status On." });
  }
  return issues;
}

/** Credential form values: the template's fields; an empty or missing secret keeps the stored one. */
export const credentialsBodySchema = z.record(
  z.string().max(100),
  z.union([z.string().max(LIMITS.credentialValue, `credential values can be at most ${LIMITS.credentialValue} characters`), z.null()], {
    error: "credential values must be strings",
  }),
);
export type CredentialsBody = z.infer<typeof credentialsBodySchema>;

/** GET …/provisioning/credentials: non-secret values as entered, secrets only as {set}. */
export const credentialsViewSchema = z.record(z.string(), z.union([z.string(), z.object({ set: z.boolean() })]));
export type CredentialsView = z.infer<typeof credentialsViewSchema>;

export const testConnectionResultSchema = z.object({
  ok: z.boolean(),
  /** machine-readable diagnosis (dns_failure, connection_refused, tls_error, timeout, unauthorized, forbidden, …) */
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type TestConnectionView = z.infer<typeof testConnectionResultSchema>;

export const principalTypeSchema = z.enum(["user", "group"], { error: 'principalType must be "user" or "group"' });

export const createAssignmentSchema = z.strictObject({
  principalType: principalTypeSchema,
  principalId: z.string({ error: "principalId is required" }).min(1, "principalId is required").max(100),
  /** as in Entra, no role means "Default Access" */
  roleId: z.string({ error: "roleId must be a string" }).min(1, "roleId cannot be empty").max(100).optional(),
});
export type CreateAssignmentInput = z.input<typeof createAssignmentSchema>;

export const appRoleView = z.object({ id: z.string(), displayName: z.string(), description: z.string(), validForProvisioning: z.boolean() });
export type AppRoleView = z.infer<typeof appRoleView>;

export const assignmentView = z.object({
  id: z.string(),
  appId: z.string(),
  principalType: principalTypeSchema,
  principalId: z.string(),
  principalDisplayName: z.string(),
  /** userPrincipalName for users, mailNickname (if any) for groups */
  principalDetail: z.string().nullable(),
  roleId: z.string(),
  roleDisplayName: z.string(),
  roleValidForProvisioning: z.boolean(),
  createdAt: z.string(),
});
export type AssignmentView = z.infer<typeof assignmentView>;

export const mappingSummaryView = z.object({ id: z.string(), name: z.string(), sourceObject: z.string(), targetObject: z.string(), enabled: z.boolean() });
export type MappingSummary = z.infer<typeof mappingSummaryView>;
