// What every client of one target shares within a process: the limiter (in-flight limit by
// AIMD under the cap, and a Retry-After pause that holds back every request of every job) and the
// OAuth token (fetched once per lifetime, refreshed once on a 401). A sync job builds its own
// ScimClient per slice; without this, each job had its own limiter (so after a 503 the other
// jobs' requests kept coming) and its own token (one token request per slice).
// Keyed by everything that makes a target and its credentials: base URL, the auth config
// (hashed: the key never holds a secret), the pacing settings and the network options.
import { createHash } from "node:crypto";
import { createAuthProvider, type AuthConfig, type AuthProvider } from "./auth";
import { TargetLimiter, type LimiterStats } from "./limiter";
import { createTransport, type Transport } from "./transport";
import type { SsrfOptions } from "./ssrf";

export type SharedTarget = { limiter: TargetLimiter; auth: AuthProvider };

type Spec = {
  baseUrl: string;
  auth: AuthConfig;
  maxConcurrency: number;
  ratePerSecond: number | null;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve?: SsrfOptions["resolve"];
  ca?: string;
  maxResponseBytes?: number;
};

/** Entries kept; the oldest is dropped beyond this (credentials changed, apps deleted). */
const MAX_ENTRIES = 500;
type Entry = SharedTarget & { baseUrl: string; transport: Transport & { close(): void } };
const g = globalThis as unknown as { __provisioSharedTargets?: Map<string, Entry> };

function keyOf(s: Spec): string {
  const parts = JSON.stringify([s.baseUrl, s.auth, s.maxConcurrency, s.ratePerSecond, s.timeoutMs, s.allowPrivate, s.ca ?? null, !!s.resolve, s.maxResponseBytes ?? null]);
  return createHash("sha256").update(parts).digest("hex");
}

export function sharedTarget(spec: Spec): SharedTarget {
  const map = (g.__provisioSharedTargets ??= new Map());
  const key = keyOf(spec);
  const hit = map.get(key);
  if (hit) {
    // most recently used last, so the oldest is the first key
    map.delete(key);
    map.set(key, hit);
    return hit;
  }
  // The token endpoint gets a transport of its own: a client's transport closes with the client.
  const transport = createTransport({ allowPrivate: spec.allowPrivate, resolve: spec.resolve, ca: spec.ca, maxSockets: 2, maxResponseBytes: spec.maxResponseBytes });
  const entry: Entry = {
    baseUrl: spec.baseUrl,
    limiter: new TargetLimiter({ maxConcurrency: spec.maxConcurrency, ratePerSecond: spec.ratePerSecond }),
    auth: createAuthProvider(spec.auth, { transport, now: Date.now, timeoutMs: spec.timeoutMs }),
    transport,
  };
  map.set(key, entry);
  while (map.size > MAX_ENTRIES) {
    const oldest = map.keys().next().value as string;
    map.get(oldest)?.transport.close();
    map.delete(oldest);
  }
  return entry;
}

/** Benchmarks: each shared target's limiter figures (in flight per request, throttles, current limit). */
export function sharedLimiterStats(): Array<{ baseUrl: string } & LimiterStats> {
  return [...(g.__provisioSharedTargets?.values() ?? [])].map((e) => ({ baseUrl: e.baseUrl, ...e.limiter.stats() }));
}

/** Tests: forget every shared target (tokens, pauses). */
export function resetSharedTargets(): void {
  for (const e of g.__provisioSharedTargets?.values() ?? []) e.transport.close();
  g.__provisioSharedTargets?.clear();
}
