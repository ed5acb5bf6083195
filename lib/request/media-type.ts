// Content-Type checks for JSON bodies: the media type must be one the endpoint takes, and the
// charset (when named) UTF-8 — the only one the body is decoded as.

/** null when acceptable, else the sentence a 415 answer carries. */
export function mediaTypeProblem(contentType: string | null, accepted: readonly string[]): string | null {
  const want = accepted.join(" or ");
  if (!contentType) return `Send the body with Content-Type: ${want}.`;
  const [type, ...params] = contentType.split(";").map((s) => s.trim().toLowerCase());
  if (!type || !accepted.includes(type)) return `Send the body as ${want}, not ${type || "an empty media type"}.`;
  for (const p of params) {
    const [k, v] = p.split("=").map((s) => s.trim().replace(/^"|"$/g, ""));
    if (k === "charset" && v !== "utf-8" && v !== "utf8") return `Send the body in UTF-8, not ${v}.`;
  }
  return null;
}
