// The users and managers phases without a barrier between pages. Page by page (phases.ts), a slow
// target had nothing in flight while a page waited for its last answers, recorded them, saved the
// checkpoint and read the next page (≈ 3 s of a 21 s cycle against a 100 ms target). Here the
// next page is read (directory, assignments) while the current one is written, and its writes
// start once the pages before it are down to their last PAGE_OVERLAP objects (its links are read
// then, so the managers written before are seen); the pages before it are recorded while its
// requests are in flight. The checkpoint still only moves past a page once that page and every
// page before it are recorded (pages are recorded in the order they started), so it is never
// ahead of a write whose result is not recorded. At most PAGE_SIZE + PAGE_OVERLAP writes are
// unsettled at a time (one page and the tail of the ones before), and a crash re-reads at most
// MAX_OPEN_PAGES pages, which is safe: the engine matches before it creates. Pages that write
// groups (/Bulk, page-groups.ts) and the phase's end go through runPage, alone, once every page
// before them is recorded.
// A users page's links are read when its writes start, while the tail of the page before is still
// being written: a user whose manager is in that tail would find no manager link and be written
// without its manager, then PATCHed again by the managers phase (≈ 50–80 extra requests per 2,000
// users against a rate-limited target). Instead its write waits for the manager's write (launched
// by an earlier page, so waits only ever point back: no cycle) and reads the manager's link once
// it has ended; a manager whose write failed or linked nothing still leaves the user deferred.
import { iterateUsers } from "../directory/users";
import type { Checkpoint } from "./checkpoint";
import { deferredPage, defer } from "./deferred";
import { groupsCompletedBy } from "./page-groups";
import { cycleOf, deferredManagers, fullOptions, pool, readUsers, runPage, withLinks, type PageContext } from "./phases";
import { MAX_OPEN_PAGES, PAGE_OVERLAP, PAGE_SIZE } from "./policy";
import { getLink } from "./links";
import { recordResults } from "./results";
import type { WriteResult } from "./types";
import { writeObject, type Preloaded, type WriteOptions } from "./write-object";

type StreamPhase = "users" | "managers";
export const streams = (cp: Checkpoint): cp is Extract<Checkpoint, { phase: StreamPhase }> => cp.phase === "users" || cp.phase === "managers";

/** A page read ahead: its ids, what it was read from and where the phase goes after it. */
type Read = { from: Checkpoint; ids: string[]; next: Checkpoint; pre: Preloaded; alone: boolean };

/** A page whose writes are running: `done` with all its results. */
type Open = { read: Read; done: Promise<WriteResult[]> };

async function readPage(p: PageContext, cp: Extract<Checkpoint, { phase: StreamPhase }>): Promise<Read> {
  const { ctx } = p;
  if (cp.phase === "users") {
    const page = await iterateUsers({ afterId: cp.after, limit: PAGE_SIZE });
    const ids = page.items.map((u) => u.id);
    const next: Checkpoint = page.nextAfterId ? { phase: "users", after: page.nextAfterId } : { phase: "managers", after: null };
    // a page that creates groups with their members runs alone (runPage reads it again)
    const alone = !ids.length || (await groupsCompletedBy(ctx, ids, ids[ids.length - 1]!)).size > 0;
    return { from: cp, ids, next, alone, pre: alone ? {} : await readUsers(ctx, ids) };
  }
  const ids = await deferredPage(cycleOf(ctx), "manager", cp.after, PAGE_SIZE);
  // the phase's end (what comes after it) is runPage's
  if (!ids.length) return { from: cp, ids, next: cp, alone: true, pre: {} };
  return { from: cp, ids, next: { phase: "managers", after: ids[ids.length - 1]! }, alone: false, pre: await readUsers(ctx, ids) };
}

/** Users whose write is in flight (launched by a page of this slice): the write's result once it ends, null if it threw. */
type Writing = Map<string, Promise<WriteResult | null>>;

/**
 * Pure: the users of a page (links read) whose manager had no link when they were read but was
 * being written by an earlier page (`writing`, taken before the read): user id → manager id.
 */
export function managersInFlight(pre: Preloaded, writing: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of pre.users?.values() ?? []) {
    const m = u.managerId;
    if (!m || m === u.id || !writing.has(m)) continue;
    const l = pre.links?.get(m) ?? null;
    if (!l || l.state === "deleted") out.set(u.id, m);
  }
  return out;
}

/**
 * Starts a page's writes; `settled` is called once per object whose write has ended. Users pages
 * put their writes in `writing` (until they end) and wait for their managers' writes there.
 */
function launch(p: PageContext, read: Read, settled: () => void, writing: Writing): Open {
  const { ctx } = p;
  const users = read.from.phase === "users";
  const opts: Omit<WriteOptions, "preloaded"> = users ? fullOptions(p, "user") : {};
  // the earlier pages' writes not ended yet, before this page's links are read: a manager whose write ends after it is not in them
  const earlier = new Map(writing);
  const ends = new Map<string, (r: WriteResult | null) => void>();
  if (users) {
    for (const id of read.ids) {
      writing.set(id, new Promise((resolve) => ends.set(id, resolve)));
    }
  }
  const ended = (id: string, r: WriteResult | null) => {
    if (!ends.has(id)) return;
    ends.get(id)!(r);
    ends.delete(id);
    writing.delete(id);
  };
  const done = (async () => {
    let preloaded: Preloaded;
    try {
      preloaded = await withLinks(ctx, read.ids, read.pre);
    } catch (err) {
      read.ids.forEach((id) => ended(id, null));
      read.ids.forEach(settled);
      throw err;
    }
    const waits = users ? managersInFlight(preloaded, new Set(earlier.keys())) : new Map<string, string>();
    // the user's preloaded, with its manager's link as it is once the manager's write has ended
    const forUser = async (id: string): Promise<Preloaded> => {
      const m = waits.get(id);
      if (!m) return preloaded;
      const r = await earlier.get(m)!;
      const link = r?.targetId ? await getLink(ctx.app.id, "user", m) : null;
      return link ? { ...preloaded, links: new Map(preloaded.links).set(m, link) } : preloaded;
    };
    return pool(read.ids, read.ids.length, async (id) => {
      let r: WriteResult | null = null;
      try {
        r = await writeObject(ctx, "user", id, { ...opts, preloaded: await forUser(id) });
        return r;
      } finally {
        ended(id, r);
        settled();
      }
    });
  })();
  return { read, done };
}

async function record(p: PageContext, open: Open): Promise<void> {
  const { ctx, type, counts } = p;
  const results = await open.done;
  await recordResults(ctx, type, results, counts);
  if (open.read.from.phase === "users") {
    p.addProcessed(results.length);
    await defer(ctx.app.id, cycleOf(ctx), "manager", deferredManagers(results));
  }
}

const ignore = () => undefined;

/**
 * Runs pages of the users or managers phase from `start` until the phase ends or `more()` says
 * stop (asked before each page after the first), calling `recorded` with the checkpoint after each
 * page, once it and every page before it are recorded. Returns the checkpoint to go on from;
 * nothing it started is still running when it returns or throws.
 */
export async function streamPages(p: PageContext, start: Extract<Checkpoint, { phase: StreamPhase }>, more: () => Promise<boolean>, recorded: (cp: Checkpoint) => Promise<void>): Promise<Checkpoint> {
  const phase = start.phase;
  const launched: Open[] = [];
  const writing: Writing = new Map();
  let last: Checkpoint = start;
  let unsettled = 0;
  let open = 0;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  // Pages are recorded one after the other, in the order they started.
  let chain: Promise<void> = Promise.resolve();
  const inOrder = (o: Open) => {
    chain = chain.then(async () => {
      await record(p, o);
      await recorded((last = o.read.next));
      open--;
      poke();
    });
    chain.catch((error: unknown) => {
      failure ??= { error };
      poke();
    });
  };
  // Room for the next page: the open pages are down to their last objects, and not too many wait to be recorded.
  const room = async () => {
    while (!failure && (unsettled > PAGE_OVERLAP || open >= MAX_OPEN_PAGES)) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure.error;
  };
  let reading: Promise<Read> = readPage(p, start);
  try {
    for (;;) {
      const read: Read = await reading;
      if (read.alone) {
        await chain;
        const next = await runPage(p, read.from);
        await recorded((last = next));
        if (next.phase !== phase || !streams(next) || !(await more())) return next;
        reading = readPage(p, next);
        continue;
      }
      await room();
      unsettled += read.ids.length;
      open++;
      const cur = launch(p, read, () => {
        if (--unsettled <= PAGE_OVERLAP) poke();
      }, writing);
      launched.push(cur);
      inOrder(cur);
      const next = read.next;
      if (next.phase !== phase || !streams(next)) break;
      // read ahead while this page is written
      reading = readPage(p, next);
      reading.catch(ignore);
      if (!(await more())) break;
    }
    await chain;
    return last;
  } finally {
    // on a throw too: what was started ends (and is recorded if it can be) before the slice does
    await Promise.allSettled(launched.map((o) => o.done));
    await chain.catch(ignore);
  }
}
