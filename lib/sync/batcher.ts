// Group commit for the engine's per-object statements. The objects of a page are written
// concurrently; each still awaits its own intent insert, link upsert or listing lookup (the
// crash-safety and conflict rules are per object), but the calls made while one statement is
// in flight are sent together as the next one: one multi-row statement per wave of objects
// instead of one round trip per object. The first call waits one event-loop turn (setImmediate)
// so that a page starting all its objects at once lands in a single statement.

/** What a flush answers for one item: its result, or the error that item alone gets. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

type Waiting<I, O> = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };

export class Batcher<I, O> {
  private queue: Waiting<I, O>[] = [];
  private draining = false;

  /** flush: one statement for the items, answering each item in order; a throw fails them all. */
  constructor(private readonly flush: (items: I[]) => Promise<Settled<O>[]>, private readonly maxBatch = 1000) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        let out: Settled<O>[];
        try {
          out = await this.flush(batch.map((w) => w.item));
        } catch (err) {
          for (const w of batch) w.reject(err);
          continue;
        }
        batch.forEach((w, i) => {
          const r = out[i];
          if (r?.ok) w.resolve(r.value);
          else w.reject(r ? r.error : new Error("batch flush answered fewer items than it was given"));
        });
      }
    } finally {
      this.draining = false;
    }
  }
}

export const settledAll = <O>(n: number, value: O): Settled<O>[] => Array.from({ length: n }, () => ({ ok: true as const, value }));
