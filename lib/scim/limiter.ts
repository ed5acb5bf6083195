// Per-target gate for every request: how many may be in flight (AIMD, aimd.ts: grows while the
// target answers without throttling and its latency holds, shrinks on 429/503), a steady pace
// (the profile's ratePerSecond, for targets that publish a rate, or the one set after a throttle
// from what the target sustained, pace.ts — whichever is slower), and Retry-After pauses that hold back every request through
// it. Each request reserves its own time slot, so the requests queued during a pause go out
// one pace interval apart when it lifts, not all at once. Shared by all clients of one target (shared.ts).
import { AimdController, type AimdOptions } from "./aimd";
import { RatePacer, type PaceOptions } from "./pace";

export type LimiterOptions = {
  /** the profile's cap: AIMD never goes above it */
  maxConcurrency: number;
  /** configured steady rate; null = not paced (AIMD alone) */
  ratePerSecond: number | null;
  aimd?: Omit<AimdOptions, "max">;
  pace?: PaceOptions;
  now?: () => number;
};

/** One request's passage through the limiter: when it was sent, how many were in flight then (itself included; not those still waiting for the pace), and whether the pace held it back. */
export type Ticket = { sentAt: number; inFlight: number; waitedForPace: boolean };

export type LimiterStats = {
  /** requests started with n in flight (itself included), index n */
  inFlightAtStart: number[];
  throttled: number;
  limit: number;
  /** the pace set after a throttle, requests/s (null: not paced) */
  rate: number | null;
  /** time with no request in flight or waiting, since the first request (the caller had nothing to send) */
  idleMs: number;
};

export class TargetLimiter {
  private active = 0;
  /** sent and not answered yet (active, less those waiting for the pace or a pause) */
  private sent = 0;
  private waiters: Array<() => void> = [];
  private readonly rate: number | null;
  private nextSlotAt = 0;
  private readonly now: () => number;
  private readonly aimd: AimdController;
  private readonly pacer: RatePacer;
  private readonly max: number;
  private readonly inFlightAtStart: number[] = [];
  private throttledCount = 0;
  private idleSince: number | null = null;
  private idleMs = 0;

  constructor(opts: LimiterOptions) {
    this.rate = opts.ratePerSecond;
    this.now = opts.now ?? Date.now;
    this.aimd = new AimdController({ ...opts.aimd, max: opts.maxConcurrency });
    this.pacer = new RatePacer(opts.pace);
    this.max = Math.max(1, Math.floor(opts.maxConcurrency));
  }

  /** The pace requests are sent at now (the configured rate or the one learnt from a throttle, whichever is slower); null: not paced. */
  get currentRate(): number | null {
    const learned = this.pacer.rate;
    if (this.rate === null) return learned;
    return learned === null ? this.rate : Math.min(this.rate, learned);
  }

  /** Requests allowed in flight now: AIMD's limit, or once paced what the pace needs at the target's usual latency if more (the pace, not the in-flight limit, then keeps it under its rate limit). */
  get concurrencyLimit(): number {
    const paced = this.pacer.inFlightFor(this.aimd.snapshot().baselineMs);
    return paced > this.aimd.limit ? Math.min(this.max, paced) : this.aimd.limit;
  }

  stats(): LimiterStats {
    return { inFlightAtStart: [...this.inFlightAtStart], throttled: this.throttledCount, limit: this.concurrencyLimit, rate: this.pacer.rate, idleMs: this.idleMs };
  }

  private async acquireSlot(): Promise<void> {
    if (this.idleSince !== null && this.active === 0 && this.waiters.length === 0) {
      const now = this.now();
      this.idleMs += now - this.idleSince;
      this.pacer.onIdle(this.idleSince, now);
    }
    this.idleSince = null;
    if (this.active < this.concurrencyLimit && this.waiters.length === 0) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }

  private releaseSlot(): void {
    this.active--;
    this.wake();
    if (this.active === 0 && this.waiters.length === 0) this.idleSince = this.now();
  }

  /** Hands free slots to waiters in order (the limit may have grown or shrunk since). */
  private wake(): void {
    const limit = this.concurrencyLimit;
    while (this.waiters.length && this.active < limit) {
      this.active++;
      this.waiters.shift()!();
    }
  }

  /** Waits for this request's time slot (reserved, so waiters do not all wake for the same one); true when the pace held it back. */
  private async pace(): Promise<boolean> {
    let slot: number | null = null;
    let waitedForPace = false;
    for (;;) {
      const now = this.now();
      const paused = this.aimd.pausedForMs(now);
      // first pass, or a pause began while this request slept: a slot after it
      if (slot === null || paused > 0) {
        const from = now + paused;
        const rate = this.currentRate;
        slot = rate ? Math.max(from, this.nextSlotAt) : from;
        if (rate) this.nextSlotAt = slot + 1000 / rate;
        if (slot > from) waitedForPace = true;
      }
      if (slot <= now) return waitedForPace;
      await sleep(slot - now);
    }
  }

  /** Runs one request when a slot is free and no pause holds; the ticket goes back with the answer to onSuccess/onThrottled. */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T; ticket: Ticket }> {
    await this.acquireSlot();
    let sent = false;
    try {
      const waitedForPace = await this.pace();
      sent = true;
      const ticket: Ticket = { sentAt: this.now(), inFlight: ++this.sent, waitedForPace };
      this.inFlightAtStart[ticket.inFlight] = (this.inFlightAtStart[ticket.inFlight] ?? 0) + 1;
      return { value: await fn(), ticket };
    } finally {
      if (sent) this.sent--;
      this.releaseSlot();
    }
  }

  onSuccess(ticket: Ticket): void {
    const now = this.now();
    this.aimd.onSuccess(now, now - ticket.sentAt, ticket.inFlight);
    this.pacer.onSuccess(now, now - ticket.sentAt, ticket.waitedForPace);
    this.wake();
  }

  /** A 429, or a 503: fewer requests in flight, a slower pace; a Retry-After pauses every request until then. */
  onThrottled(ticket: Ticket, retryAfterMs?: number): void {
    this.throttledCount++;
    const now = this.now();
    const before = this.aimd.snapshot();
    this.pacer.onThrottled(now, ticket.sentAt, { resumedAt: before.pausedUntil, inFlightLimit: this.concurrencyLimit, latencyMs: before.smoothedMs, pauseMs: retryAfterMs });
    this.aimd.onThrottled(now, ticket.sentAt, retryAfterMs);
    this.wake();
  }

  /** A Retry-After on an answer that is not a throttle: no request starts before then. */
  pause(ms: number): void {
    this.aimd.pause(this.now(), ms);
  }

  /** How long a request starting now would wait for a Retry-After pause. */
  pausedForMs(): number {
    return this.aimd.pausedForMs(this.now());
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
