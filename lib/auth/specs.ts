// Route specs of sign-in lockouts (global administrators see and clear them).
import { z } from "zod";
import { defineRoute } from "../api/route";

const lockoutView = z.object({
  kind: z.enum(["account_address", "address", "account"]),
  email: z.string().nullable(),
  address: z.string().nullable(),
  failures: z.number(),
  lockedUntil: z.string(),
});

export const listLockoutsRoute = defineRoute({
  method: "GET", path: "/api/v1/sign-in-lockouts", summary: "Sign-in lockouts in force (per email and address, per address, per email)", role: "global_admin", tags: ["Administrators"],
  response: z.object({ items: z.array(lockoutView), nextCursor: z.null() }),
});

export const clearLockoutRoute = defineRoute({
  method: "DELETE", path: "/api/v1/sign-in-lockouts", summary: "Clear the sign-in failures behind a lockout: of an email, an address, or both", role: "global_admin", status: 204, tags: ["Administrators"],
  query: z
    .strictObject({ email: z.string().trim().min(1).max(254).optional(), address: z.string().trim().min(1).max(100).optional() })
    .refine((q) => q.email || q.address, "Give the email, the address, or both."),
});
