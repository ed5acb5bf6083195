// Pure decisions of Sync details: the state in words, live polling, rate and time left.
import type { CommandNote } from "./sync-keys";
import type { Cycle } from "./sync-shared";

export type SyncState = "off" | "idle" | "queued" | "starting" | "running" | "quarantined" | "paused";
export type StatusLike = { state: SyncState; steadyState: boolean; currentCycle: Cycle | null; lastCycle: Cycle | null };
export type Tone = "neutral" | "good" | "bad" | "warn" | "info";
export type Shown = "off" | "queued" | "starting" | "running" | "steady" | "on" | "quarantined" | "paused";

/** How long a command's "Queued" is believed without the server confirming it. */
export const COMMAND_TRUST_MS = 30_000;

/** The state to show: the server's, except that a just-sent command reads "Queued" until the server has caught up. */
export function shownState(s: StatusLike, note: CommandNote | undefined, now: number): Shown {
  // "off" too: the status read before Save with Status On (or Start) still says off
  const waiting = !!note && now - note.at < COMMAND_TRUST_MS && (s.lastCycle?.id ?? null) === note.lastCycleId;
  if ((s.state === "idle" || s.state === "off") && waiting) return "queued";
  if (s.state === "idle") return s.steadyState ? "steady" : "on";
  return s.state;
}

export const SHOWN: Record<Shown, { label: string; tone: Tone; words: string }> = {
  off: { label: "Off", tone: "neutral", words: "Provisioning is off: nothing is sent to the app." },
  queued: { label: "Queued", tone: "info", words: "A cycle is queued and starts as soon as a worker is free." },
  starting: { label: "Starting", tone: "info", words: "A worker took the cycle and is starting it." },
  running: { label: "Running", tone: "info", words: "A cycle is running." },
  steady: { label: "Steady state", tone: "good", words: "On, in steady state: the initial cycle completed and nothing waits for a retry. Changes are pushed within seconds." },
  on: { label: "On", tone: "good", words: "On: waiting for the next cycle." },
  quarantined: { label: "Quarantined", tone: "bad", words: "In quarantine: cycles run less often until the cause is fixed." },
  paused: { label: "Paused", tone: "warn", words: "Paused: deletions above the threshold need your approval." },
};

/** Anything in flight is read every 1.5 s (the issue allows 2 s); otherwise a slow heartbeat. */
export function pollMs(shown: Shown | undefined): number {
  return shown === "queued" || shown === "starting" || shown === "running" ? 1_500 : 15_000;
}

/** Objects per second since the cycle started, and the time left at that rate (null when unknown). */
export function cycleRate(c: Pick<Cycle, "startedAt" | "processed" | "total">, now: number): { perSecond: number | null; secondsLeft: number | null } {
  const elapsed = (now - new Date(c.startedAt).getTime()) / 1000;
  if (!(elapsed > 0) || c.processed <= 0) return { perSecond: null, secondsLeft: null };
  const perSecond = c.processed / elapsed;
  const left = Math.max(0, c.total - c.processed);
  return { perSecond, secondsLeft: c.total > 0 ? Math.round(left / perSecond) : null };
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
