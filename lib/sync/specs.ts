// Route specs of the sync engine's endpoints (status, cycles, commands, provision on demand).
import { z } from "zod";
import { defineRoute, listQuery } from "../api/route";

const params = z.object({ appId: z.string().min(1).max(100) });
const tags = ["Provisioning"];
const kindCounts = z.object({ created: z.number(), updated: z.number(), disabled: z.number(), deleted: z.number(), skipped: z.number(), failed: z.number(), conflict: z.number() });
const cycle = z.object({
  id: z.string(), type: z.enum(["initial", "incremental", "on_demand"]), status: z.string(), phase: z.string().nullable(),
  startedAt: z.string(), finishedAt: z.string().nullable(), durationMs: z.number().nullable(), processed: z.number(), total: z.number(),
  counts: z.object({ users: kindCounts, groups: kindCounts }), outcome: z.string().nullable(), error: z.string().nullable(),
});

export const statusRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/status", summary: "Provisioning state, current and last cycle, next run", role: "reader", tags, params,
  response: z.object({
    state: z.enum(["off", "idle", "queued", "starting", "running", "quarantined", "paused"]).describe("queued: a cycle waits for a worker; starting: a worker took it and has not opened the cycle yet"), reason: z.string().nullable(), reasonCode: z.string().nullable(),
    currentCycle: cycle.nullable(), lastCycle: cycle.nullable(), nextRunAt: z.string().nullable(), steadyState: z.boolean(),
    escrowed: z.number(), pendingDeletions: z.number(), quarantinedAt: z.string().nullable(), watermark: z.string(),
    conflicts: z.number().describe("objects not provisioned because their match in the target is linked to another source object"),
    reconcile: z.object({
      strategy: z.enum(["lookup", "list"]).nullable().describe("how the last full cycle found the target's objects"),
      reason: z.string().nullable().describe("why that strategy (users' plan, else groups'), in the language of Accept-Language"),
      lastAt: z.string().nullable(), nextAt: z.string().nullable(),
    }),
  }),
});

export const cyclesRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/cycles", summary: "History of sync cycles, newest first", role: "reader", tags, params,
  query: listQuery, response: z.object({ items: z.array(cycle), nextCursor: z.string().nullable() }),
});

const command = (name: string, summary: string) =>
  defineRoute({ method: "POST", path: `/api/v1/apps/{appId}/provisioning/${name}`, summary, role: "app_admin", tags, params, body: z.strictObject({}).optional() });

export const startRoute = command("start", "Start provisioning: Status On and queue a cycle now");
export const stopRoute = command("stop", "Stop provisioning: Status Off; a running cycle stops at the next page");
export const restartRoute = command("restart", "Restart: clear state and escrows; the next cycle is initial");
export const allowDeletionsRoute = command("allow-deletions", "Release the disables/deletes held by the accidental deletion threshold");

/** Entra provisions a group on demand with at most five of its members; so do we (the API's stated limit). */
export const ON_DEMAND_MEMBER_LIMIT = 5;

const onDemandBody = z
  .strictObject({
    userId: z.string().min(1, "userId must not be empty").max(100).optional(),
    groupId: z.string().min(1, "groupId must not be empty").max(100).optional(),
    memberIds: z.array(z.string().min(1).max(100), { error: "memberIds must be a list of user ids" }).max(ON_DEMAND_MEMBER_LIMIT, `memberIds: choose at most ${ON_DEMAND_MEMBER_LIMIT} members`).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.userId === !b.groupId) ctx.addIssue({ code: "custom", path: b.userId ? ["groupId"] : ["userId"], message: "Give either userId (one user) or groupId (a group and up to five of its members), not both" });
    if (b.memberIds && !b.groupId) ctx.addIssue({ code: "custom", path: ["memberIds"], message: "memberIds goes with groupId" });
  });

export const provisionOnDemandRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/provision-on-demand",
  summary: `Provision one user, or one group with up to ${ON_DEMAND_MEMBER_LIMIT} of its members (memberIds, else its first ones), now, and return the steps`,
  role: "app_admin", tags, params,
  body: onDemandBody,
  response: z.object({
    objectType: z.enum(["user", "group"]),
    status: z.enum(["success", "failure", "skipped"]), action: z.string(),
    steps: z.array(z.object({ name: z.string(), status: z.string(), details: z.string().optional(), at: z.string().optional() })),
    modifiedProperties: z.array(z.object({ name: z.string(), oldValue: z.unknown().optional(), newValue: z.unknown().optional() })),
    targetId: z.string().nullable(), cycleId: z.string(), reason: z.string().nullable(), recommendation: z.string().nullable(),
    members: z.array(z.object({ userId: z.string(), userPrincipalName: z.string().nullable(), status: z.enum(["success", "failure", "skipped"]), action: z.string(), targetId: z.string().nullable(), reason: z.string().nullable() })).optional(),
    membersInGroup: z.number().optional(), memberLimit: z.number().optional(),
  }),
});
