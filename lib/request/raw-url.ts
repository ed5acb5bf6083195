// Decisions on a request's raw target (as the client sent it, before any normalisation).
// Next (through the WHATWG URL parser) turns "/apps/1/assignments/%2e%2e" into "/apps/1" — the
// route of another handler — and answers bad percent-encoding with a 500 before authentication.
// Such targets are refused here with a 400 before routing.

/** Why a raw request target is refused, or null when it is fine. */
export function rawTargetProblem(target: string): string | null {
  if (target === "*" || /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return null; // OPTIONS * / absolute-form: not ours to judge
  const q = target.search(/[?#]/);
  const path = q >= 0 ? target.slice(0, q) : target;
  if (!path.startsWith("/")) return "The request path must start with /.";
  if (/%(?![0-9a-f]{2})/i.test(path)) return "The request path has a malformed percent-encoding.";
  if (/%2f|%5c|\\/i.test(path)) return "Encoded slashes and backslashes are not allowed in the request path.";
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return "The request path is not valid UTF-8 once percent-decoded.";
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return "Control characters are not allowed in the request path.";
  // every segment, raw or decoded: "." and ".." would be resolved by the URL parser
  for (const seg of path.split("/").slice(1)) {
    let d: string;
    try {
      d = decodeURIComponent(seg);
    } catch {
      return "The request path is not valid UTF-8 once percent-decoded.";
    }
    if (d === "." || d === "..") return "Dot segments (. and ..) are not allowed in the request path.";
  }
  return null;
}
