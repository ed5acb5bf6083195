// The directory change feed: "everything that changed after watermark W".
//
// Every write transaction takes sequence numbers from the single change_counter
// row and stamps them on the objects it touches (DirectoryUser.changeSeq,
// DirectoryGroup.changeSeq) or on a tombstone row (deletions). The UPDATE keeps
// the counter row locked until the transaction commits, so transactions obtain
// their numbers in commit order: a reader that has seen seq N will never later
// find a newly committed change with a seq below N. Each object keeps only its
// latest seq, so a reader gets each changed object once, in its latest state.
// Every seq is given to exactly one object, so paging by seq never splits ties.
import { db, type Tx } from "../db";

export type Change = { objectType: "user" | "group"; id: string; seq: bigint; deleted: boolean; identity?: string; /** when the change was written */ at?: Date };

/** Reserves n consecutive sequence numbers and returns the first. Call inside the write transaction, as late as practical. */
export async function bumpChangeSeq(tx: Tx, n = 1): Promise<bigint> {
  if (n < 1) throw new Error("bumpChangeSeq: n must be at least 1");
  const rows = await tx.$queryRaw<{ value: bigint }[]>`UPDATE change_counter SET value = value + ${n}::bigint WHERE id = 1 RETURNING value`;
  const last = rows[0]?.value;
  if (last === undefined) throw new Error("change_counter row is missing (migration not applied?)");
  return last - BigInt(n) + 1n;
}

/** The highest sequence number handed out (committed or not). */
export async function currentSeq(): Promise<bigint> {
  const rows = await db.$queryRaw<{ value: bigint }[]>`SELECT value FROM change_counter WHERE id = 1`;
  return rows[0]?.value ?? 0n;
}

/**
 * Changes after `afterSeq`, oldest first, at most `limit`. Three index range
 * scans (changeSeq / seq indexes) merged; cost is proportional to `limit`, not
 * to the directory size. Pass the returned nextSeq as the next afterSeq.
 */
export async function readChanges(afterSeq: bigint, limit: number): Promise<{ changes: Change[]; nextSeq: bigint }> {
  const n = Math.max(1, Math.min(limit, 10_000));
  const rows = await db.$queryRaw<{ objectType: string; id: string; seq: bigint; deleted: boolean; identity: string | null; at: Date | null }[]>`
    (SELECT 'user' AS "objectType", id, "changeSeq" AS seq, false AS deleted, "userPrincipalName" AS identity, "updatedAt" AS at
       FROM directory_user WHERE "changeSeq" > ${afterSeq} ORDER BY "changeSeq" LIMIT ${n})
    UNION ALL
    (SELECT 'group', id, "changeSeq", false, "displayName", "updatedAt"
       FROM directory_group WHERE "changeSeq" > ${afterSeq} ORDER BY "changeSeq" LIMIT ${n})
    UNION ALL
    (SELECT "objectType", "objectId", seq, true, identity, "deletedAt"
       FROM directory_tombstone WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${n})
    ORDER BY seq LIMIT ${n}`;
  const changes: Change[] = rows.map((r) => ({
    objectType: r.objectType === "group" ? "group" : "user",
    id: r.id,
    seq: r.seq,
    deleted: r.deleted,
    ...(r.identity != null ? { identity: r.identity } : {}),
    ...(r.at ? { at: r.at } : {}),
  }));
  const last = changes[changes.length - 1];
  return { changes, nextSeq: last ? last.seq : afterSeq };
}

export type Deleted = { objectType: "user" | "group"; id: string; identity: string | null };

/**
 * Stamps new seqs on the changed users and groups and writes tombstones for
 * deletions, in one reservation. Call it as the LAST write of the transaction:
 * it first locks the rows it stamps (in id order; NO KEY UPDATE, so membership
 * inserts holding KEY SHARE on the same users do not deadlock with it), then takes the counter.
 * Holding the counter only at the very end means no transaction ever waits for
 * a row lock while holding it, so writers cannot deadlock through the counter
 * and its lock is held only for the commit.
 */
export async function recordChanges(tx: Tx, c: { users?: string[]; groups?: string[]; deleted?: Deleted[] }) {
  const users = [...new Set(c.users ?? [])].sort();
  const groups = [...new Set(c.groups ?? [])].sort();
  const deleted = c.deleted ?? [];
  if (users.length) await tx.$queryRaw`SELECT id FROM directory_user WHERE id = ANY(${users}::text[]) ORDER BY id FOR NO KEY UPDATE`;
  if (groups.length) await tx.$queryRaw`SELECT id FROM directory_group WHERE id = ANY(${groups}::text[]) ORDER BY id FOR NO KEY UPDATE`;
  const n = users.length + groups.length + deleted.length;
  if (n === 0) return;
  const first = await bumpChangeSeq(tx, n);
  if (users.length) {
    await tx.$executeRaw`
      UPDATE directory_user u SET "changeSeq" = ${first}::bigint + t.ord - 1, "updatedAt" = now()
        FROM unnest(${users}::text[]) WITH ORDINALITY AS t(id, ord) WHERE u.id = t.id`;
  }
  if (groups.length) {
    await tx.$executeRaw`
      UPDATE directory_group g SET "changeSeq" = ${first + BigInt(users.length)}::bigint + t.ord - 1, "updatedAt" = now()
        FROM unnest(${groups}::text[]) WITH ORDINALITY AS t(id, ord) WHERE g.id = t.id`;
  }
  if (deleted.length) {
    await tx.$executeRaw`
      INSERT INTO directory_tombstone (seq, "objectType", "objectId", identity, "deletedAt")
      SELECT ${first + BigInt(users.length + groups.length)}::bigint + t.ord - 1, t.type, t.id, t.identity, now()
        FROM unnest(${deleted.map((d) => d.objectType)}::text[], ${deleted.map((d) => d.id)}::text[], ${deleted.map((d) => d.identity)}::text[])
        WITH ORDINALITY AS t(type, id, identity, ord)`;
  }
}

const RETRYABLE = /40P01|40001|deadlock detected|could not serialize/i;

/** A directory write transaction, retried (up to 3 times) when Postgres picks it as a deadlock or serialization victim. */
export async function directoryTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { timeout: 60_000, maxWait: 10_000 });
    } catch (e) {
      const code = (e as { code?: string; meta?: { code?: string } })?.meta?.code ?? (e as { code?: string })?.code ?? "";
      if (attempt >= 3 || !(RETRYABLE.test(code) || code === "P2034" || RETRYABLE.test(String((e as Error)?.message)))) throw e;
    }
  }
}
