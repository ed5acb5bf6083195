import type { z } from "zod";
import type { MappingDocument, TargetAttribute } from "@/lib/mapping/types";
import type { AuthConfig, AuthType, ProfileOverrides } from "@/lib/scim";

export type CredentialField = {
  name: string;
  label: string;
  /** write-only: stored encrypted, never returned to a browser */
  secret: boolean;
  type: "url" | "text" | "password" | "select";
  placeholder?: string;
  help?: string;
  required: boolean;
  /** shown under "Advanced" (e.g. token URL override for tests and self-hosted) */
  advanced?: boolean;
  options?: Array<{ value: string; label: string }>;
};

export type AppRole = { id: string; displayName: string; description: string; validForProvisioning: boolean };

export type DefaultMapping = Omit<MappingDocument, "id">;

export type Credentials = Record<string, string | undefined>;

export type ConnectorTemplate = {
  id: string;
  name: string;
  publisher: string;
  description: string;
  /** inline SVG data URI (monogram), so the gallery needs no asset pipeline */
  logo: string;
  category: "generic" | "collaboration" | "communication" | "developer" | "storage";
  /** vendor SCIM documentation the profile was derived from */
  docsUrl?: string;
  credentialFields: CredentialField[];
  credentialSchema: z.ZodType<Credentials>;
  authStrategies: AuthType[];
  /** default base URL for SaaS; null when the admin must type it */
  defaultBaseUrl: string | null;
  roles: AppRole[];
  profile: ProfileOverrides;
  /** template-specific Test Connection advice */
  hints?: { forbidden?: string; unauthorized?: string };
  mappings: { user: DefaultMapping; group: DefaultMapping | null };
  targetAttributes: { user: TargetAttribute[]; group: TargetAttribute[] };
  /** credentials (already validated) → where and how to connect */
  connection(credentials: Credentials): { baseUrl: string; auth: AuthConfig };
};
