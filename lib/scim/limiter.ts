// Per-target concurrency cap and adaptive rate limiter: steady when the target is
// happy, halves on 429, creeps back up on success; a Retry-After (429 or 503) pauses every
// request through it until then. Shared by all clients of one target (shared.ts).

export type LimiterOptions = {
  maxConcurrency: number;
  /** configured ceiling; null = unlimited until a 429 is seen */
  ratePerSecond: number | null;
  minRatePerSecond?: number;
  now?: () => number;
};

export class TargetLimiter {
  private active = 0;
  private waiters: Array<() => void> = [];
  private rate: number | null;
  private nextSlotAt = 0;
  private pausedUntil = 0;
  private readonly ceiling: number | null;
  private readonly minRate: number;
  private readonly now: () => number;
  private recentStarts: number[] = [];

  constructor(private readonly opts: LimiterOptions) {
    this.rate = opts.ratePerSecond;
    this.ceiling = opts.ratePerSecond;
    this.minRate = opts.minRatePerSecond ?? 0.5;
    this.now = opts.now ?? Date.now;
  }

  get currentRate(): number | null {
    return this.rate;
  }

  private async acquireSlot(): Promise<void> {
    if (this.active < this.opts.maxConcurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }

  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }

  private async pace(): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(this.pausedUntil - now, this.rate ? this.nextSlotAt - now : 0);
      if (wait <= 0) break;
      await sleep(wait);
    }
    const now = this.now();
    if (this.rate) this.nextSlotAt = Math.max(now, this.nextSlotAt) + 1000 / this.rate;
    this.recentStarts.push(now);
    if (this.recentStarts.length > 256) this.recentStarts.splice(0, this.recentStarts.length - 256);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquireSlot();
    try {
      await this.pace();
      return await fn();
    } finally {
      this.releaseSlot();
    }
  }

  /** Observed start rate over the last second, used as the base when we first get throttled. */
  private observedRate(): number {
    const now = this.now();
    const n = this.recentStarts.filter((t) => now - t <= 1000).length;
    return Math.max(n, 1);
  }

  onThrottled(retryAfterMs?: number): void {
    const base = this.rate ?? this.observedRate();
    this.rate = Math.max(this.minRate, base / 2);
    if (retryAfterMs && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, this.now() + retryAfterMs);
  }

  /** A 503 with Retry-After: no request starts before then (the rate is left alone). */
  pause(ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** How long a request starting now would wait for a Retry-After pause. */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  onSuccess(): void {
    if (this.rate === null) return;
    const grown = this.rate * 1.02 + 0.05;
    if (this.ceiling !== null) this.rate = Math.min(this.ceiling, grown);
    // no configured ceiling: once well above what we were throttled at, stop pacing altogether
    else this.rate = grown > 1000 ? null : grown;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
