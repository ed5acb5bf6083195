// Plain SQL on the Prisma client's own pool, for the sync engine's hot path. A raw statement
// through Prisma costs several times the CPU of the same statement through pg (measured on the
// 2-core machine: ~2.5 ms vs ~0.3 ms per small query, ~7 ms vs ~1.8 ms with a 200 KB JSON
// parameter); the engine sends a few statements per wave of objects, so that difference was a
// visible share of a cycle. Everything else keeps using Prisma.
// Types: int8 comes back as a string (callers convert), jsonb as parsed JSON; timestamps are
// passed as ISO strings cast to ::timestamp (UTC, as Prisma stores them).
import { dbPool } from "./index";

export async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  try {
    return (await dbPool().query(text, values)).rows as T[];
  } catch (err) {
    // Errors from the server carry a SQLSTATE (or a socket errno); the pool's own ("Connection
    // terminated unexpectedly", "timeout exceeded when trying to connect") carry none: they mean
    // the database is unreachable, and say so as SQLSTATE 08006 (lib/sync/errors.ts isDatabaseUnavailable).
    if (err instanceof Error && typeof (err as { code?: unknown }).code !== "string") throw Object.assign(new Error(err.message, { cause: err }), { code: "08006" });
    throw err;
  }
}
