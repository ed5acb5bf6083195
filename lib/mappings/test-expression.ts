// POST /apps/{appId}/provisioning/expressions/test: evaluate an expression against
// one directory user, as the engine would (same toSourceObject, same evaluator).
import { getTemplate } from "../connectors";
import { getAppOrThrow } from "../apps/apps";
import { appRoleAssignmentsFor } from "../apps/assignments";
import { getUserOrThrow } from "../directory/users";
import { AppError, localized } from "../errors";
import { evaluateExpression, isIgnoreFlow, toScimValue, toSourceObject, validateExpression, type AppRoleAssignment, type ExpressionError, type ScimValue } from "../mapping";
import { knownSourceAttributes } from "./source-attributes";

export type ExpressionTestResult = {
  value: ScimValue;
  /** IgnoreFlowIfNullOrEmpty fired: the engine would leave the attribute out. */
  ignored: boolean;
  /** Redact() was used: provisioning logs show "[Redact]" instead of the value. */
  redacted: boolean;
};

/** The user's app roles on this app, directly or through a group (what [appRoleAssignments] reads). */
async function appRoleAssignments(appId: string, templateId: string, userId: string): Promise<AppRoleAssignment[]> {
  const roles = getTemplate(templateId)?.roles ?? [];
  const ids = [...new Set((await appRoleAssignmentsFor(appId, userId)).map((r) => r.roleId))];
  return ids.map((id) => ({ roleId: id, displayName: roles.find((r) => r.id === id)?.displayName ?? id }));
}

function unprocessable(errors: ExpressionError[]): AppError {
  const first = errors[0]!;
  const err = new AppError("unprocessable", `${first.message} (at position ${first.position})`, errors.map((e) => ({ position: e.position, message: e.message })));
  // the catalogue text says where itself (errors.expression.<code>)
  return first.code ? localized(err, `expression.${first.code}`, first.values) : err;
}

export async function testExpression(appId: string, input: { expression: string; userId: string }): Promise<ExpressionTestResult> {
  const app = await getAppOrThrow(appId);

  const checked = validateExpression(input.expression, { knownAttributes: await knownSourceAttributes("user") });
  if (!checked.ok) throw unprocessable(checked.errors.length ? checked.errors : [checked.error]);

  const user = await getUserOrThrow(input.userId);
  const roles = await appRoleAssignments(app.id, app.templateId, user.id);
  const source = toSourceObject(user, { appRoleAssignments: roles });
  const r = evaluateExpression(checked.ast, { source, objectId: user.id, appRoleAssignments: roles });
  if (!r.ok) throw unprocessable([r.error]);
  if (isIgnoreFlow(r.value)) return { value: null, ignored: true, redacted: r.redacted };
  return { value: toScimValue(r.value), ignored: false, redacted: r.redacted };
}
