// The cycle's resume point, stored as JSON in sync_cycle.checkpoint and parsed on every
// slice: a row written by an older version (or by hand) fails loudly here instead of
// steering the phase machine with a half-shaped object.
import { z } from "zod";
import type { Prisma } from "../db";
import { emptyCounts, type CycleCounts } from "./types";

const ids = z.array(z.string());

export const checkpointSchema = z.discriminatedUnion("phase", [
  z.object({ phase: z.literal("plan") }),
  z.object({ phase: z.literal("list"), kind: z.enum(["user", "group"]), startIndex: z.number().int().min(1) }),
  z.object({ phase: z.literal("users"), after: z.string().nullable(), pendingManagers: ids.default([]) }),
  z.object({ phase: z.literal("managers"), pendingManagers: ids, pendingGroups: ids.default([]) }),
  z.object({ phase: z.literal("user_orphans"), after: z.string().nullable() }),
  z.object({ phase: z.literal("groups"), after: z.string().nullable() }),
  z.object({ phase: z.literal("group_orphans"), after: z.string().nullable() }),
  z.object({ phase: z.literal("changes"), afterSeq: z.string().regex(/^\d+$/), pendingGroups: ids, pendingManagers: ids.default([]) }),
  z.object({ phase: z.literal("pending_groups"), pendingGroups: ids, pendingManagers: ids.default([]) }),
  z.object({ phase: z.literal("conflicts"), after: z.string().nullable() }),
  z.object({ phase: z.literal("escrow"), after: z.string().nullable() }),
  z.object({ phase: z.literal("finalize") }),
]);

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
