// Who may scrape: a bearer token equal to PROVISIO_METRICS_TOKEN (compared in
// constant time). Without the variable the endpoint does not exist (404), so a
// default install exposes nothing.
import { createHash, timingSafeEqual } from "node:crypto";

export type ScrapeDecision = "disabled" | "unauthorized" | "ok";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function decideScrape(configuredToken: string | undefined, authorization: string | null | undefined): ScrapeDecision {
  if (!configuredToken) return "disabled";
  const m = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
  if (!m) return "unauthorized";
  return timingSafeEqual(digest(m[1]!), digest(configuredToken)) ? "ok" : "unauthorized";
}
