import { z } from "zod";

/**
 * The credential checks' own texts, a closed set: English as shown by the API, and the code a
 * reader's language renders (errors.credential.<code>, lib/apps/credentials.ts).
 */
export const CREDENTIAL_ISSUES = {
  required: "Required",
  requiredForOAuth2: "Required for OAuth2",
  url: "Must be an http:// or https:// URL",
} as const;
export type CredentialIssue = keyof typeof CREDENTIAL_ISSUES;

/** The code of one of the texts above (null: a text from elsewhere, e.g. zod's own). */
export function credentialIssueCode(message: string): CredentialIssue | null {
  return (Object.keys(CREDENTIAL_ISSUES) as CredentialIssue[]).find((k) => CREDENTIAL_ISSUES[k] === message) ?? null;
}

export const httpUrl = z
  .string()
  .trim()
  .min(1, CREDENTIAL_ISSUES.required)
  .regex(/^https?:\/\/[^\s]+$/i, CREDENTIAL_ISSUES.url);

export const optionalHttpUrl = z.preprocess((v) => (v === "" ? undefined : v), httpUrl.optional());
export const required = z.string().trim().min(1, CREDENTIAL_ISSUES.required);
export const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().optional());
export const secretRequired = z.string().min(1, CREDENTIAL_ISSUES.required);
