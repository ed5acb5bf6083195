// The cycle's resume point, stored as JSON in sync_cycle.checkpoint and parsed on every
// slice: a row written by an older version (or by hand) fails loudly here instead of
// steering the phase machine with a half-shaped object.
import { z } from "zod";
import type { Prisma } from "../db";
import { emptyCounts, type CycleCounts } from "./types";

const ids = z.array(z.string());
const after = z.string().nullable();

// Deferred managers and pending groups are rows (deferred.ts); a checkpoint only says where its
// phase got to. Unknown keys are dropped, so a checkpoint written before that (ids inline) still
// parses: legacyDeferred() hands its ids over to the rows.
export const checkpointSchema = z.discriminatedUnion("phase", [
  z.object({ phase: z.literal("plan") }),
  z.object({ phase: z.literal("list"), kind: z.enum(["user", "group"]), startIndex: z.number().int().min(1) }),
  z.object({ phase: z.literal("users"), after }),
  z.object({ phase: z.literal("managers"), after: after.default(null) }),
  z.object({ phase: z.literal("user_orphans"), after }),
  z.object({ phase: z.literal("groups"), after }),
  z.object({ phase: z.literal("group_orphans"), after }),
  z.object({ phase: z.literal("changes"), afterSeq: z.string().regex(/^\d+$/) }),
  z.object({ phase: z.literal("pending_groups"), after: after.default(null) }),
  z.object({ phase: z.literal("conflicts"), after }),
  z.object({ phase: z.literal("escrow"), after }),
  z.object({ phase: z.literal("finalize") }),
]);

const legacySchema = z.object({ pendingManagers: ids.default([]), pendingGroups: ids.default([]) });

/** Ids a checkpoint of an older version held inline (still to be written), for deferred.ts. */
export function legacyDeferred(raw: unknown): { managers: string[]; groups: string[] } {
  const r = legacySchema.safeParse(raw ?? {});
  return r.success ? { managers: r.data.pendingManagers, groups: r.data.pendingGroups } : { managers: [], groups: [] };
}

export type Checkpoint = z.infer<typeof checkpointSchema>;
export type Phase = Checkpoint["phase"];

export class CorruptCheckpoint extends Error {
  constructor(cycleId: string, detail: string) {
    super(`The checkpoint of sync cycle ${cycleId} cannot be read (${detail}).`);
    this.name = "CorruptCheckpoint";
  }
}

export function parseCheckpoint(cycleId: string, raw: unknown): Checkpoint {
  const r = checkpointSchema.safeParse(raw);
  if (!r.success) throw new CorruptCheckpoint(cycleId, r.error.issues.map((i) => `${i.path.join(".") || "checkpoint"}: ${i.message}`).join("; "));
  return r.data;
}

const kindCounts = z.object({
  created: z.number().int().default(0), updated: z.number().int().default(0), disabled: z.number().int().default(0),
  deleted: z.number().int().default(0), skipped: z.number().int().default(0), failed: z.number().int().default(0),
  conflict: z.number().int().default(0),
});
const countsSchema = z.object({ users: kindCounts.default(emptyCounts().users), groups: kindCounts.default(emptyCounts().groups) });

/** Counts stored on a cycle; fields added later read as 0 on older rows. */
export function parseCounts(raw: unknown): CycleCounts {
  const r = countsSchema.safeParse(raw ?? {});
  return r.success ? r.data : emptyCounts();
}

export const asJson = (v: Checkpoint | CycleCounts | Record<string, unknown>) => v as Prisma.InputJsonValue;
