// Which queued writes go together in one POST /Bulk (RFC 7644 §3.7). Pure: the queue
// (bulk-queue.ts) sends what this decides.
//
// - At most maxOperations operations and maxPayloadSize bytes per request (the envelope included).
// - An operation that references another one's bulkId ("bulkId:<id>" in its path or data, e.g.
//   a group whose members are users created in the same request) comes after the one it
//   references: later in the same request (RFC 7644 §3.7.2 allows any order, but many targets
//   resolve only references to earlier operations), or in a later request (the queue then puts the
//   id the target gave in place of the reference, so no target has to resolve references across
//   requests). Operations are otherwise kept in the order given.
// - An operation too large for any request on its own is sent as a plain request instead.

export type QueuedOp = {
  /** the caller's handle, to hand the result back */
  key: number;
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  /** relative to the base URL: /Users, /Groups/{id}, /Groups/bulkId:{id} */
  path: string;
  bulkId: string;
  data?: unknown;
};

export type BulkLimits = { maxOperations: number; maxPayloadSize: number };

export type BulkPlan = {
  /** in order; `after`: the batch references an earlier batch's bulkIds, so it waits for it */
  batches: Array<{ ops: QueuedOp[]; after: boolean }>;
  /** too large for a bulk request: sent on their own */
  single: QueuedOp[];
};

/** Bytes of the envelope around the operations (schemas, failOnErrors, brackets). */
export const ENVELOPE_BYTES = 160;

const REF = /bulkId:([A-Za-z0-9._~-]+)/g;

/** The bulkIds an operation refers to (in its path or its data). */
export function referencesOf(op: Pick<QueuedOp, "path" | "data">): string[] {
  const text = op.path + (op.data === undefined ? "" : JSON.stringify(op.data));
  return [...new Set([...text.matchAll(REF)].map((m) => m[1]!))];
}

/** Size of one operation as it goes on the wire, plus its separating comma. */
export const opBytes = (op: QueuedOp) => Buffer.byteLength(JSON.stringify({ method: op.method, path: op.path, bulkId: op.bulkId, data: op.data })) + 1;

/**
 * The operations in the order given, except that an operation comes after those (of this list)
 * whose bulkIds it references: each is moved up to just before its first referrer. A cycle of
 * references cannot be ordered; its first operation given stays first.
 */
export function referencesFirst(ops: QueuedOp[]): QueuedOp[] {
  const byBulkId = new Map(ops.map((o) => [o.bulkId, o]));
  const out: QueuedOp[] = [];
  const seen = new Set<QueuedOp>();
  const visit = (op: QueuedOp) => {
    if (seen.has(op)) return;
    seen.add(op);
    for (const r of referencesOf(op)) {
      const target = byBulkId.get(r);
      if (target && target !== op) visit(target);
    }
    out.push(op);
  };
  for (const op of ops) visit(op);
  return out;
}

export function planBulk(given: QueuedOp[], limits: BulkLimits): BulkPlan {
  const ops = referencesFirst(given);
  const maxOps = Math.max(1, Math.floor(limits.maxOperations));
  const maxBytes = limits.maxPayloadSize > 0 ? limits.maxPayloadSize : Infinity;
  const batches: BulkPlan["batches"] = [];
  const single: QueuedOp[] = [];
  /** batch index of each bulkId placed so far */
  const placed = new Map<string, number>();
  let current: QueuedOp[] = [];
  let bytes = ENVELOPE_BYTES;
  let after = false;
  const close = () => {
    if (current.length) batches.push({ ops: current, after });
    current = [];
    bytes = ENVELOPE_BYTES;
    after = false;
  };
  for (const op of ops) {
    const size = opBytes(op);
    if (ENVELOPE_BYTES + size > maxBytes) {
      single.push(op);
      continue;
    }
    if (current.length >= maxOps || bytes + size > maxBytes) close();
    const refs = referencesOf(op).filter((r) => r !== op.bulkId);
    // A reference to an operation in an earlier request: this request waits for that one.
    if (refs.some((r) => placed.has(r) && placed.get(r)! < batches.length)) after = true;
    current.push(op);
    bytes += size;
    placed.set(op.bulkId, batches.length);
  }
  close();
  return { batches, single };
}
