// What the engine calls when something happens in this process (per-process counters).
// Never throws: metrics must not fail a sync.
import { metrics } from "./registry";

export function statusClass(status: number | undefined): string {
  if (status === undefined || status < 100) return "network";
  return `${Math.floor(status / 100)}xx`;
}

export function recordTargetRequest(appId: string, e: { status?: number; durationMs: number; retryAfter?: boolean }) {
  try {
    const m = metrics();
    m.targetRequests.observe({ app: appId, status_class: statusClass(e.status) }, Math.max(0, e.durationMs) / 1000);
    if (e.status === 429) m.throttled.inc({ app: appId });
    if (e.retryAfter) m.retryAfter.inc({ app: appId });
  } catch {
    /* never fail a sync for a metric */
  }
}

export function recordObjects(appId: string, results: { kind: string; action: string; status: string }[]) {
  try {
    const m = metrics();
    for (const r of results) m.objects.inc({ app: appId, kind: r.kind, action: r.action, status: r.status });
  } catch {
    /* never fail a sync for a metric */
  }
}

/** Seconds from the directory commit to the target write, for each pushed change. */
export function recordPushLatency(appId: string, changedAt: Date[], now = Date.now()) {
  try {
    const m = metrics();
    for (const at of changedAt) m.pushLatency.observe({ app: appId }, Math.max(0, now - at.getTime()) / 1000);
  } catch {
    /* never fail a sync for a metric */
  }
}
