// The engine's typed errors, and how an error is explained in a provisioning log.
// Errors are told apart by class and code, never by their message text.
import { english, lt, type Text } from "../logs/text";
import { MembershipNotExpressible, ScimError } from "../scim";
import type { ObjectKind } from "./types";

/** Credentials rejected: the whole cycle stops and the app is quarantined. */
export class CredentialsRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsRejected";
  }
}

/** Credentials rejected, wherever it surfaced: the engine's own error or a 401/403 from the SCIM client. */
export function isAuthRejection(err: unknown): err is Error {
  return err instanceof CredentialsRejected || (err instanceof ScimError && err.kind === "auth");
}

/** The attribute mappings could not be evaluated for an object. */
export class MappingFailed extends Error {
  constructor(readonly details: Text) {
    super(english(lt("mappingFailed", { details })));
    this.name = "MappingFailed";
  }
}

/** A target object is already linked to another source object (one target object, one source object). */
export class LinkTaken extends Error {
  constructor(readonly kind: ObjectKind, readonly targetId: string, readonly otherSourceId: string | null) {
    super(`The target ${kind} ${targetId} is already linked to another directory ${kind}${otherSourceId ? ` (${otherSourceId})` : ""}.`);
    this.name = "LinkTaken";
  }
}

/** GoToMeeting-style targets: a group whose membership cannot be written without risking members (thrown by the SCIM client). */
export { MembershipNotExpressible };

// SQLSTATE classes 08 (connection exception) and 57P0x (operator intervention: shutdown,
// terminated backends), too many connections; Prisma P1xxx (connection), Node socket errnos.
const SQLSTATE_DOWN = /^(08\d{3}|57P0[1-4]|53300)$/;
const PRISMA_DOWN = /^P1\d{3}$/;
const ERRNO_DOWN = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const PRISMA_INFRA = new Set(["PrismaClientInitializationError", "PrismaClientUnknownRequestError", "PrismaClientRustPanicError"]);

type ErrorLike = { name?: unknown; code?: unknown; errno?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };

/** Errors that mean Provisio's own database is unreachable (not a problem with the object). */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (err instanceof ScimError || err instanceof MappingFailed || err instanceof LinkTaken || err instanceof MembershipNotExpressible) return false;
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as ErrorLike;
  const name = typeof e.name === "string" ? e.name : "";
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_INFRA.has(name)) return true;
  // Known-request errors outside the P2xxx query family: P1xxx connection errors, or "N/A" from a driver adapter.
  if (name === "PrismaClientKnownRequestError" && !/^P2/.test(code)) return true;
  if (PRISMA_DOWN.test(code) || SQLSTATE_DOWN.test(code) || ERRNO_DOWN.has(code)) return true;
  if (typeof e.originalCode === "string" && SQLSTATE_DOWN.test(e.originalCode)) return true;
  // The pg pool reports a dropped connection with this class and no code.
  if (name === "DriverAdapterError" || (e.kind === "postgres" && typeof e.code === "string" && SQLSTATE_DOWN.test(e.code))) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause, depth + 1);
}

/** A failure explained: its code, and reason and recommendation as texts (a target's own message stays as written). */
export type Explained = { code: string; reason: Text; recommendation: Text };

const SCIM_RECOMMENDATION = {
  auth: "recAuth", transient: "recTransient", permanent: "recPermanent", not_found: "recNotFound", conflict: "recConflict",
} as const;

/** Plain-language reason and recommendation for a failure, for the provisioning log. */
export function explainError(err: unknown): Explained {
  if (err instanceof ScimError) {
    const code = err.status ? `${err.kind}:${err.status}` : `${err.kind}:${err.code}`;
    return { code, reason: err.message, recommendation: lt(SCIM_RECOMMENDATION[err.kind]) };
  }
  if (err instanceof MappingFailed) return { code: "mapping_error", reason: lt("mappingFailed", { details: err.details }), recommendation: lt("recMapping") };
  if (err instanceof MembershipNotExpressible) return { code: "membership_limit", reason: lt("membershipTooLarge", { group: err.group, members: err.members, max: err.limit }), recommendation: lt("recMembership") };
  if (err instanceof CredentialsRejected) return { code: "auth", reason: err.message, recommendation: lt("recCredentials") };
  return { code: "internal", reason: err instanceof Error ? err.message : String(err), recommendation: lt("recInternal") };
}
