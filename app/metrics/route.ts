// GET /metrics – Prometheus text format for this web process (see lib/metrics).
// 404 unless PROVISIO_METRICS_TOKEN is set; then only with that bearer token.
import { env } from "@/lib/env";
import { decideScrape } from "@/lib/metrics/auth";
import { scrape } from "@/lib/metrics/collect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

export async function GET(req: Request) {
  const decision = decideScrape(env().PROVISIO_METRICS_TOKEN, req.headers.get("authorization"));
  if (decision === "disabled") return text(404, "Not found\n");
  if (decision === "unauthorized") return text(401, "Send Authorization: Bearer <PROVISIO_METRICS_TOKEN>.\n", { "www-authenticate": 'Bearer realm="metrics"' });
  try {
    const { contentType, body } = await scrape();
    return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch {
    return text(503, "Metrics are unavailable right now.\n");
  }
}
