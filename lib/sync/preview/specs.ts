// Route specs of previews (issue 16): start, read, items (filtered, keyset-paged, CSV/JSON), apply.
import { z } from "zod";
import { defineRoute } from "../../api/route";
import { PLAN_ACTIONS } from "./plan";
import { FINDING_CODES } from "./schema-checks";

const tags = ["Provisioning"];
const params = z.object({ appId: z.string().min(1).max(100) });
const previewParams = params.extend({ previewId: z.string().min(1).max(100) });
const counts = z.object(Object.fromEntries(PLAN_ACTIONS.map((a) => [a, z.number()])) as Record<(typeof PLAN_ACTIONS)[number], z.ZodNumber>);
const finding = z.object({ code: z.enum(FINDING_CODES), attribute: z.string(), mapping: z.string().nullable(), message: z.string() });

export const previewView = z.object({
  id: z.string(), appId: z.string(), status: z.enum(["queued", "running", "completed", "failed"]), requestedBy: z.string(), changesOnly: z.boolean(),
  processed: z.number(), total: z.number(), counts, findings: z.record(z.string(), z.number()),
  inputs: z.object({ mappingHash: z.string(), watermark: z.string(), targetReadAt: z.string().nullable(), schemaSource: z.string().nullable() }),
  error: z.string().nullable(), createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
  appliedAt: z.string().nullable(), appliedBy: z.string().nullable(),
});

export const previewItemView = z.object({
  id: z.string(), objectType: z.enum(["user", "group"]), sourceId: z.string(), identity: z.string().nullable(), action: z.enum(PLAN_ACTIONS),
  reason: z.string().nullable(), targetId: z.string().nullable(),
  changes: z.array(z.object({ name: z.string(), oldValue: z.unknown().optional(), newValue: z.unknown().optional() })), findings: z.array(finding),
});

export const createPreviewRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/previews", role: "app_admin", tags, params, status: 202,
  summary: "Preview a full cycle: what provisioning would do for every in-scope or linked object, without writing (runs in the background)",
  body: z.strictObject({
    /** list only the objects the cycle would act on (skips are counted, not listed): the effect of a mapping or scoping change */
    changesOnly: z.boolean().optional(),
  }).optional(), response: z.object({ id: z.string(), status: z.string() }),
});

export const listPreviewsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/previews", summary: "The app's latest previews, newest first", role: "app_admin", tags, params,
  response: z.object({ items: z.array(previewView) }),
});

export const getPreviewRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/previews/{previewId}", summary: "A preview: status, progress, counts by action, findings, inputs", role: "app_admin", tags,
  params: previewParams, response: previewView,
});

export const previewItemsQuery = z.object({
  action: z.enum(PLAN_ACTIONS, { error: `action must be one of ${PLAN_ACTIONS.join(", ")}` }).optional(),
  finding: z.enum([...FINDING_CODES, "any"], { error: `finding must be one of ${FINDING_CODES.join(", ")} or any` }).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(["csv", "json"], { error: "format must be csv or json" }).optional(),
});

export const previewItemsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/previews/{previewId}/items", role: "app_admin", tags, params: previewParams,
  summary: "The plan's items (filter by action, finding, search), keyset-paged; with format=csv|json the whole filtered plan is downloaded",
  query: previewItemsQuery, produces: ["text/csv"], response: z.object({ items: z.array(previewItemView), nextCursor: z.string().nullable() }),
});

export const applyPreviewRoute = defineRoute({
  method: "POST", path: "/api/v1/apps/{appId}/provisioning/previews/{previewId}/apply", role: "app_admin", tags, params: previewParams,
  summary: "Apply this plan: run it as the next full cycle, if the mappings and the directory have not changed since (else 409 with what changed)",
  body: z.strictObject({}).optional(), response: z.object({ applied: z.literal(true), turnedOn: z.boolean() }),
});
