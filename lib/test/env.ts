// Vitest helpers for integration tests: they need the database `npm test` created.
import { randomBytes } from "node:crypto";

/** Fills in the secrets integration tests need when the runner did not (e.g. `npx vitest` by hand). */
export function ensureTestEnv() {
  if (!process.env.DATABASE_URL) throw new Error("Integration tests need DATABASE_URL: run them with `npm test` (or set DATABASE_URL to a migrated database).");
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
  process.env.PROVISIO_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
}

export const uniq = (prefix = "t") => `${prefix}-${randomBytes(5).toString("hex")}`;
