// The browser's fetcher for /api/v1 (used through TanStack Query): JSON in/out,
// and the error envelope turned into an Error whose message is the plain one.
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: { path?: string; message: string }[]) {
    super(message);
  }
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; rawBody?: BodyInit; contentType?: string; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : init.contentType ? { "content-type": init.contentType } : undefined,
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
