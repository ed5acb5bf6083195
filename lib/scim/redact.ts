// Secrets must never reach a log line, an error message or a test-connection answer.

const SECRET_KEYS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|password|passwd|secret|client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|token|secrettoken|adminpassword)$/i;

export const REDACTED = "[redacted]";

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

/** Replace every occurrence of each known secret in a string. */
export function redactString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) {
    // very short values would blank out ordinary words; they are not real secrets
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
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
