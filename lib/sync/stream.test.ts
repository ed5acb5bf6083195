// Users pages against a slow target (stream.ts): the next page's requests go out before the page
// ahead of it has its last answers, so the target is not left idle while a page ends, is recorded
// and the next one is read.
import { afterAll, describe, expect, it } from "vitest";
import { assign, db, newUser, runCycle, scimApp, targetUsers } from "../test/sync-fixture";
import { PAGE_SIZE } from "./policy";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe("[SYNC] users pages without a barrier", () => {
  it("a page's creates start before the page ahead of it has its last answer", async () => {
    const LATENCY_MS = 500;
    const { app, target } = await scimApp({ target: { latencyMs: LATENCY_MS } });
    cleanups.push(() => target.close());
    // more than a page of users: a page boundary with creates on both sides
    const n = PAGE_SIZE + 60;
    for (let i = 0; i < n; i++) await assign(app.id, (await newUser()).id);
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(n);

    // The pages as the users phase read them: every directory user in id order, PAGE_SIZE at a time.
    const all = await db.directoryUser.findMany({ select: { id: true, userPrincipalName: true }, orderBy: { id: "asc" } });
    const pageOf = new Map(all.map((u, i) => [u.userPrincipalName.toLowerCase(), Math.floor(i / PAGE_SIZE)]));
    // when each page's creates reached the target (each answered LATENCY_MS after it arrived)
    const creates = new Map<number, number[]>();
    for (const r of target.requests) {
      if (r.method !== "POST" || !r.path.endsWith("/Users")) continue;
      const page = pageOf.get(String((r.body as { userName?: string }).userName).toLowerCase())!;
      creates.set(page, [...(creates.get(page) ?? []), r.at]);
    }
    const pages = [...creates.keys()].sort((a, b) => a - b);
    const boundaries = pages.slice(1).map((page, i) => ({
      lastAnswerBefore: Math.max(...creates.get(pages[i]!)!) + LATENCY_MS,
      firstCreate: Math.min(...creates.get(page)!),
    }));
    expect(boundaries.length).toBeGreaterThan(0);
    // Page by page, a page's first create came after the last answer of the page before (then its records, then the next read).
    for (const b of boundaries) expect(b.firstCreate).toBeLessThan(b.lastAnswerBefore);
  }, 180_000);
});
