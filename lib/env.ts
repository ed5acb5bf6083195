// The only reader of process.env. Validated lazily (on first use) so `next build`
// works without runtime configuration; a missing value fails with a sentence
// that names what to set.
import { z } from "zod";
import { parseRoleMap } from "./auth/oidc-roles";
import { parseTrustedProxies } from "./request/address";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

// on unless switched off explicitly
const boolDefaultTrue = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
  .optional()
  .transform((v) => v === undefined || v === "true" || v === "1" || v === "yes");

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

const schema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set. Set it to a Postgres URL, or start Provisio with `npm start`, which runs an embedded database." })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL"),
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET is not set. Set it to a random string of at least 32 characters (e.g. `openssl rand -base64 32`)." })
    .min(32, "NEXTAUTH_SECRET must be at least 32 characters long"),
  NEXTAUTH_URL: z.url("NEXTAUTH_URL must be the portal's public URL, e.g. https://provisio.example.com").optional(),
  PROVISIO_ENCRYPTION_KEY: z
    .string({ error: "PROVISIO_ENCRYPTION_KEY is not set. Set it to 32 random bytes in base64 (`openssl rand -base64 32`), optionally as a key ring `id1:key1,id0:key0` (the first encrypts)." })
    .refine((v) => parseKeyRing(v) !== null, "PROVISIO_ENCRYPTION_KEY must be 32 bytes in base64 or hex, or a key ring `id:key,id:key`"),
  ADMIN_EMAIL: z.email("ADMIN_EMAIL must be an email address").optional(),
  ADMIN_PASSWORD: z.string().min(8, "ADMIN_PASSWORD must be at least 8 characters").optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must look like smtp://user:pass@host:587 or smtps://…").optional(),
  SMTP_FROM: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PROVISIO_WORKER: z.enum(["inline", "off"], { error: "PROVISIO_WORKER must be `inline` or `off`" }).default("inline"),
  PROVISIO_ALLOW_PRIVATE_TARGETS: bool,
  PROVISIO_MAX_RESPONSE_MB: z.coerce
    .number({ error: "PROVISIO_MAX_RESPONSE_MB must be a number of megabytes, e.g. 4" })
    .min(0.01, "PROVISIO_MAX_RESPONSE_MB must be at least 0.01 (10 KB)")
    .max(1024, "PROVISIO_MAX_RESPONSE_MB must be at most 1024")
    .default(4),
  PROVISIO_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  PROVISIO_TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine((v) => parseTrustedProxies(v) !== null, "PROVISIO_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges, e.g. 10.0.0.5,10.1.0.0/16"),
  PROVISIO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PROVISIO_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  PROVISIO_METRICS_TOKEN: z
    .string()
    .min(16, "PROVISIO_METRICS_TOKEN must be at least 16 characters: set it to a random string (`openssl rand -hex 24`) and give Prometheus the same value as its bearer token, or unset it to disable /metrics")
    .optional(),
  PROVISIO_METRICS_PORT: z.coerce
    .number({ error: "PROVISIO_METRICS_PORT must be a port number (e.g. 9464) on which `npm run worker` serves /metrics" })
    .int()
    .min(1, "PROVISIO_METRICS_PORT must be a port number between 1 and 65535")
    .max(65535, "PROVISIO_METRICS_PORT must be a port number between 1 and 65535")
    .optional(),
  // Admin sign-in through the company's OpenID provider (lib/auth/oidc.ts); off when OIDC_ISSUER is unset.
  OIDC_ISSUER: z
    .url("OIDC_ISSUER must be the OpenID provider's issuer URL, e.g. https://login.example.com/realms/corp (its /.well-known/openid-configuration is read at sign-in)")
    .refine((v) => {
      const u = new URL(v);
      return u.protocol === "https:" || (u.protocol === "http:" && loopbackHosts.has(u.hostname));
    }, "OIDC_ISSUER must be an https:// URL (http:// only on 127.0.0.1 or localhost, for testing)")
    .optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().max(60, "OIDC_NAME must be at most 60 characters (it is the sign-in button's label)").default("single sign-on"),
  OIDC_ROLE_CLAIM: z.string().default("groups"),
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_SCOPES: z.string().regex(/(^|\s)openid(\s|$)/, "OIDC_SCOPES must include openid, e.g. `openid email profile groups`").default("openid email profile"),
  PROVISIO_PASSWORD_LOGIN: boolDefaultTrue,
  NODE_ENV: z.string().optional(),
});

// Rules across variables, on the raw values (so they are reported together with every other
// problem): each names the variable to set.
function crossProblems(src: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  const problem = (k: string, message: string) => out.push(`${k}: ${message}`);
  const claim = src.OIDC_ROLE_CLAIM ?? "groups";
  if (src.OIDC_ISSUER) {
    if (!src.OIDC_CLIENT_ID) problem("OIDC_CLIENT_ID", "OIDC_CLIENT_ID is not set: OIDC_ISSUER is, so set the client id Provisio is registered with at the OpenID provider");
    if (!src.OIDC_CLIENT_SECRET) problem("OIDC_CLIENT_SECRET", "OIDC_CLIENT_SECRET is not set: OIDC_ISSUER is, so set the client secret of Provisio's registration at the OpenID provider");
    if (!src.OIDC_ROLE_MAP) {
      problem("OIDC_ROLE_MAP", `OIDC_ROLE_MAP is not set: OIDC_ISSUER is, so say which values of the ${claim} claim make an administrator, e.g. provisio-admins=global,provisio-ops=application,provisio-readers=reader`);
    } else {
      const parsed = parseRoleMap(src.OIDC_ROLE_MAP);
      if (!parsed.ok) for (const err of parsed.errors) problem("OIDC_ROLE_MAP", `OIDC_ROLE_MAP: ${err}`);
    }
  } else {
    for (const k of ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP"]) {
      if (src[k]) problem(k, `${k} is set but OIDC_ISSUER is not: set OIDC_ISSUER to the OpenID provider's issuer URL, or unset ${k}`);
    }
    if (["false", "0", "no"].includes(src.PROVISIO_PASSWORD_LOGIN ?? "")) {
      problem("PROVISIO_PASSWORD_LOGIN", "PROVISIO_PASSWORD_LOGIN=false needs single sign-on: set OIDC_ISSUER (and its client and role map) first, or nobody but the break-glass admin could sign in");
    }
  }
  return out;
}

export type Env = z.infer<typeof schema>;

export type KeyRing = { current: string; keys: Map<string, Buffer> };

/** "base64" | "hex" | "id:key,id:key" → key ring; null when malformed. */
export function parseKeyRing(raw: string): KeyRing | null {
  const entries = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const keys = new Map<string, Buffer>();
  let current = "";
  for (const [i, entry] of entries.entries()) {
    // base64 and hex never contain ":", so "id:key" is unambiguous
    const sep = entry.indexOf(":");
    const id = sep > 0 ? entry.slice(0, sep) : "k0";
    const material = sep > 0 ? entry.slice(sep + 1) : entry;
    const key = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
    if (key.length !== 32) return null;
    keys.set(id, key);
    if (i === 0) current = id;
  }
  return { current, keys };
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Provisio is not configured correctly:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = schema.safeParse(cleaned);
  const problems = result.success ? [] : result.error.issues.map((i) => (i.path.length ? `${String(i.path[0])}: ${i.message}` : i.message));
  problems.push(...crossProblems(cleaned));
  if (!result.success || problems.length) throw new EnvError(problems);
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change configuration. */
export function resetEnvCache() {
  cached = undefined;
}
