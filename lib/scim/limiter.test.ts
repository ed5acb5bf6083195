import { afterEach, describe, expect, it, vi } from "vitest";
import { TargetLimiter, type Ticket } from "./limiter";

afterEach(() => vi.useRealTimers());

const T0 = 1_700_000_000_000;

/** A target 100 ms away on the fake clock: records when each request was sent. */
function target(limiter: TargetLimiter) {
  const sent: number[] = [];
  const send = () =>
    limiter.run(async () => {
      sent.push(Date.now());
      await new Promise((r) => setTimeout(r, 100));
    });
  return { sent, send };
}

describe("the limiter's pace after a throttle", () => {
  it("spaces requests at the pace, and those queued during a Retry-After pause leave one interval apart when it lifts", async () => {
    vi.useFakeTimers({ now: T0 });
    const limiter = new TargetLimiter({ maxConcurrency: 64, ratePerSecond: null, aimd: { initial: 30 }, now: () => Date.now() });
    const { sent, send } = target(limiter);
    // a second of 200 answers/s: one request every 5 ms
    const done: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      done.push(send().then(({ ticket }) => limiter.onSuccess(ticket)));
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(done);
    expect(limiter.currentRate).toBeNull();
    // a 429 with Retry-After: 1
    const throttled: Ticket = { sentAt: Date.now() - 1, inFlight: 20, waitedForPace: false };
    limiter.onThrottled(throttled, 1000);
    expect(limiter.currentRate).toBeGreaterThan(180);
    expect(limiter.currentRate).toBeLessThan(200);
    const pauseEnd = Date.now() + 1000;
    sent.length = 0;
    const queued = Array.from({ length: 20 }, () => send());
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(queued);
    expect(sent).toHaveLength(20);
    expect(sent[0]).toBe(pauseEnd);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    // 1000 / ≈ 190 per second: 5–6 ms apart, never two at once
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(5);
    expect(sent.at(-1)! - pauseEnd).toBeGreaterThanOrEqual(95);
  });
});
