// POST /api/v1/apps/{appId}/provisioning/expressions/test – evaluate an expression against a directory user
import { handle, methods } from "@/lib/api/route";
import { testExpressionRoute } from "@/lib/mappings/specs";
import { testExpression } from "@/lib/mappings/test-expression";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(testExpressionRoute, async ({ params, body }) => testExpression(params.appId, body)),
});
