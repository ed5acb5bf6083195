import { z } from "zod";

export const roleSchema = z.enum(["global_admin", "app_admin", "reader"]);
export const passwordSchema = z.string().min(12, "Passwords need at least 12 characters").max(200);

export const createAdminSchema = z.strictObject({
  email: z.email("email must be an email address").max(254),
  name: z.string().trim().min(1, "name is required").max(200),
  role: roleSchema,
  password: passwordSchema,
});

export const updateAdminSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});

export const adminView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminView = z.infer<typeof adminView>;
