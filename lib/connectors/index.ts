/**
 * lib/connectors — the gallery: templates as data + zod, and the one way to build a
 * ScimClient for an app instance.
 *
 *   listTemplates() → ConnectorTemplate[]          getTemplate(id) → ConnectorTemplate | undefined
 *   getTemplateOrThrow(id)                         templateSummary(t) → the shape GET /api/v1/templates returns
 *   parseCredentials(template, raw) → { ok, credentials } | { ok: false, issues }
 *   resolveConnection(template, credentials, overrides?) → { baseUrl, auth, profile }
 *   buildClientForApp(template | id, credentials, overrides?, { allowPrivate, dryRun, ...clientOptions }) → ScimClient
 *   testConnectionForApp(template | id, credentials, overrides?, { allowPrivate }) → TestConnectionResult
 *   isRoleValidForProvisioning(template, roleId)
 */
import { z } from "zod";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translator } from "../i18n/translate";
import {
  resolveProfile,
  ScimClient,
  testConnection,
  type CompatibilityProfile,
  type ProfileOverrides,
  type ScimClientOptions,
  type TestConnectionResult,
} from "@/lib/scim";
import { gotomeetingTemplate } from "./templates/gotomeeting";
import { scimTemplate } from "./templates/scim";
import { slackTemplate } from "./templates/slack";
import { zoomTemplate } from "./templates/zoom";
import type { ConnectorTemplate, Credentials } from "./types";

export type { AppRole, ConnectorTemplate, CredentialField, Credentials, DefaultMapping } from "./types";
export { SCIM_USER_MAPPINGS, SCIM_GROUP_MAPPINGS, SCIM_USER_ATTRIBUTES, SCIM_GROUP_ATTRIBUTES, ENTERPRISE } from "./mappings";

const TEMPLATES: readonly ConnectorTemplate[] = [scimTemplate, gotomeetingTemplate, slackTemplate, zoomTemplate];

export function listTemplates(): readonly ConnectorTemplate[] {
  return TEMPLATES;
}

export function getTemplate(id: string): ConnectorTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

export class UnknownTemplateError extends Error {
  readonly code = "not_found";
  constructor(id: string) {
    super(`Unknown application template "${id}".`);
  }
}

export function getTemplateOrThrow(id: string): ConnectorTemplate {
  const t = getTemplate(id);
  if (!t) throw new UnknownTemplateError(id);
  return t;
}

/** What the gallery API returns: no functions, no zod. */
export function templateSummary(t: ConnectorTemplate) {
  return {
    id: t.id,
    name: t.name,
    publisher: t.publisher,
    description: t.description,
    logo: t.logo,
    category: t.category,
    docsUrl: t.docsUrl,
    credentialFields: t.credentialFields,
    authStrategies: t.authStrategies,
    defaultBaseUrl: t.defaultBaseUrl,
    roles: t.roles,
  };
}

export function isRoleValidForProvisioning(t: ConnectorTemplate, roleId: string): boolean {
  return t.roles.some((r) => r.id === roleId && r.validForProvisioning);
}

export type ParsedCredentials = { ok: true; credentials: Credentials } | { ok: false; issues: Array<{ field: string; message: string }> };

export function parseCredentials(t: ConnectorTemplate, raw: unknown): ParsedCredentials {
  const r = t.credentialSchema.safeParse(raw);
  if (r.success) return { ok: true, credentials: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ field: i.path.join(".") || "(form)", message: i.message })) };
}

export type AppOverrides = {
  /** per-app profile tweaks on top of the template's */
  profile?: ProfileOverrides;
  /** replaces the URL from credentials / the template default */
  baseUrl?: string;
};

export function resolveConnection(t: ConnectorTemplate, credentials: Credentials, overrides: AppOverrides = {}) {
  const conn = t.connection(credentials);
  const profile: CompatibilityProfile = resolveProfile(t.profile, overrides.profile);
  return { baseUrl: overrides.baseUrl ?? conn.baseUrl, auth: conn.auth, profile };
}

export type BuildOptions = Omit<ScimClientOptions, "baseUrl" | "auth" | "profile"> & { allowPrivate: boolean };

export function buildClientForApp(template: ConnectorTemplate | string, credentials: Credentials, overrides: AppOverrides = {}, opts: BuildOptions): ScimClient {
  const t = typeof template === "string" ? getTemplateOrThrow(template) : template;
  const { baseUrl, auth, profile } = resolveConnection(t, credentials, overrides);
  return new ScimClient({ ...opts, baseUrl, auth, profile });
}

export async function testConnectionForApp(
  template: ConnectorTemplate | string,
  credentials: unknown,
  overrides: AppOverrides = {},
  opts: Omit<BuildOptions, "dryRun"> & { locale?: Locale },
): Promise<TestConnectionResult> {
  const t = typeof template === "string" ? getTemplateOrThrow(template) : template;
  const parsed = parseCredentials(t, credentials);
  if (!parsed.ok) {
    return {
      ok: false,
      code: "invalid_credentials",
      message: translator(opts.locale ?? DEFAULT_LOCALE, "diagnose")("invalid_credentials", { issues: parsed.issues.map((i) => `${labelOf(t, i.field)} — ${i.message}`).join("; ") }),
      details: { issues: parsed.issues },
    };
  }
  const { baseUrl, auth, profile } = resolveConnection(t, parsed.credentials, overrides);
  return testConnection({ ...opts, baseUrl, auth, profile, hints: t.hints, hintsKey: t.id });
}

function labelOf(t: ConnectorTemplate, field: string): string {
  return t.credentialFields.find((f) => f.name === field)?.label ?? field;
}

/** zod schema for a template id (route params / app creation). */
export const templateIdSchema = z.string().refine((id) => getTemplate(id) !== undefined, "Unknown template");
