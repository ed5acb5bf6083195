/**
 * lib/mapping — Entra-compatible attribute mapping, pure (no Prisma, Next.js, fs or network).
 *
 * Expressions
 *   parseExpression(src) → { ok: true, ast } | { ok: false, error: { message, position } }   (0-based positions, 10,000-char limit)
 *   printExpression(ast) → string                      parse(print(ast)) gives the same tree
 *   validateExpression(src, { knownAttributes? }) → { ok: true, ast } | { ok: false, error, errors }
 *   evaluateExpression(src | ast, ctx?) → { ok: true, value, redacted } | { ok: false, error }
 *       value === IGNORE_FLOW (isIgnoreFlow) when IgnoreFlowIfNullOrEmpty fired: omit the attribute.
 *   selectUniqueValueCandidates(src | ast, ctx?) → string[] | null   (for async uniqueness checks)
 *   FUNCTIONS: { name, signature, description, example, minArgs, maxArgs }[]   (editor reference panel)
 *   MAX_EXPRESSION_LENGTH, ENGINE_ATTRIBUTES, toScimValue, readAttribute
 *
 * Scoping filters
 *   evaluateScopingFilters(filters, source, ctx?) → { inScope, filters: [{ clauses: [{ attribute, operator, value, actual, result, note? }], result }] }
 *   validateScopingFilters(filters, { knownAttributes? }) → [{ path, message }]
 *   SCOPING_OPERATORS: { name, needsValue, description }[];  normalizeScopingOperator(op)
 *
 * Mapping sets
 *   applyMappings(doc, source, { isCreate, ctx?, targetAttributes? }) → { attributes, matching, ignored, errors, redacted }
 *
 * Schemas (zod 4, strict) and document checks
 *   mappingDocumentSchema, mappingDocumentBodySchema, attributeMappingSchema, scopingFiltersSchema,
 *   scopingClauseSchema, targetAttributeSchema, mappingActionsSchema, expressionTestSchema, LIMITS
 *   validateMappingDocument(doc, { knownSourceAttributes? }) → [{ path, message, position? }]
 *
 * Source catalogue
 *   USER_SOURCE_ATTRIBUTES, GROUP_SOURCE_ATTRIBUTES, sourceAttributesFor(kind)
 *   toSourceObject(user, { isSoftDeleted?, appRoleAssignments? }), toGroupSourceObject(group)
 */
export * from "./types";
export {
  parseExpression,
  printExpression,
  stripPositions,
  walkExpression,
  MAX_EXPRESSION_LENGTH,
  type ExprNode,
  type ExpressionError,
  type ParseResult,
} from "./parser";
export {
  evaluateExpression,
  validateExpression,
  selectUniqueValueCandidates,
  readAttribute,
  ENGINE_ATTRIBUTES,
  DEFAULT_MAX_STEPS,
  type EvalContext,
  type EvaluateResult,
  type ValidateOptions,
  type ValidateResult,
} from "./evaluate";
export { FUNCTIONS, type FunctionReference } from "./functions";
export {
  IGNORE_FLOW,
  isIgnoreFlow,
  toScimValue,
  type IgnoreFlow,
  type ExprValue,
  type SourceObject,
  type SourceValue,
  type AppRoleAssignment,
} from "./values";
export {
  evaluateScopingFilters,
  validateScopingFilters,
  normalizeScopingOperator,
  SCOPING_OPERATORS,
  type ScopingOperator,
  type ScopingEvaluation,
  type FilterResult,
  type ClauseResult,
  type ScopingIssue,
} from "./scoping";
export { applyMappings, type ApplyOptions, type ApplyResult, type MatchingValue } from "./apply";
export * from "./schema";
export * from "./source";
