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

/** The badge tone of each state; its label and sentence are in the catalogue (sync.state.<shown>.label / .words). */
export const SHOWN: Record<Shown, { tone: Tone }> = {
  off: { tone: "neutral" },
  queued: { tone: "info" },
  starting: { tone: "info" },
  running: { tone: "info" },
  steady: { tone: "good" },
  on: { tone: "good" },
  quarantined: { tone: "bad" },
  paused: { tone: "warn" },
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

/** A duration as the catalogue key (sync.duration.*) and its values: ms below a second, then s, min + s, h + min. */
export function durationParts(ms: number, unit: "ms" | "s" = "ms"): { key: "ms" | "s" | "min" | "h"; values: Record<string, number> } {
  if (unit === "ms" && ms < 1000) return { key: "ms", values: { ms } };
  const s = unit === "s" ? Math.round(ms / 1000) : Math.round(ms / 1000);
  if (s < 60) return { key: "s", values: { s } };
  const m = Math.floor(s / 60);
  if (m < 60) return { key: "min", values: { m, s: s % 60 } };
  return { key: "h", values: { h: Math.floor(m / 60), m: m % 60 } };
}
