// Secrets must never reach a log line, an error message or a test-connection answer.

const SECRET_KEYS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|password|passwd|secret|client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|token|secrettoken|adminpassword)$/i;

export const REDACTED = "[redacted]";

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

/**
 * The forms a secret takes when a target echoes it back transformed: URL-encoded (once or twice,
 * %20 or +), JSON-escaped, base64 and base64url (padded or not). Matched without regard to case,
 * which also covers a target that lower- or upper-cases the secret or the %-escapes.
 */
export function secretVariants(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const b64 = Buffer.from(secret, "utf8").toString("base64");
  const out = new Set([secret, url, url.replace(/%20/g, "+"), encodeURIComponent(url), JSON.stringify(secret).slice(1, -1), b64, b64.replace(/=+$/, ""), Buffer.from(secret, "utf8").toString("base64url")]);
  return [...out].filter((v) => v.length >= 4);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const patternCache = new Map<string, RegExp | null>();

function secretPattern(secrets: readonly string[]): RegExp | null {
  const key = secrets.join("\u0000");
  const hit = patternCache.get(key);
  if (hit !== undefined) return hit;
  // very short values would blank out ordinary words; they are not real secrets
  const variants = [...new Set(secrets.filter((x) => x && x.length >= 4).flatMap(secretVariants))].sort((a, b) => b.length - a.length);
  const re = variants.length ? new RegExp(variants.map(escapeRe).join("|"), "gi") : null;
  if (patternCache.size > 500) patternCache.clear();
  patternCache.set(key, re);
  return re;
}

/** Replace every occurrence of each known secret, in any of its common encodings, in a string. */
export function redactString(s: string, secrets: readonly string[]): string {
  const re = secretPattern(secrets);
  let out = re ? s.replace(re, REDACTED) : s;
  // bearer/basic credentials that we did not know about (e.g. echoed by a server)
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`);
  out = out.replace(/("(?:access_token|refresh_token|id_token|client_secret|password)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`);
  return out;
}

/** Deep copy with secret-looking keys and known secret values blanked. */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (key !== undefined && isSecretKey(key) && v !== null && v !== undefined) return REDACTED;
    if (typeof v === "string") return redactString(v, secrets);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const s = Array.isArray(v) ? v.join(", ") : v;
    if (/^(authorization|proxy-authorization)$/i.test(k)) {
      const scheme = s.split(/\s+/)[0] ?? "";
      out[k] = `${scheme} ${REDACTED}`;
    } else if (isSecretKey(k)) out[k] = REDACTED;
    else out[k] = s;
  }
  return out;
}

/** Query-string secrets (access_token=…) in URLs. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let out = url.replace(/([?&](?:access_token|token|client_secret|password|api_key)=)[^&#]*/gi, `$1${REDACTED}`);
  out = out.replace(/\/\/[^/@\s]+:[^/@\s]+@/, `//${REDACTED}@`);
  return redactString(out, secrets);
}

export function truncate(s: string, max = 2000): string {
  return s.length > max ? `${s.slice(0, max)}…(${s.length - max} more chars)` : s;
}
