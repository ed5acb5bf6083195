// Shapes of /api/v1/scim-tokens: shared by the route specs (OpenAPI), the handlers and the Settings page form.
import { z } from "zod";

export const createScimTokenSchema = z.strictObject({
  name: z.string({ error: "name must be a string" }).trim().min(1, "name is required").max(100, "name can be at most 100 characters"),
});

export const scimTokenView = z.object({
  id: z.string(),
  name: z.string(),
  /** first characters of the token, to recognise it */
  prefix: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(["active", "revoked"]),
});
export type ScimTokenView = z.infer<typeof scimTokenView>;
export const createdScimTokenView = scimTokenView.extend({ token: z.string() });

