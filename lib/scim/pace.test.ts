import { describe, expect, it } from "vitest";
import { RatePacer } from "./pace";

const ctx = { resumedAt: 0, inFlightLimit: 20, latencyMs: 100 };

/** `perSecond` answers a second from `from` for `ms` (each request 100 ms on the wire); returns the end. */
function answers(p: RatePacer, from: number, ms: number, perSecond: number, waitedForPace = false) {
  const step = 1000 / perSecond;
  for (let t = from + step; t <= from + ms; t += step) p.onSuccess(t, 100, waitedForPace);
  return from + ms;
}

describe("pace after a throttle", () => {
  it("none for a target that never throttles", () => {
    const p = new RatePacer();
    answers(p, 0, 5000, 400, true);
    expect(p.rate).toBeNull();
    expect(p.inFlightFor(100)).toBe(0);
  });

  it("the first throttle paces at 0.95 × the answers per second of the last second, with the in-flight room that rate needs", () => {
    const p = new RatePacer();
    const t = answers(p, 0, 3000, 200);
    p.onThrottled(t, t - 1, ctx);
    // (201 answers in the second up to and including the throttle's moment)
    expect(p.lastEstimate).toBeCloseTo(201, 5);
    expect(p.rate).toBeCloseTo(0.95 * 201, 5);
    // 190/s at 100 ms is 19 in flight; half as many again for latency's spread
    expect(p.inFlightFor(100)).toBe(29);
  });

  it("spells with nothing in flight do not count as time the target was asked", () => {
    const p = new RatePacer();
    const t = answers(p, 0, 500, 200);
    p.onIdle(t, t + 500);
    p.onThrottled(t + 500, t + 499, ctx);
    // ≈ 100 answers in 0.5 s busy, not in 1 s
    expect(p.lastEstimate).toBeGreaterThan(195);
    expect(p.lastEstimate).toBeLessThan(205);
  });

  it("answers fewer than a quarter of what the in-flight limit allows say nothing about a rate (an outage's 503s): no pace", () => {
    const p = new RatePacer();
    const t = answers(p, 0, 2000, 40); // 20 in flight at 100 ms would allow 200/s
    p.onThrottled(t, t - 1, ctx);
    expect(p.rate).toBeNull();
  });

  it("climbs slowly, and only while requests wait for it", () => {
    const p = new RatePacer();
    let t = answers(p, 0, 1000, 200);
    p.onThrottled(t, t - 1, ctx);
    const paced = p.rate!;
    t = answers(p, t, 10_000, 150, false);
    expect(p.rate).toBe(paced);
    t = answers(p, t, 10_000, 190, true);
    // +0.5 %/s for 10 s
    expect(p.rate! / paced).toBeGreaterThan(1.049);
    expect(p.rate! / paced).toBeLessThan(1.052);
    expect(p.rate!).toBeLessThan(p.lastEstimate! * 1.1);
    // 10 % above the estimate (the limit went up): 5 %/s
    t = answers(p, t, 25_000, 190, true);
    const forgotten = p.rate!;
    expect(forgotten).toBeGreaterThanOrEqual(p.lastEstimate! * 1.1);
    answers(p, t, 10_000, 190, true);
    expect(p.rate! / forgotten).toBeGreaterThan(1.5);
  });

  it("climbs faster the shorter the throttle's Retry-After pause: a probe that hits the limit costs less", () => {
    const climb = (pauseMs: number | undefined) => {
      const p = new RatePacer();
      let t = answers(p, 0, 1000, 200);
      p.onThrottled(t, t - 1, { ...ctx, pauseMs });
      // after the pause: 2 s of answers to requests that waited for the pace
      t = answers(p, t + (pauseMs ?? 0), 200, 190, true);
      const paced = p.rate!;
      answers(p, t, 2000, 190, true);
      return p.rate! / paced;
    };
    // Retry-After: 1 (a whole second), or none: +0.5 %/s for 2 s
    expect(climb(1000)).toBeCloseTo(1.005 ** 2, 2);
    expect(climb(undefined)).toBeCloseTo(1.005 ** 2, 2);
    // 200 ms: +2.5 %/s; 5 ms (one slot at 200/s): +5 %/s, the most
    expect(climb(200)).toBeGreaterThan(1.045);
    expect(climb(200)).toBeLessThan(1.055);
    expect(climb(5)).toBeGreaterThan(1.095);
    expect(climb(5)).toBeLessThan(1.11);
  });

  it("a throttle while paced cuts it to 0.95 × itself, once per round trip, and the next probe climbs half as fast", () => {
    const p = new RatePacer();
    let t = answers(p, 0, 1000, 200);
    p.onThrottled(t, t - 1, ctx); // 190/s
    // paused until t + 1000; the answers since (from t + 1100 on) are the next estimate's
    // (a page's last requests: fewer answers than the pace allows say nothing about the target)
    t = answers(p, t + 1000, 2000, 120, true);
    const before = p.rate!;
    p.onThrottled(t, t - 1, { ...ctx, resumedAt: t - 2000 });
    expect(p.rate).toBeCloseTo(0.95 * before, 5);
    // answers to requests sent before that throttle neither cut again nor climb
    const after = p.rate!;
    p.onThrottled(t + 5, t - 50, ctx);
    p.onSuccess(t + 50, 100, true);
    expect(p.rate).toBe(after);
    answers(p, t + 100, 10_000, 170, true);
    // +0.25 %/s for 10 s
    expect(p.rate! / after).toBeGreaterThan(1.024);
    expect(p.rate! / after).toBeLessThan(1.027);
  });
});
