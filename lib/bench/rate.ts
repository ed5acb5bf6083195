// npm run bench:rate -- --users 2000 --latency 100 --limit 200 [--cap N]
// A slow, rate-limited target (the case real apps are): every answer takes --latency ms and the
// target allows --limit requests per second (token bucket, 429 + Retry-After beyond it). An
// initial cycle of --users users; prints the successful requests/s ÷ the limit, the share of
// requests answered 429 and how the in-flight limit (AIMD, lib/scim/aimd.ts) moved: requests in
// flight when each was sent, min/median/max. Two runs side by side: Retry-After in whole seconds
// (RFC 9110) and to the millisecond; first the same with the client alone (--users GET requests
// from as many callers as the cap, no engine, no database: the controller without the engine's CPU). Each run ends by checking the target against the directory
// (verify-target.ts) and the benchmark exits non-zero when it differs. Creates and drops its own
// database; writes bench-results/rate.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { DEFAULT_PROFILE } from "../scim/profile";
import { createBenchDatabase } from "./bench-db";
import { TargetProcess } from "./target-process";
import { verifyTarget, type Verdict } from "./verify-target";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
const USERS = arg("users", 2000);
const GROUPS = arg("groups", 0);
const LATENCY_MS = arg("latency", 100);
const LIMIT = arg("limit", 200);
/** 0: the profile's default cap (what an app gets unless its template or an admin sets one) */
const CAP = arg("cap", 0);

const pct = (hist: number[], p: number) => {
  const total = hist.reduce((a, n) => a + (n ?? 0), 0);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= (p / 100) * total && seen > 0) return i;
  }
  return 0;
};

type Run = {
  retryAfter: "seconds" | "exact";
  wallMs: number;
  requests: number;
  throttled: number;
  okRps: number;
  ratioToLimit: number;
  throttledShare: number;
  inFlight: { min: number; median: number; max: number; p10: number; p90: number };
  /** time nothing was in flight (the engine had nothing to send) */
  idleMs: number;
  /** the pace the limiter ended at (req/s; null: never throttled) */
  paceAtEnd: number | null;
  counts: unknown;
  verify: Verdict;
};

async function main() {
  const cap = CAP || DEFAULT_PROFILE.maxConcurrency;
  const profile = CAP ? { maxConcurrency: CAP } : {};
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
  const bench = await createBenchDatabase("rate", { poolSize: 20 });
  const token = `bench-${randomBytes(6).toString("hex")}`;
  const targets: TargetProcess[] = [];
  let failed = false;
  try {
    console.log(`[bench:rate] database ${bench.dbName}: migrating and seeding ${USERS} users, ${GROUPS} groups …`);
    await bench.prepare(USERS, GROUPS);
    const { createApp } = await import("../apps/apps");
    const { saveCredentials } = await import("../apps/credentials");
    const { db } = await import("../db");
    const { runAppSlice } = await import("../sync/cycle");
    const { sharedLimiterStats } = await import("../scim/shared");
    const actor = { id: "bench", email: "bench@provisio.local", name: "bench", role: "global_admin" as const, via: "system" as const };

    // ── the client alone (no engine, no database): what the in-flight limit achieves by itself ──
    const { ScimClient } = await import("../scim/client");
    const alone: Array<{ retryAfter: string; wallMs: number; requests: number; throttled: number; okRps: number; ratioToLimit: number; inFlightMedian: number; inFlightMax: number; paceAtEnd: number | null }> = [];
    for (const retryAfter of ["seconds", "exact"] as const) {
      const target = await TargetProcess.start(token, 1, { latencyMs: LATENCY_MS, rateLimit: { perSecond: LIMIT, retryAfter } });
      targets.push(target);
      const c = new ScimClient({ baseUrl: target.baseUrl, auth: { type: "bearer", token }, allowPrivate: true, shared: true, profile });
      let left = USERS;
      const t0 = Date.now();
      await Promise.all(Array.from({ length: cap }, async () => {
        while (left-- > 0) await c.list("Users", { count: 1 });
      }));
      const wallMs = Date.now() - t0;
      const st = await target.stats();
      const lim = sharedLimiterStats().find((x) => x.baseUrl === target.baseUrl);
      const hist = lim?.inFlightAtStart ?? [];
      const okRps = (st.count - st.throttled) / (wallMs / 1000);
      alone.push({ retryAfter, wallMs, requests: st.count, throttled: st.throttled, okRps: Math.round(okRps), ratioToLimit: Number((okRps / LIMIT).toFixed(3)), inFlightMedian: pct(hist, 50), inFlightMax: hist.length - 1, paceAtEnd: lim?.rate == null ? null : Math.round(lim.rate) });
      c.close();
      target.stop();
    }
    console.log(`\n[bench:rate] the client alone, ${USERS} GET requests from ${cap} callers (load average ${load()}):`);
    console.table(Object.fromEntries(alone.map((a) => [`Retry-After ${a.retryAfter}`, {
      "wall s": (a.wallMs / 1000).toFixed(1), requests: a.requests, "ok req/s": a.okRps, "÷ limit": a.ratioToLimit,
      "429 share": `${((a.throttled / Math.max(1, a.requests)) * 100).toFixed(2)} %`, "in flight median/max": `${a.inFlightMedian}/${a.inFlightMax}`, "pace at end": a.paceAtEnd ?? "—",
    }])));

    const runs: Run[] = [];
    for (const retryAfter of ["seconds", "exact"] as const) {
      const target = await TargetProcess.start(token, 1, { latencyMs: LATENCY_MS, rateLimit: { perSecond: LIMIT, retryAfter } });
      targets.push(target);
      const app = await createApp(actor, { templateId: "scim", displayName: `Rate-limited target (${retryAfter})` });
      await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
      await db.app.update({ where: { id: app.id }, data: { status: "on", mode: "automatic", scope: "all", compatibility: { profile } } });
      // Saving the credentials tested the connection: count from here.
      const before = await target.stats();
      console.log(`[bench:rate] initial cycle, ${LATENCY_MS} ms latency, ${LIMIT} req/s, Retry-After in ${retryAfter === "seconds" ? "whole seconds" : "milliseconds"} …`);
      const t0 = Date.now();
      for (let i = 0; ; i++) {
        const r = await runAppSlice(app.id, { workerId: "bench", force: i === 0, budgetMs: 60_000 });
        if (r.result !== "continue") break;
      }
      const wallMs = Date.now() - t0;
      const after = await target.stats();
      const requests = after.count - before.count;
      const throttled = after.throttled - before.throttled;
      const cycle = await db.syncCycle.findFirstOrThrow({ where: { appId: app.id, type: "initial" }, orderBy: { startedAt: "desc" } });
      const lim = sharedLimiterStats().find((s) => s.baseUrl === target.baseUrl);
      const hist = lim?.inFlightAtStart ?? [];
      const used = hist.map((n, i) => (n ? i : -1)).filter((i) => i > 0);
      const okRps = (requests - throttled) / (wallMs / 1000);
      const [dump] = await target.dump();
      const verify = await verifyTarget(app.id, dump!);
      if (!verify.ok) failed = true;
      runs.push({
        retryAfter, wallMs, requests, throttled, okRps: Math.round(okRps), ratioToLimit: Number((okRps / LIMIT).toFixed(3)),
        throttledShare: Number((throttled / Math.max(1, requests)).toFixed(4)),
        inFlight: { min: Math.min(...used), p10: pct(hist, 10), median: pct(hist, 50), p90: pct(hist, 90), max: Math.max(...used) },
        idleMs: lim?.idleMs ?? 0, paceAtEnd: lim?.rate == null ? null : Math.round(lim.rate), counts: cycle.counts, verify,
      });
      target.stop();
    }

    console.log(`\nProvisio rate-limited target benchmark: ${USERS} users, ${LATENCY_MS} ms latency, ${LIMIT} req/s hard limit, in-flight cap ${cap}${CAP ? "" : " (the default)"}, load average ${load()}\n`);
    console.table(Object.fromEntries(runs.map((r) => [`Retry-After ${r.retryAfter}`, {
      "wall s": (r.wallMs / 1000).toFixed(1),
      requests: r.requests,
      "ok req/s": r.okRps,
      "÷ limit": r.ratioToLimit,
      "429 share": `${(r.throttledShare * 100).toFixed(2)} %`,
      "in flight min/p10/median/p90/max": `${r.inFlight.min}/${r.inFlight.p10}/${r.inFlight.median}/${r.inFlight.p90}/${r.inFlight.max}`,
      "idle s": (r.idleMs / 1000).toFixed(1),
      "pace at end": r.paceAtEnd ?? "—",
      "target = directory": r.verify.ok ? `yes (${r.verify.users} users)` : `NO`,
    }])));
    for (const r of runs) if (!r.verify.ok) console.error(`[bench:rate] Retry-After ${r.retryAfter}: the target differs from the directory:\n  ${r.verify.problems.join("\n  ")}`);
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync("bench-results/rate.json", JSON.stringify({ users: USERS, groups: GROUPS, latencyMs: LATENCY_MS, limitPerSecond: LIMIT, cap, loadAverage: os.loadavg(), clientAlone: alone, runs }, null, 2));
    const { stopBoss } = await import("../jobs/boss");
    await stopBoss({ graceful: false, timeout: 1000 });
    await db.$disconnect();
  } finally {
    for (const t of targets) t.stop();
    await bench.drop();
  }
  if (failed) throw new Error("the target does not match the directory");
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
