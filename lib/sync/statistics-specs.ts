// Route spec of GET …/provisioning/statistics (added by the Provisioning Overview, issue 17).
import { z } from "zod";
import { defineRoute } from "../api/route";

const byAction = z.object({ created: z.number(), updated: z.number(), disabled: z.number(), deleted: z.number(), skipped: z.number(), failed: z.number(), conflict: z.number() });
const kind = z.object({
  provisioned: z.number().describe("objects linked and active in the app now"),
  disabledInApp: z.number().describe("objects linked and disabled in the app now"),
  byAction: byAction.describe("what every cycle and on-demand run so far did"),
});

export const statisticsRoute = defineRoute({
  method: "GET", path: "/api/v1/apps/{appId}/provisioning/statistics", summary: "Statistics to date: objects in the app now and actions of every cycle so far", role: "reader", tags: ["Provisioning"],
  params: z.object({ appId: z.string().min(1).max(100) }),
  response: z.object({ cycles: z.number(), onDemandRuns: z.number(), since: z.string().nullable(), users: kind, groups: kind }),
});
