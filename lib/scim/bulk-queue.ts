// Gathers the writes that concurrent callers make at about the same time into POST /Bulk
// requests (which writes go together: bulk-plan.ts), and hands each caller its own operation's
// answer, so the caller handles a 409, a 404 or a 400 exactly as for a plain request: one failed
// operation fails only its object. A batch is sent when it is full (maxOperations) or `lingerMs`
// after its first operation arrived.
//
// References ("bulkId:<id>", e.g. a group created with members created moments before): a
// reference to an operation in the same request stays a reference (the target resolves it; the
// planner keeps the referring operation after it); a reference to an operation of an earlier
// request waits for that request's answer and then carries the id the target gave (no target has
// to resolve references across requests); a reference to an operation that failed is answered
// here, 409 invalidValue, without sending it (as a target would answer it), so the caller can
// write it again without that reference.
import { planBulk, referencesOf, type BulkLimits, type QueuedOp } from "./bulk-plan";

export type BulkOpAnswer = { status: number; location?: string; response?: unknown };

/** Sends one bulk request; the answers line up with `ops` (undefined: the target did not process it). */
export type BulkSend = (ops: QueuedOp[]) => Promise<Array<BulkOpAnswer | undefined>>;

type Waiting = { op: QueuedOp; resolve: (a: BulkOpAnswer | undefined) => void; reject: (e: unknown) => void };

/** The id a POST created, from its answer's resource or its location. */
export function createdId(a: BulkOpAnswer): string | undefined {
  const r = a.response as { id?: unknown } | undefined;
  if (r && r.id !== undefined && r.id !== null) return String(r.id);
  if (!a.location) return undefined;
  const last = a.location.split("?")[0]!.replace(/\/+$/, "").split("/").pop();
  return last ? decodeURIComponent(last) : undefined;
}

export class BulkQueue {
  private waiting: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  /** ids the target gave to bulkIds already answered (references across batches) */
  private readonly resolved = new Map<string, string>();
  /** bulkIds of operations taken for sending and not answered yet: when their requests are answered */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** bulkIds of operations that failed (a reference to them cannot be resolved) */
  private readonly failed = new Set<string>();

  constructor(
    private readonly send: BulkSend,
    private readonly limits: BulkLimits,
    private readonly opts: { lingerMs: number; prefix?: string },
  ) {}

  /** A bulkId no other operation of this queue has: a caller may take one before submitting (to be referred to). */
  newBulkId(): string {
    return `${this.opts.prefix ?? "op"}${++this.seq}`;
  }

  /** Queues one write; resolves with its answer (undefined: not processed, it may be sent again). */
  submit(op: Omit<QueuedOp, "key" | "bulkId"> & { bulkId?: string }): Promise<BulkOpAnswer | undefined> {
    return new Promise((resolve, reject) => {
      const bulkId = op.bulkId ?? this.newBulkId();
      // sent again (a retry keeps its bulkId): what refers to it waits for this attempt
      this.failed.delete(bulkId);
      this.waiting.push({ op: { ...op, key: this.seq, bulkId }, resolve, reject });
      if (this.waiting.length >= this.limits.maxOperations) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.lingerMs);
    });
  }

  /** Sends everything queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const taken = this.waiting.splice(0);
    if (!taken.length) return;
    const done: Promise<void> = this.sendAll(taken).finally(() => {
      for (const w of taken) if (this.inFlight.get(w.op.bulkId) === done) this.inFlight.delete(w.op.bulkId);
    });
    for (const w of taken) this.inFlight.set(w.op.bulkId, done);
  }

  private substitute(op: QueuedOp): QueuedOp {
    const refs = referencesOf(op).filter((r) => this.resolved.has(r));
    if (!refs.length) return op;
    const swap = (s: string) => s.replace(/bulkId:([A-Za-z0-9._~-]+)/g, (m, id: string) => this.resolved.get(id) ?? m);
    return { ...op, path: swap(op.path), data: op.data === undefined ? undefined : JSON.parse(swap(JSON.stringify(op.data))) };
  }

  private async sendAll(taken: Waiting[]): Promise<void> {
    const byKey = new Map<number, Waiting>();
    taken.forEach((w, i) => {
      w.op = { ...w.op, key: i };
      byKey.set(i, w);
    });
    const own = new Set(taken.map((w) => w.op.bulkId));
    // References to operations of requests still out: wait for their answers first.
    const awaited = [...new Set(taken.flatMap((w) => referencesOf(w.op)).filter((r) => !own.has(r) && this.inFlight.has(r)))];
    if (awaited.length) await Promise.allSettled(awaited.map((r) => this.inFlight.get(r)));
    const ready = this.live(taken.map((w) => w.op), byKey, own);
    const plan = planBulk(ready.map((o) => this.substitute(o)), this.limits);
    for (const op of plan.single) byKey.get(op.key)!.reject(new BulkTooLarge());
    let earlier: Promise<unknown>[] = [];
    for (const batch of plan.batches) {
      // A batch that references an earlier one's bulkIds waits for it, then carries the ids.
      const run = batch.after
        ? Promise.allSettled(earlier).then(() => this.sendBatch(this.live(batch.ops, byKey).map((o) => this.substitute(o)), byKey))
        : this.sendBatch(batch.ops, byKey);
      earlier = [...earlier, run];
    }
    await Promise.allSettled(earlier);
  }

  /** The operations whose references can still be resolved; the others are answered 409 here. */
  private live(ops: QueuedOp[], byKey: Map<number, Waiting>, own = new Set<string>()): QueuedOp[] {
    return ops.filter((op) => {
      const dead = referencesOf(op).find((r) => !own.has(r) && this.failed.has(r));
      if (dead) byKey.get(op.key)!.resolve({ status: 409, response: { scimType: "invalidValue", detail: `bulkId ${dead} cannot be resolved: its operation failed.` } });
      return !dead;
    });
  }

  private async sendBatch(ops: QueuedOp[], byKey: Map<number, Waiting>): Promise<void> {
    if (!ops.length) return;
    try {
      const answers = await this.send(ops);
      ops.forEach((op, i) => {
        const a = answers[i];
        if (a && a.status >= 200 && a.status < 300 && op.method === "POST") {
          const id = createdId(a);
          if (id) this.remember(op.bulkId, id);
        } else if (op.method === "POST") this.forget(op.bulkId);
        byKey.get(op.key)!.resolve(a);
      });
    } catch (e) {
      for (const op of ops) this.forget(op.bulkId);
      for (const op of ops) byKey.get(op.key)!.reject(e);
    }
  }

  private forget(bulkId: string) {
    this.failed.add(bulkId);
    if (this.failed.size > 10_000) this.failed.delete(this.failed.values().next().value as string);
  }

  private remember(bulkId: string, id: string) {
    this.failed.delete(bulkId);
    this.resolved.set(bulkId, id);
    if (this.resolved.size > 10_000) this.resolved.delete(this.resolved.keys().next().value as string);
  }
}

/** An operation larger than the target's maxPayloadSize on its own: send it as a plain request. */
export class BulkTooLarge extends Error {
  constructor() {
    super("The operation is larger than the target's bulk maxPayloadSize.");
    this.name = "BulkTooLarge";
  }
}
