// The only reader of process.env. Validated lazily (on first use) so `next build`
// works without runtime configuration; a missing value fails with a sentence
// that names what to set.
import { z } from "zod";
import { parseTrustedProxies } from "./request/address";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

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
  NODE_ENV: z.string().optional(),
});

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
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => (i.path.length ? `${String(i.path[0])}: ${i.message}` : i.message)));
  }
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
