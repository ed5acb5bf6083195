// startIndex/count (RFC 7644 §3.4.2.4): 1-based; values below 1 mean 1, negative counts 0; count capped.
import { invalidValue } from "./errors";
import { DEFAULT_COUNT, LIST_SCHEMA, MAX_RESULTS } from "./schemas";

/** Beyond this an offset is meaningless (and would overflow the query's 32-bit skip). */
const MAX_START = 1_000_000_000;

export type Page = { startIndex: number; count: number };

function int(v: string | null, name: string): number | null {
  if (v === null || v.trim() === "") return null;
  if (!/^-?\d+$/.test(v.trim())) throw invalidValue(`${name} must be an integer.`);
  return Number(v);
}

export function readPage(q: URLSearchParams): Page {
  const startIndex = Math.min(MAX_START, Math.max(1, int(q.get("startIndex"), "startIndex") ?? 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, int(q.get("count"), "count") ?? DEFAULT_COUNT));
  return { startIndex, count };
}

export function listResponse(resources: unknown[], totalResults: number, page: Page) {
  return { schemas: [LIST_SCHEMA], totalResults, startIndex: page.startIndex, itemsPerPage: resources.length, Resources: resources };
}
