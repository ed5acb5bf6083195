// The pace a target that throttled is sent requests at: a rate limit counts requests per second,
// not in flight, and each 429 costs a Retry-After pause (a whole second stops ≈ the limit's worth
// of requests), so after the first throttle the limiter avoids the next one rather than recovering
// from it. Pure: the limiter (limiter.ts) reports what happened; time comes in as numbers.
//
// - The first throttle sets the pace to `margin` × the successful answers per second since the last
//   pause ended (at most `windowMs` back, less the spells with nothing in flight): what the target sustained. Not when those answers were
//   fewer than a quarter of what the in-flight limit allowed: the caller had little to send, and an
//   outage's 503s say nothing about a rate. A target that never throttles is never paced.
// - The pace climbs by `probe` of itself per second while requests wait for it (a caller with
//   little to send earns nothing), halved each time it is throttled again; 10 % above the last
//   estimate the estimate is forgotten and it climbs 5 %/s (the target allows more now).
//   A probe that finds the limit costs the Retry-After pause it brings: `probe` is for a pause of
//   a second (RFC 9110's whole seconds); a shorter pause makes probing cheaper, so the climb is
//   faster in proportion (5 ms, one request's slot at 200/s: 5 %/s, the most), and a throttle
//   without a Retry-After counts as a second.
// - A throttle while paced (once per round trip: answers to requests sent before the last one say
//   nothing new) cuts it to `margin` × itself: the answers since the pause are the caller's demand
//   as much as the target's limit (a page's last requests, a stalled event loop).

export type PaceOptions = {
  /** pace = this × what the target sustained (default 0.95) */
  margin?: number;
  /** answers the estimate counts: at most this far back (default 1000 ms: longer takes in the slow start before the first throttle) */
  windowMs?: number;
  /** climb per second while requests wait for the pace, as a fraction of it (default 0.005: from 0.95 × the estimate to it in ≈ 10 s) */
  probe?: number;
};

/** What the limiter knows when a throttle comes back. */
export type ThrottleContext = {
  /** when the last Retry-After pause ended (answers before it came from requests sent before it) */
  resumedAt: number;
  /** the in-flight limit the request was sent under */
  inFlightLimit: number;
  /** the smoothed latency of successful answers (null: none yet) */
  latencyMs: number | null;
  /** the pause the throttle's Retry-After asked for (absent: none, counted as a second) */
  pauseMs?: number;
};

/** the slowest pace: one request per 10 s (an estimate never stops a target for good) */
const MIN_RATE = 0.1;
/** the in-flight limit a pace needs, as a multiple of rate × latency: room for latency's spread */
const HEADROOM = 1.5;
/** the fastest climb, per second (pauses this short or shorter cost next to nothing) */
const MAX_PROBE = 0.05;
/** the pause `probe` is for */
const PROBE_PAUSE_MS = 1000;

export class RatePacer {
  private value: number | null = null;
  private estimate: number | null = null;
  private probe: number;
  private grownAt = 0;
  private throttledAt = -Infinity;
  private firstAnswerAt: number | null = null;
  /** when recent successful answers arrived */
  private answers: number[] = [];
  /** recent spells with nothing in flight or waiting: not time the target was asked for anything */
  private idle: Array<[number, number]> = [];
  private readonly margin: number;
  private readonly windowMs: number;
  private readonly probeDefault: number;

  constructor(opts: PaceOptions = {}) {
    this.margin = opts.margin ?? 0.95;
    this.windowMs = opts.windowMs ?? 1000;
    this.probeDefault = opts.probe ?? 0.005;
    this.probe = this.probeDefault;
  }

  /** Requests per second (null: not paced). */
  get rate(): number | null {
    return this.value;
  }

  get lastEstimate(): number | null {
    return this.estimate;
  }

  /** The in-flight limit the pace needs at this latency, so that it is not what holds requests back (0: not paced). */
  inFlightFor(latencyMs: number | null): number {
    if (this.value === null || latencyMs === null) return 0;
    return Math.ceil(((this.value * Math.max(1, latencyMs)) / 1000) * HEADROOM);
  }

  /** A successful answer; `waitedForPace`: the request was held back by the pace. */
  onSuccess(now: number, latencyMs: number, waitedForPace: boolean): void {
    this.answers.push(now);
    if (this.answers.length > 4096) this.answers.splice(0, 2048);
    this.firstAnswerAt ??= now;
    if (this.value === null || now - latencyMs < this.throttledAt) return;
    if (!waitedForPace) {
      // time the caller did not keep the pace busy earns nothing
      this.grownAt = now;
      return;
    }
    const seconds = Math.min(1000, Math.max(0, now - this.grownAt)) / 1000;
    this.grownAt = now;
    const forgotten = this.estimate === null || this.value >= this.estimate * 1.1;
    this.value += this.value * (forgotten ? 0.05 : this.probe) * seconds;
  }

  /** Nothing was in flight or waiting from `from` to `to` (the caller had nothing to send). */
  onIdle(from: number, to: number): void {
    if (to <= from) return;
    this.idle.push([from, to]);
    if (this.idle.length > 256) this.idle.splice(0, 128);
  }

  /** A 429, or a 503. `sentAt`: when the throttled request was sent. */
  onThrottled(now: number, sentAt: number, ctx: ThrottleContext): void {
    if (sentAt < this.throttledAt) return;
    const was = this.value;
    const estimate = was === null ? this.sustained(now, ctx) : null;
    if (was === null && estimate === null) return;
    this.throttledAt = now;
    this.grownAt = now;
    const probe = this.probeFor(ctx.pauseMs);
    this.probe = was === null ? probe : Math.max(Math.min(this.probe, probe) / 2, probe / 8);
    // Paced already: the answers since the pause are the caller's demand as much as the target's
    // limit (a page's last requests, a stalled event loop), so the pace itself is cut.
    this.value = Math.max(MIN_RATE, (was ?? estimate!) * this.margin);
    if (was === null) this.estimate = estimate;
  }

  /** The climb per second after a throttle that paused requests for `pauseMs`: the cheaper a probe that hits the limit, the faster. */
  private probeFor(pauseMs: number | undefined): number {
    if (pauseMs === undefined || pauseMs <= 0) return this.probeDefault;
    return Math.min(Math.max(MAX_PROBE, this.probeDefault), (this.probeDefault * PROBE_PAUSE_MS) / pauseMs);
  }

  /** Answers per second since the last pause, at most windowMs back; null when too few to tell. */
  private sustained(now: number, ctx: ThrottleContext): number | null {
    const latency = ctx.latencyMs;
    if (latency === null || this.firstAnswerAt === null) return null;
    const from = Math.max(now - this.windowMs, ctx.resumedAt + latency, this.firstAnswerAt);
    let span = now - from;
    for (const [a, b] of this.idle) span -= Math.max(0, Math.min(b, now) - Math.max(a, from));
    if (span < Math.max(1, latency)) return null;
    let n = 0;
    for (let i = this.answers.length - 1; i >= 0 && this.answers[i]! >= from; i--) n++;
    const rate = (n * 1000) / span;
    const allowed = (ctx.inFlightLimit * 1000) / Math.max(1, latency);
    return rate * 4 >= allowed ? rate : null;
  }
}
