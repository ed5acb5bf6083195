// A scrape: refresh the Postgres-backed gauges, then render the registry in the
// Prometheus text format. A source that cannot be read is counted and skipped
// (its gauges stay empty) rather than failing the whole scrape.
import { currentSeq } from "../directory/change-feed";
import { queueStats } from "../jobs/queue-stats";
import { appGauges, finishedCycleCounts } from "../sync/gauges";
import { metrics } from "./registry";

async function source(name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch {
    metrics().scrapeErrors.inc({ source: name });
  }
}

async function refresh() {
  const m = metrics();
  await source("apps", async () => {
    const [apps, seq] = await Promise.all([appGauges(), currentSeq()]);
    for (const g of [m.appInfo, m.escrow, m.quarantined, m.paused, m.changeFeedLag]) g.reset();
    let quarantined = 0;
    for (const a of apps) {
      m.appInfo.set({ app: a.appId, name: a.name, template: a.templateId, status: a.status }, 1);
      m.escrow.set({ app: a.appId }, a.escrowed);
      const q = a.status === "on" && a.state === "quarantined";
      quarantined += q ? 1 : 0;
      m.quarantined.set({ app: a.appId }, q ? 1 : 0);
      m.paused.set({ app: a.appId }, a.status === "on" && a.state === "paused" ? 1 : 0);
      if (a.status === "on") m.changeFeedLag.set({ app: a.appId }, Number(seq > a.watermark ? seq - a.watermark : 0n));
    }
    m.quarantinedApps.set(quarantined);
  });
  await source("cycles", async () => {
    const rows = await finishedCycleCounts();
    m.cycles.reset();
    for (const r of rows) m.cycles.inc({ app: r.appId, type: r.type, outcome: r.outcome }, r.count);
  });
  await source("queue", async () => {
    const rows = await queueStats();
    for (const g of [m.queueWaiting, m.queueDeferred, m.queueActive, m.queueAge]) g.reset();
    for (const r of rows) {
      m.queueWaiting.set({ queue: r.queue }, r.waiting);
      m.queueDeferred.set({ queue: r.queue }, r.deferred);
      m.queueActive.set({ queue: r.queue }, r.active);
      m.queueAge.set({ queue: r.queue }, r.oldestWaitingSeconds);
    }
  });
}

export async function scrape(): Promise<{ contentType: string; body: string }> {
  await refresh();
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
