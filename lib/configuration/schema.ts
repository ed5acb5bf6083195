// The provisioning configuration of one app as a versioned JSON document (Entra's
// "Review your schema here"): mode, settings, scope and both mappings with their
// expressions, matching precedence, scoping filters and target attribute lists.
// Never credentials, never state: a document exported from one app applies to
// another app of the same template and gives it the identical configuration.
// Pure (zod only): the portal's editor validates with the same schema.
import { z } from "zod";
import { notificationEmailSchema, provisioningModeSchema, provisioningScopeSchema, LIMITS as APP_LIMITS } from "../apps/schemas";
import { mappingDocumentSchema } from "../mapping/schema";

export const CONFIGURATION_VERSION = 1;

const int = (name: string, min: number, max: number, unit = "") =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number${unit}`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} can be at most ${max}`);

/** Provisioning settings that are configuration. Status On/Off is an operation (it tests credentials), not part of the document. */
export const configurationSettingsSchema = z.strictObject({
  mode: provisioningModeSchema,
  scope: provisioningScopeSchema,
  notificationEmail: notificationEmailSchema,
  sendFailureEmails: z.boolean({ error: "sendFailureEmails must be true or false" }),
  preventAccidentalDeletion: z.boolean({ error: "preventAccidentalDeletion must be true or false" }),
  accidentalDeletionThreshold: int("accidentalDeletionThreshold", 1, APP_LIMITS.threshold),
  intervalMinutes: int("intervalMinutes", 1, APP_LIMITS.intervalMinutes, " of minutes"),
});

/** A mapping without what belongs to the app it came from (its id) or to its slot (the source object). */
export const configurationMappingSchema = mappingDocumentSchema.omit({ id: true, sourceObject: true });

export const configurationDocumentSchema = z.strictObject({
  version: z.literal(CONFIGURATION_VERSION, { error: `version must be ${CONFIGURATION_VERSION} (the document version this Provisio reads)` }),
  /** the gallery template the document was exported from; it applies only to apps of that template */
  templateId: z.string({ error: "templateId is required" }).min(1, "templateId is required").max(100),
  provisioning: configurationSettingsSchema,
  mappings: z.strictObject({ user: configurationMappingSchema, group: configurationMappingSchema }),
});

export type ConfigurationDocument = z.infer<typeof configurationDocumentSchema>;
export type ConfigurationMapping = z.infer<typeof configurationMappingSchema>;

export type ConfigurationIssue = { path: string; message: string; position?: number };

export const configurationIssueSchema = z.object({ path: z.string(), message: z.string(), position: z.number().optional() });

export const configurationChangeSchema = z.object({
  /** JSON path of the value that changes, e.g. mappings.user.attributeMappings.3.expression */
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type ConfigurationChange = z.infer<typeof configurationChangeSchema>;

export const configurationDiffSchema = z.object({ changes: z.array(configurationChangeSchema), current: configurationDocumentSchema });

/** zod issues → JSON paths ("mappings.user.attributeMappings.2.target") and plain messages. */
export function zodIssues(err: z.ZodError): ConfigurationIssue[] {
  return err.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.code === "unrecognized_keys" ? `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` : i.message,
  }));
}
