// The browser's fetcher for /api/v1 (used through TanStack Query): JSON in/out,
// and the error envelope turned into an Error whose message is the plain one.
import { isLocale } from "../i18n/locales";

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: { path?: string; message: string }[]) {
    super(message);
  }
}

/**
 * The page's language (<html lang>, set from the admin's choice) as Accept-Language, so the API's
 * messages (errors, Test Connection, log texts) read in the language the portal shows.
 */
function pageLanguage(): Record<string, string> {
  if (typeof document === "undefined") return {};
  const lang = document.documentElement.lang;
  return isLocale(lang) ? { "accept-language": lang } : {};
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; rawBody?: BodyInit; contentType?: string; signal?: AbortSignal } = {}): Promise<T> {
  const type: Record<string, string> = init.body !== undefined ? { "content-type": "application/json" } : init.contentType ? { "content-type": init.contentType } : {};
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: { ...type, ...pageLanguage() },
    body: init.body !== undefined ? JSON.stringify(init.body) : init.rawBody,
    signal: init.signal,
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: { path?: string; message: string }[] } } | null)?.error;
    // A full reload (not router.push) drops every cached query of the expired session.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    if (res.status === 401 && typeof window !== "undefined") window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    throw new ApiError(res.status, e?.code ?? "error", e?.message ?? `Request failed (${res.status})`, e?.details);
  }
  return json as T;
}
