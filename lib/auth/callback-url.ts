// Where the browser may go after signing in: only a path of this portal. The value is parsed with
// the URL parser against the portal's origin (as the browser will), so tricks like "/\evil",
// "/%09/evil", "//evil" or "https:evil" that survive a startsWith("/") check resolve to another
// host and are refused.
const FALLBACK = "/";

export function safeCallbackUrl(raw: string | null | undefined, portalOrigin: string): string {
  if (!raw || raw.length > 2000) return FALLBACK;
  // Control characters and backslashes have no business in a path; browsers strip or rewrite them.
  const BAD = /[\u0000-\u001f\u007f\\]/;
  if (BAD.test(raw)) return FALLBACK;
  // Once more decoded: a server or browser that decodes the path must not find them either.
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return FALLBACK;
  }
  if (BAD.test(decoded) || /^\s*\/\//.test(decoded)) return FALLBACK;
  let base: URL;
  let target: URL;
  try {
    base = new URL(portalOrigin);
    target = new URL(raw, base);
  } catch {
    return FALLBACK;
  }
  if (target.origin !== base.origin) return FALLBACK;
  // The sign-in page itself would loop; the API is not a page.
  if (target.pathname === "/signin" || target.pathname.startsWith("/api/")) return FALLBACK;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "//evil" after normalisation would be protocol-relative when handed back to the browser.
  return path.startsWith("//") ? FALLBACK : path;
}
