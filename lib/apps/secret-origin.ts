// Stored secrets are bound to the origins (scheme, host, port) they were saved for. When a
// request changes the origin of any URL field (tenant URL, token URL, API base URL), the
// stored secrets are not sent there: they must be typed again, as in Entra ID. Pure decisions;
// lib/apps/credentials.ts applies them on Test Connection and save.
import type { ConnectorTemplate, Credentials } from "../connectors";
import { AppError } from "../errors";

/** The origin a URL field points at; "" (empty) means the template's default URL. */
export function originOf(value: string | undefined): string {
  if (value === undefined || value === "") return "";
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    // Not a URL: it can only equal the very same text (validation refuses it later).
    return `invalid:${value}`;
  }
}

/** URL fields of the template whose origin differs between the stored values and the candidate. */
export function movedUrlFields(t: ConnectorTemplate, stored: Credentials, candidate: Credentials): string[] {
  return t.credentialFields.filter((f) => f.type === "url" && originOf(stored[f.name]) !== originOf(candidate[f.name])).map((f) => f.name);
}

/** Origins a set of credentials points at (for the audit trail): every URL field, "default" when empty. */
export function originsOf(t: ConnectorTemplate, c: Credentials): Record<string, string> {
  return Object.fromEntries(t.credentialFields.filter((f) => f.type === "url").map((f) => [f.name, originOf(c[f.name]) || "default"]));
}

export class SecretsMustBeReenteredError extends AppError {
  constructor(
    readonly fields: string[],
    readonly moved: string[],
    label: (field: string) => string,
  ) {
    const names = fields.map(label).join(", ");
    const urls = moved.map(label).join(" and ");
    super(
      "validation_failed",
      `${urls} now point${moved.length > 1 ? "" : "s"} at a different host, so the saved ${names} ${fields.length > 1 ? "are" : "is"} not sent there. Enter ${fields.length > 1 ? "them" : "it"} again.`,
      fields.map((f) => ({ path: f, message: `${label(f)}: enter it again (${urls} changed host).`, reenter: true })),
    );
  }
}

export type SecretMergeDecision = {
  /** the credentials to use for this request */
  merged: Credentials;
  /** URL fields whose origin changed (stored secrets were not merged) */
  moved: string[];
  /** stored secrets that were dropped because the origin changed */
  dropped: string[];
};

/**
 * Form values + stored secrets → credentials for this request. An empty secret keeps the stored
 * one only while every URL field keeps its origin; otherwise the stored secrets are dropped.
 */
export function mergeStoredSecrets(t: ConnectorTemplate, storedPublic: Credentials, storedSecrets: Credentials, form: Record<string, string | null | undefined>): SecretMergeDecision {
  const merged: Credentials = {};
  for (const f of t.credentialFields) {
    const v = form[f.name];
    if (v != null && v !== "") merged[f.name] = v;
  }
  const moved = movedUrlFields(t, storedPublic, merged);
  const dropped: string[] = [];
  for (const f of t.credentialFields) {
    if (!f.secret || merged[f.name] !== undefined || !storedSecrets[f.name]) continue;
    if (moved.length) dropped.push(f.name);
    else merged[f.name] = storedSecrets[f.name];
  }
  return { merged, moved, dropped };
}

/**
 * With dropped secrets, the credentials the template then finds missing are the ones to re-enter:
 * refuse with a 400 naming them. (A dropped secret the new settings do not need, e.g. the bearer
 * token after switching to OAuth, simply stays dropped.)
 */
export function assertNoDroppedSecretNeeded(t: ConnectorTemplate, d: SecretMergeDecision, missingFields: string[]) {
  const needed = d.dropped.filter((f) => missingFields.includes(f));
  if (!needed.length) return;
  const label = (name: string) => t.credentialFields.find((f) => f.name === name)?.label ?? name;
  throw new SecretsMustBeReenteredError(needed, d.moved, label);
}
