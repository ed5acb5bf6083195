// How many requests may be in flight to one target: AIMD (additive increase, multiplicative
// decrease), as TCP does with its congestion window, on requests instead of bytes. Pure: the
// limiter (limiter.ts) reports what happened and asks for the limit; time comes in as numbers.
//
// - Slow start: from `initial`, +1 per request that succeeded while the limit was in use (at
//   least half of it in flight): doubling per round trip, up to `slowStartEnd` (2 × initial) or
//   the first throttle. Past a rate limit a doubling sends a burst twice the size before the
//   first 429 is back, so it stops early. Then additive increase: +1 per round trip (+1/limit
//   per success), which on a fast target is still many per second.
// - A 429 or a 503 cuts the limit to `decrease` × the limit, or to the number of answers of the
//   last round trip if that is lower (what the target actually sustained: slow start overshoots),
//   at most once per round trip (the other answers of that round trip were sent at the old
//   limit and say nothing new; they neither cut nor grow it), and remembers the limit it happened
//   at as the target's ceiling. Under the ceiling the limit climbs +1 per round trip; at or above
//   it only +1 per `probeRoundTrips` (default 32), doubled each time a probe is throttled again:
//   an API's rate limit rarely moves, and every probe that hits it costs a Retry-After pause.
//   Two above the ceiling without a throttle, the ceiling is forgotten.
// - No increase while latency climbs: when the smoothed latency exceeds `latencyFactor` ×
//   the baseline (the lowest latency of the last 30–60 s) plus `latencySlackMs`, the target is queueing,
//   and more requests in flight would only queue longer. The slack keeps loopback targets, whose
//   latency moves by milliseconds with CPU load, from being held back by noise.
// - Never above `max` (the profile's maxConcurrency), never below `min`.
// - Retry-After pauses every request until then (the target asked every caller to wait).

export type AimdOptions = {
  max: number;
  /** starting limit (default min(max, 8)) */
  initial?: number;
  /** slow start stops here even without a throttle (default 2 × initial): doubling bursts past a rate limit before its first 429 is back */
  slowStartEnd?: number;
  min?: number;
  /** multiplicative decrease factor on a throttle */
  decrease?: number;
  latencyFactor?: number;
  latencySlackMs?: number;
  /** at or above the last ceiling, +1 per this many round trips */
  probeRoundTrips?: number;
};

export type AimdSnapshot = { limit: number; slowStart: boolean; ceiling: number | null; baselineMs: number | null; smoothedMs: number | null; pausedUntil: number };

export class AimdController {
  private value: number;
  private slowStart = true;
  private ceiling: number | null = null;
  private windowStart = -Infinity;
  private currentMin = Infinity;
  private previousMin = Infinity;
  private smoothed: number | null = null;
  /** when recent successful answers arrived */
  private delivered: number[] = [];
  private probeTrips: number;
  private readonly slowStartEnd: number;
  /** no second decrease for answers to requests sent before this time */
  private decreasedAt = -Infinity;
  private pausedUntil = 0;
  private readonly max: number;
  private readonly min: number;
  private readonly factor: number;
  private readonly latencyFactor: number;
  private readonly slackMs: number;
  private readonly probe: number;

  constructor(opts: AimdOptions) {
    this.max = Math.max(1, Math.floor(opts.max));
    this.min = Math.min(this.max, Math.max(1, Math.floor(opts.min ?? 1)));
    this.value = clamp(opts.initial ?? Math.min(this.max, 8), this.min, this.max);
    this.factor = opts.decrease ?? 0.7;
    this.latencyFactor = opts.latencyFactor ?? 2;
    this.slackMs = opts.latencySlackMs ?? 20;
    this.slowStartEnd = opts.slowStartEnd ?? this.value * 2;
    this.probe = Math.max(1, opts.probeRoundTrips ?? 32);
    this.probeTrips = this.probe;
  }

  /** Requests allowed in flight now. */
  get limit(): number {
    return Math.max(this.min, Math.floor(this.value));
  }

  snapshot(): AimdSnapshot {
    return { limit: this.limit, slowStart: this.slowStart, ceiling: this.ceiling, baselineMs: this.baseline, smoothedMs: this.smoothed, pausedUntil: this.pausedUntil };
  }

  /**
   * A request answered without throttling. `inFlight`: requests in flight when it was sent
   * (itself included); the limit only grows when it was actually in use — an idle app must not
   * earn a limit it never tried.
   */
  onSuccess(now: number, latencyMs: number, inFlight: number): void {
    this.observeLatency(now, latencyMs);
    this.delivered.push(now);
    if (this.delivered.length > 4096) this.delivered.splice(0, 2048);
    // sent before the last cut: it says nothing about the new limit
    if (now - latencyMs < this.decreasedAt) return;
    // Sent with at least half the limit in use: in slow start the limit doubles within one
    // round trip, so the round trip's own requests were sent at half of it.
    if (inFlight * 2 < this.limit) return;
    if (this.climbing()) return;
    if (this.slowStart && this.value < this.slowStartEnd) this.value += 1;
    else if (this.ceiling !== null && this.value >= this.ceiling) this.value += 1 / (this.value * this.probeTrips);
    else this.value += 1 / this.value;
    this.value = Math.min(this.max, this.value);
    // Well past the last ceiling without a throttle: the target allows more now; forget it.
    if (this.ceiling !== null && this.value >= this.ceiling + 2) {
      this.ceiling = null;
      this.probeTrips = this.probe;
    }
  }

  /**
   * A 429, or a 503 with Retry-After. `sentAt`: when the throttled request was sent; answers to
   * requests sent before the last decrease do not decrease again.
   */
  onThrottled(now: number, sentAt: number, retryAfterMs?: number): void {
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (sentAt < this.decreasedAt) return;
    const at = Math.floor(this.value);
    // Throttled again while probing above the last ceiling: that ceiling holds, probe half as often.
    // (not at the floor: an outage throttles every request there, and says nothing about a rate limit)
    if (this.ceiling !== null && at >= this.ceiling && at > this.min) this.probeTrips = Math.min(this.probeTrips * 2, 256);
    else this.probeTrips = this.probe;
    this.ceiling = at;
    // What the target answered in the last round trip is what it sustains: no point cutting to
    // more than that (slow start overshoots by up to twice the limit before the first 429 is back).
    const window = Math.max(1, this.smoothed ?? 0);
    while (this.delivered.length && this.delivered[0]! < now - window) this.delivered.shift();
    const sustained = this.delivered.length;
    const cut = this.value * this.factor;
    this.value = Math.max(this.min, sustained > 0 ? Math.min(cut, sustained) : cut);
    this.slowStart = false;
    this.decreasedAt = now;
  }

  /** A Retry-After without a throttle (503): no request starts before then; the limit is left alone. */
  pause(now: number, ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, now + ms);
  }

  pausedForMs(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  private observeLatency(now: number, ms: number): void {
    const x = Math.max(0, ms);
    this.smoothed = this.smoothed === null ? x : this.smoothed + (x - this.smoothed) * 0.1;
    // The lowest latency of the last one to two windows: a target that got slower for good
    // becomes the new normal after a while, queueing behind our own requests does not.
    if (now - this.windowStart >= BASELINE_WINDOW_MS) {
      this.previousMin = this.currentMin;
      this.currentMin = Infinity;
      this.windowStart = now;
    }
    this.currentMin = Math.min(this.currentMin, x);
  }

  private get baseline(): number | null {
    const b = Math.min(this.previousMin, this.currentMin);
    return Number.isFinite(b) ? b : null;
  }

  private climbing(): boolean {
    const b = this.baseline;
    if (this.smoothed === null || b === null) return false;
    return this.smoothed > b * this.latencyFactor + this.slackMs;
  }
}

const BASELINE_WINDOW_MS = 30_000;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
