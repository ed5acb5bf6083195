// Prometheus metrics of one process (web or worker). Two kinds:
//  - per-process counters and histograms of what happens in this process: objects
//    written, target requests, 429s and Retry-After, push latency. Each process
//    counts its own; Prometheus sums them over the scraped processes.
//  - gauges read from Postgres at scrape time (lib/metrics/collect.ts): escrow
//    size, quarantined apps, change-feed lag, queue depth and job age, and the
//    finished-cycle counts. Every process reports the same cluster-wide values.
// One registry per process, kept on globalThis: Next.js may bundle this module
// into several chunks (instrumentation, route handlers) that must share it.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "provisio_process_" });
  const m = {
    registry,
    // ── per process ──
    objects: new Counter({ name: "provisio_sync_objects_total", help: "Objects written by sync cycles in this process, by app, object kind, action and status (success, failure, skipped)", labelNames: ["app", "kind", "action", "status"], registers: [registry] }),
    targetRequests: new Histogram({
      name: "provisio_target_request_duration_seconds", help: "Duration of each request this process sent to a target app, by app and status class (2xx, 3xx, 4xx, 5xx, network)",
      labelNames: ["app", "status_class"], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
    }),
    throttled: new Counter({ name: "provisio_target_throttled_total", help: "429 Too Many Requests answers a target gave this process, by app", labelNames: ["app"], registers: [registry] }),
    retryAfter: new Counter({ name: "provisio_target_retry_after_total", help: "Target answers that carried Retry-After (429 or 503), by app", labelNames: ["app"], registers: [registry] }),
    pushLatency: new Histogram({
      name: "provisio_push_latency_seconds", help: "Real-time push latency in this process: directory write committed → the change written to the target app, by app",
      labelNames: ["app"], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300], registers: [registry],
    }),
    // ── from Postgres at scrape time ──
    cycles: new Counter({ name: "provisio_sync_cycles_total", help: "Finished sync cycles by app, type (initial, incremental, on_demand) and outcome (from Postgres, cluster-wide)", labelNames: ["app", "type", "outcome"], registers: [registry] }),
    appInfo: new Gauge({ name: "provisio_app_info", help: "1 for each app: its name, template and provisioning status (join on app)", labelNames: ["app", "name", "template", "status"], registers: [registry] }),
    escrow: new Gauge({ name: "provisio_escrow_objects", help: "Objects waiting in escrow for a retry, by app (from Postgres)", labelNames: ["app"], registers: [registry] }),
    quarantined: new Gauge({ name: "provisio_app_quarantined", help: "1 when the app is in quarantine, else 0 (from Postgres)", labelNames: ["app"], registers: [registry] }),
    quarantinedApps: new Gauge({ name: "provisio_apps_quarantined", help: "Apps in quarantine (from Postgres)", registers: [registry] }),
    paused: new Gauge({ name: "provisio_app_paused", help: "1 when the app is paused by the accidental-deletion threshold, else 0 (from Postgres)", labelNames: ["app"], registers: [registry] }),
    changeFeedLag: new Gauge({ name: "provisio_change_feed_lag", help: "Directory changes not yet exported to the app: directory sequence − the app's watermark, for apps with provisioning On (from Postgres)", labelNames: ["app"], registers: [registry] }),
    queueWaiting: new Gauge({ name: "provisio_queue_jobs_waiting", help: "Jobs due and waiting for a worker, by queue (from Postgres)", labelNames: ["queue"], registers: [registry] }),
    queueDeferred: new Gauge({ name: "provisio_queue_jobs_deferred", help: "Jobs scheduled for later, by queue (from Postgres)", labelNames: ["queue"], registers: [registry] }),
    queueActive: new Gauge({ name: "provisio_queue_jobs_active", help: "Jobs being worked on, by queue (from Postgres)", labelNames: ["queue"], registers: [registry] }),
    queueAge: new Gauge({ name: "provisio_queue_oldest_waiting_seconds", help: "How long the oldest due job has waited for a worker, by queue (from Postgres)", labelNames: ["queue"], registers: [registry] }),
    scrapeErrors: new Counter({ name: "provisio_metrics_source_errors_total", help: "Scrape-time reads from Postgres that failed, by source", labelNames: ["source"], registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof create>;
const g = globalThis as unknown as { __provisioMetrics?: Metrics };

export function metrics(): Metrics {
  g.__provisioMetrics ??= create();
  return g.__provisioMetrics;
}
