// Per-target gate for every request: how many may be in flight (AIMD, aimd.ts: grows while the
// target answers without throttling and its latency holds, shrinks on 429/503), an optional
// steady pace (the profile's ratePerSecond, for targets that publish a rate), and Retry-After
// pauses that hold back every request through it. Shared by all clients of one target (shared.ts).
import { AimdController, type AimdOptions } from "./aimd";

export type LimiterOptions = {
  /** the profile's cap: AIMD never goes above it */
  maxConcurrency: number;
  /** configured steady rate; null = not paced (AIMD alone) */
  ratePerSecond: number | null;
  aimd?: Omit<AimdOptions, "max">;
  now?: () => number;
};

/** One request's passage through the limiter: when it was sent and how many were in flight then. */
export type Ticket = { sentAt: number; inFlight: number };

export type LimiterStats = {
  /** requests started with n in flight (itself included), index n */
  inFlightAtStart: number[];
  throttled: number;
  limit: number;
  /** time with no request in flight or waiting, since the first request (the caller had nothing to send) */
  idleMs: number;
};

export class TargetLimiter {
  private active = 0;
  private waiters: Array<() => void> = [];
  private readonly rate: number | null;
  private nextSlotAt = 0;
  private readonly now: () => number;
  private readonly aimd: AimdController;
  private readonly inFlightAtStart: number[] = [];
  private throttledCount = 0;
  private idleSince: number | null = null;
  private idleMs = 0;

  constructor(opts: LimiterOptions) {
    this.rate = opts.ratePerSecond;
    this.now = opts.now ?? Date.now;
    this.aimd = new AimdController({ ...opts.aimd, max: opts.maxConcurrency });
  }

  get currentRate(): number | null {
    return this.rate;
  }

  /** Requests allowed in flight now. */
  get concurrencyLimit(): number {
    return this.aimd.limit;
  }

  stats(): LimiterStats {
    return { inFlightAtStart: [...this.inFlightAtStart], throttled: this.throttledCount, limit: this.aimd.limit, idleMs: this.idleMs };
  }

  private async acquireSlot(): Promise<void> {
    if (this.idleSince !== null && this.active === 0 && this.waiters.length === 0) this.idleMs += this.now() - this.idleSince;
    this.idleSince = null;
    if (this.active < this.aimd.limit && this.waiters.length === 0) {
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
    while (this.waiters.length && this.active < this.aimd.limit) {
      this.active++;
      this.waiters.shift()!();
    }
  }

  private async pace(): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(this.aimd.pausedForMs(now), this.rate ? this.nextSlotAt - now : 0);
      if (wait <= 0) break;
      await sleep(wait);
    }
    if (this.rate) this.nextSlotAt = Math.max(this.now(), this.nextSlotAt) + 1000 / this.rate;
  }

  /** Runs one request when a slot is free and no pause holds; the ticket goes back with the answer to onSuccess/onThrottled. */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T; ticket: Ticket }> {
    await this.acquireSlot();
    try {
      await this.pace();
      const ticket = { sentAt: this.now(), inFlight: this.active };
      this.inFlightAtStart[ticket.inFlight] = (this.inFlightAtStart[ticket.inFlight] ?? 0) + 1;
      return { value: await fn(), ticket };
    } finally {
      this.releaseSlot();
    }
  }

  onSuccess(ticket: Ticket): void {
    const now = this.now();
    this.aimd.onSuccess(now, now - ticket.sentAt, ticket.inFlight);
    this.wake();
  }

  /** A 429, or a 503: fewer requests in flight; a Retry-After pauses every request until then. */
  onThrottled(ticket: Ticket, retryAfterMs?: number): void {
    this.throttledCount++;
    this.aimd.onThrottled(this.now(), ticket.sentAt, retryAfterMs);
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
