// Prometheus metrics: scraped from a real worker process (PROVISIO_METRICS_PORT) while it
// runs real cycles against a local SCIM target; values move when cycles run. The web
// process's /metrics is scraped end to end in e2e/api/metrics.spec.ts.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnWorker, until } from "../test/workers";
import { assign, db, newUser, scimApp, type TargetHandle } from "../test/sync-fixture";
import { decideScrape } from "./auth";
import { parsePromText, sampleValue } from "./prom-text";
const { startMetricsServer } = await import("./server");
const { enqueueSync } = await import("../jobs/enqueue");
const { actor } = await import("../test/sync-fixture");
const { updateUser } = await import("../directory/users");

const TOKEN = "metrics-test-token-0123456789";
const workers: ChildProcess[] = [];
const targets: TargetHandle[] = [];
const apps: string[] = [];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  // Apps left "on" by earlier test files point at targets that are gone: keep the worker on ours.
  await db.app.updateMany({ data: { status: "off" } });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await db.app.updateMany({ where: { id: { in: apps } }, data: { status: "off" } });
  for (const t of targets) await t.close();
});

describe("[METRICS] scrape authorization (pure)", () => {
  it("disabled without a configured token; the bearer token must match exactly", () => {
    expect(decideScrape(undefined, `Bearer ${TOKEN}`)).toBe("disabled");
    expect(decideScrape(TOKEN, null)).toBe("unauthorized");
    expect(decideScrape(TOKEN, `Basic ${TOKEN}`)).toBe("unauthorized");
    expect(decideScrape(TOKEN, `Bearer ${TOKEN}x`)).toBe("unauthorized");
    expect(decideScrape(TOKEN, `bearer  ${TOKEN}`)).toBe("ok");
  });
});

describe("[METRICS] a worker's /metrics", () => {
  it("without PROVISIO_METRICS_TOKEN the endpoint does not exist (404)", async () => {
    const server = await startMetricsServer({ port: 0, host: "127.0.0.1", token: undefined });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("scraped from a worker process: 401 without the token; cycles, objects, requests, 429s, push latency, escrow, lag and quarantine move as cycles run", async () => {
    const port = await freePort();
    spawnWorker("metrics-worker", workers, { PROVISIO_LOG_LEVEL: "warn", PROVISIO_METRICS_PORT: String(port), PROVISIO_METRICS_TOKEN: TOKEN });
    const url = `http://127.0.0.1:${port}/metrics`;
    const scrape = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      return parsePromText(await res.text());
    };
    await until("the worker's metrics endpoint", () => fetch(url).then((r) => r.status === 401));
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
    const first = await scrape();
    expect(sampleValue(first, "provisio_process_process_cpu_user_seconds_total")).toBeGreaterThan(0); // default process metrics

    // An app with three assigned users; the target throttles its first write once (429 + Retry-After).
    const { app, target } = await scimApp();
    targets.push(target);
    apps.push(app.id);
    // Assigned while Off: the running worker would push each assignment as it is made, and a cycle
    // started before the third would leave it to an incremental cycle (another push observed).
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
    const users = [await newUser(), await newUser(), await newUser()];
    for (const u of users) await assign(app.id, u.id);
    target.inject({ kind: "status", status: 429, retryAfter: 0 }, { times: 1, method: "POST" });
    await db.app.update({ where: { id: app.id }, data: { status: "on" } });
    await enqueueSync(app.id);
    // The cycles counter moves a moment before the last object is counted: wait for all three creates.
    const initial = await until("the initial cycle and the three creates", async () => {
      const s = await scrape();
      const initialDone = s.some((x) => x.name === "provisio_sync_cycles_total" && x.labels.app === app.id && x.labels.type === "initial");
      return initialDone && sampleValue(s, "provisio_sync_objects_total", { app: app.id, kind: "user", action: "create", status: "success" }) === 3 && s;
    });
    expect(sampleValue(initial, "provisio_sync_cycles_total", { app: app.id, type: "initial", outcome: "completed" })).toBe(1);
    expect(sampleValue(initial, "provisio_sync_objects_total", { app: app.id, kind: "user", action: "create", status: "success" })).toBe(3);
    expect(sampleValue(initial, "provisio_target_request_duration_seconds_count", { app: app.id, status_class: "2xx" })).toBeGreaterThanOrEqual(6);
    expect(sampleValue(initial, "provisio_target_request_duration_seconds_count", { app: app.id, status_class: "4xx" })).toBe(1);
    expect(sampleValue(initial, "provisio_target_throttled_total", { app: app.id })).toBe(1);
    expect(sampleValue(initial, "provisio_target_retry_after_total", { app: app.id })).toBe(1);
    expect(sampleValue(initial, "provisio_escrow_objects", { app: app.id })).toBe(0);
    expect(sampleValue(initial, "provisio_app_quarantined", { app: app.id })).toBe(0);
    expect(initial.find((s) => s.name === "provisio_app_info" && s.labels.app === app.id)?.labels).toMatchObject({ template: "scim", status: "on" });

    // A directory change is pushed: an incremental cycle, push latency observed, the lag back to 0.
    await updateUser(actor, users[0]!.id, { jobTitle: "Pushed" });
    const pushed = await until("the pushed change", async () => {
      const s = await scrape();
      // the objects counter moves a moment before the latency is observed and the cycle ends: wait for all three
      return sampleValue(s, "provisio_sync_objects_total", { app: app.id, action: "update", status: "success" }) === 1 &&
        sampleValue(s, "provisio_push_latency_seconds_count", { app: app.id }) > 0 && sampleValue(s, "provisio_sync_cycles_total", { app: app.id, type: "incremental" }) > 0 && s;
    });
    expect(sampleValue(pushed, "provisio_push_latency_seconds_count", { app: app.id })).toBe(1);
    expect(sampleValue(pushed, "provisio_push_latency_seconds_bucket", { app: app.id, le: "+Inf" })).toBe(1);
    expect(sampleValue(pushed, "provisio_sync_cycles_total", { app: app.id, type: "incremental" })).toBeGreaterThanOrEqual(1);
    await until("change-feed lag 0", async () => sampleValue(await scrape(), "provisio_change_feed_lag", { app: app.id }) === 0);

    // The target fails the next write: the object waits in escrow (read from Postgres at scrape time).
    target.inject({ kind: "status", status: 500 }, { times: 50, method: "PATCH" });
    await updateUser(actor, users[1]!.id, { jobTitle: "Escrowed" });
    await until("one object in escrow", async () => sampleValue(await scrape(), "provisio_escrow_objects", { app: app.id }) === 1);

    // Quarantine (the engine's own tests prove when it happens): the gauge reads sync_state at scrape time.
    await db.syncState.update({ where: { appId: app.id }, data: { state: "quarantined", reason: "test", reasonCode: "failures", quarantinedAt: new Date(), nextRunAt: new Date(Date.now() + 3600_000) } });
    const q = await scrape();
    expect(sampleValue(q, "provisio_app_quarantined", { app: app.id })).toBe(1);
    expect(sampleValue(q, "provisio_apps_quarantined")).toBeGreaterThanOrEqual(1);
    expect(q.some((s) => s.name === "provisio_queue_jobs_waiting" && s.labels.queue === "provisio-sync")).toBe(true);
  }, 240_000);
});
