// GET /api/v1/audit-logs – who changed what, newest first
import { handle, methods } from "@/lib/api/route";
import { auditLogsRoute } from "@/lib/api/specs-core";
import { listAudit } from "@/lib/logs/audit";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(auditLogsRoute, async ({ query }) =>
    listAudit({
      limit: query.limit, cursor: query.cursor ? BigInt(query.cursor) : null, action: query.action, targetType: query.targetType,
      targetId: query.targetId, target: query.target, actor: query.actor, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined,
    }),
  ),
});
