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
import { iterateUsers } from "../directory/users";
import type { Checkpoint } from "./checkpoint";
import { deferredPage, defer } from "./deferred";
import { groupsCompletedBy } from "./page-groups";
import { cycleOf, deferredManagers, fullOptions, pool, readUsers, runPage, withLinks, type PageContext } from "./phases";
import { MAX_OPEN_PAGES, PAGE_OVERLAP, PAGE_SIZE } from "./policy";
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

/** Starts a page's writes; `settled` is called once per object whose write has ended. */
function launch(p: PageContext, read: Read, settled: () => void): Open {
  const { ctx } = p;
  const opts: Omit<WriteOptions, "preloaded"> = read.from.phase === "users" ? fullOptions(p, "user") : {};
  const done = (async () => {
    let preloaded: Preloaded;
    try {
      preloaded = await withLinks(ctx, read.ids, read.pre);
    } catch (err) {
      read.ids.forEach(settled);
      throw err;
    }
    return pool(read.ids, read.ids.length, async (id) => {
      try {
        return await writeObject(ctx, "user", id, { ...opts, preloaded });
      } finally {
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
      });
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
