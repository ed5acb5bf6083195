import { describe, expect, it } from "vitest";
import { AimdController } from "./aimd";

/** One round trip at the current limit: `limit` requests sent at `t`, all answered `latency` ms later. */
function roundTrip(c: AimdController, t: number, latency = 100) {
  const n = c.limit;
  for (let i = 0; i < n; i++) c.onSuccess(t + latency, latency, n);
  return t + latency;
}

/** Round trips until the limit reaches `target` (at most 100). */
function tripsTo(c: AimdController, target: number, t = 0) {
  let trips = 0;
  while (c.limit < target && trips < 100) {
    t = roundTrip(c, t);
    trips++;
  }
  return trips;
}

describe("AIMD in-flight limit", () => {
  it("slow start doubles per round trip up to the cap, never above it", () => {
    const c = new AimdController({ max: 20, initial: 4, slowStartEnd: 64 });
    const seen: number[] = [];
    for (let i = 0, t = 0; i < 5; i++) {
      t = roundTrip(c, t);
      seen.push(c.limit);
    }
    expect(seen).toEqual([8, 16, 20, 20, 20]);
    // by default it stops at twice the start, then +1 per round trip
    const d = new AimdController({ max: 40, initial: 4 });
    for (let i = 0, t = 0; i < 4; i++) t = roundTrip(d, t);
    expect(d.limit).toBeGreaterThanOrEqual(10);
    expect(d.limit).toBeLessThanOrEqual(11);
  });

  it("grows only when the limit was in use (an idle app earns nothing)", () => {
    const c = new AimdController({ max: 40, initial: 4 });
    for (let i = 0; i < 100; i++) c.onSuccess(i, 100, 1);
    expect(c.limit).toBe(4);
    // half in use is in use (slow start's own round trip), so at most twice what was used
    for (let i = 0; i < 10; i++) c.onSuccess(i, 100, 2);
    expect(c.limit).toBe(5);
  });

  it("a 429 cuts the limit by the factor once per round trip, then +1 per round trip", () => {
    // (answers to requests sent before a cut neither cut again nor grow the new limit)
    const c = new AimdController({ max: 64, initial: 20, decrease: 0.5 });
    // the first 429 of a burst: 20 → 10; the others were sent before it and change nothing
    c.onThrottled(1000, 900);
    for (let i = 0; i < 5; i++) c.onThrottled(1001 + i, 950);
    expect(c.limit).toBe(10);
    expect(c.snapshot()).toMatchObject({ slowStart: false, ceiling: 20 });
    // a request sent after the decrease was throttled too: the target still says no
    c.onThrottled(1200, 1100);
    expect(c.limit).toBe(5);
    // additive increase: about one more per round trip (+1/limit per answer)
    expect(tripsTo(c, 8, 1300)).toBe(4);
  });

  it("approaches the last ceiling again slowly (+1 per probeRoundTrips at or above it)", () => {
    const c = new AimdController({ max: 64, initial: 20, decrease: 0.7, probeRoundTrips: 8 });
    c.onThrottled(0, 0); // ceiling 20, limit 14
    expect(c.snapshot().ceiling).toBe(20);
    const up = tripsTo(c, 20);
    expect(up).toBeGreaterThanOrEqual(6);
    expect(up).toBeLessThanOrEqual(7);
    const probe = tripsTo(c, 21);
    expect(probe).toBeGreaterThanOrEqual(8);
    expect(probe).toBeLessThanOrEqual(9);
  });

  it("a throttle after slow start's overshoot cuts to what the target answered in the last round trip", () => {
    const c = new AimdController({ max: 64, initial: 16, slowStartEnd: 64 });
    const t = roundTrip(c, 0, 100); // 16 answered at 100 ms: limit 32
    expect(c.limit).toBe(32);
    c.onThrottled(t + 5, t + 1); // one of the next 32 refused at once
    expect(c.limit).toBe(16); // not 32 × 0.7 = 22: the target sustained 16 per round trip
  });

  it("a probe throttled again at the same ceiling waits twice as long before the next", () => {
    const c = new AimdController({ max: 64, initial: 10, decrease: 0.9, probeRoundTrips: 4 });
    c.onThrottled(0, 0); // ceiling 10, limit 9
    let t = 1000;
    const probe = () => {
      let trips = 0;
      while (c.limit < c.snapshot().ceiling! + 1 && trips < 200) {
        t = roundTrip(c, t);
        trips++;
      }
      return trips;
    };
    const first = probe(); // 9 → 10 → 11
    c.onThrottled(t + 1, t); // at 11 ≥ ceiling 10: interval doubles, ceiling 11
    const second = probe(); // 9.9 → 11 → 12
    expect(second).toBeGreaterThan(first * 1.5);
  });

  it("no increase while latency climbs above twice the baseline (plus slack)", () => {
    const c = new AimdController({ max: 64, initial: 10, latencySlackMs: 20 });
    c.onThrottled(0, 0); // out of slow start: limit 7
    let t = roundTrip(c, 0, 100);
    // the target starts queueing: 100 ms → 400 ms; the smoothed latency passes 220 ms within a round trip
    t = roundTrip(c, t, 400);
    const held = c.limit;
    for (let i = 0; i < 100; i++) t = roundTrip(c, t, 400);
    expect(c.limit).toBe(held);
    // latency back to normal: it grows again
    for (let i = 0; i < 10; i++) t = roundTrip(c, t, 100);
    expect(c.limit).toBeGreaterThan(held);
    // loopback noise (1 ms → 15 ms) is within the slack: it keeps growing
    const d = new AimdController({ max: 64, initial: 4, slowStartEnd: 64 });
    for (let i = 0; i < 3; i++) roundTrip(d, i, 1);
    for (let i = 0; i < 3; i++) roundTrip(d, 10 + i, 15);
    expect(d.limit).toBe(64);
  });

  it("Retry-After pauses until then; a 503's Retry-After pauses without cutting", () => {
    const c = new AimdController({ max: 8 });
    c.onThrottled(1000, 990, 2000);
    expect(c.pausedForMs(1000)).toBe(2000);
    expect(c.pausedForMs(2999)).toBe(1);
    expect(c.pausedForMs(3000)).toBe(0);
    const limit = c.limit;
    c.pause(5000, 500);
    expect(c.pausedForMs(5100)).toBe(400);
    expect(c.limit).toBe(limit);
  });

  it("never below min, never above max", () => {
    const c = new AimdController({ max: 3, initial: 50 });
    expect(c.limit).toBe(3);
    for (let i = 0; i < 20; i++) c.onThrottled(i * 10, i * 10);
    expect(c.limit).toBe(1);
    for (let i = 0, t = 1000; i < 500; i++) t = roundTrip(c, t);
    expect(c.limit).toBe(3);
  });
});
