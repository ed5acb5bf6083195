// Keyset paging cursors: opaque base64url JSON arrays of the last row's sort keys. Used by the
// data modules (directory, apps, logs…) as well as the REST layer, so this file imports nothing
// of Next.js: the worker process loads those data modules (see worker-graph.test.ts).
import { AppError } from "../errors";

export function page<T>(items: T[], limit: number, cursorOf: (last: T) => string): { items: T[]; nextCursor: string | null } {
  const hasMore = items.length > limit;
  const slice = hasMore ? items.slice(0, limit) : items;
  return { items: slice, nextCursor: hasMore && slice.length ? cursorOf(slice[slice.length - 1]!) : null };
}

export const encodeCursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
export function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new AppError("validation_failed", "cursor is not valid; use the nextCursor of a previous page.");
}
