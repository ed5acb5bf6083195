// Compatibility profiles: every target quirk is a field here, set by a connector
// template and overridable per app, so the client has no per-vendor ifs.

export type CompatibilityProfile = {
  /** "1.1" = GoTo-style dialect (no schemas, partial-object PATCH, member `operation: "delete"`) */
  scimVersion: "2.0" | "1.1";
  /** "add" vs "Add" in PATCH ops; RFC says case-insensitive but some targets are not */
  patchOpCasing: "lower" | "pascal";
  /** "operations" = RFC 7644 PatchOp; "partial-object" = PATCH body is a partial resource (SCIM 1.1) */
  patchStyle: "operations" | "partial-object";
  /** send active as "True"/"False" strings (Entra's old non-compliant behaviour some targets expect) */
  activeAsString: boolean;
  /** target has no `active` attribute: it is dropped from bodies */
  supportsActive: boolean;
  /** how "disable" is done: PATCH active=false, or DELETE (remove from organisation) */
  disableAction: "patch-active" | "delete";
  /** group member values per request */
  maxMembersPerPatch: number;
  /** member removal: `{op:remove,path:members,value:[…]}` or one `members[value eq "x"]` path per member */
  /** RFC 7644 members[value eq "…"] (default); "value-array" is the Entra-style {path:"members",value:[…]} some targets need */
  memberRemoveStyle: "value-array" | "path-filter";
  /** members carry `type: "user"` (GoTo requires it) */
  memberType: boolean;
  /**
   * How membership changes are written. "diff": add/remove operations (chunked). "full-list":
   * for targets whose PATCH semantics for `members` are unknown (replace or add?), only requests
   * that mean the same under both readings — a PATCH listing every member the group keeps
   * (a superset of what it holds) for additions, a PUT of the full list for removals — so the
   * group's whole membership must fit in one request (maxMembersPerPatch).
   */
  memberUpdate: "diff" | "full-list";
  /** use PUT with the full resource instead of PATCH */
  usePut: boolean;
  filter: {
    supported: boolean;
    /** lower-case operators the target accepts, e.g. ["eq","sw"] */
    operators: string[];
    /** attributes the target can filter on; empty = any */
    attributes: string[];
  };
  /** "Resources" (RFC 7644) or "resources" (SCIM 1.1 / GoTo) */
  listResourcesKey: string;
  serviceProviderConfigPath: string;
  /** include `schemas` in request bodies */
  sendSchemas: boolean;
  /** use /Bulk when ServiceProviderConfig advertises it */
  useBulk: "auto" | "never";
  /** target accepts startIndex/count (GoTo's published API declares neither: one request returns all) */
  paging: boolean;
  /**
   * The target takes ?excludedAttributes=members on group requests (RFC 7644 §3.4.2.5, §3.9):
   * listings, reads for matching and the answers to group writes then leave the members out
   * (the engine keeps members in its own records, never from the target's answers). False where
   * the target's API declares no such parameter (GoTo), or an app needs it off.
   */
  groupsWithoutMembers: boolean;
  /** page size asked for when listing (capped by discovered maxResults) */
  pageSize: number;
  /** steady request rate; null = no limit until the target answers 429 */
  ratePerSecond: number | null;
  /**
   * The most requests in flight to the target; the limiter (AIMD, aimd.ts) finds how many the
   * target takes below this, starting at 8. A cap, not a setting to tune per target.
   */
  maxConcurrency: number;
  requestTimeoutMs: number;
  contentType: "application/scim+json" | "application/json";
  /** ids are numeric keys (GoTo): refuse non-numeric ids before sending */
  numericIds: boolean;
  groupsSupported: boolean;
  /**
   * What the target answers for a group id it does not hold. 401 (GoTo: "not sufficiently
   * authorized or group does not exist"): a 401 on a group-by-id request is then checked with one
   * request that needs no group; if the credentials pass, the group is treated as gone (404).
   */
  missingGroupStatus: 404 | 401;
  /** attributes the target accepts in bodies; empty = any */
  allowedUserAttributes: string[];
};

export const DEFAULT_PROFILE: CompatibilityProfile = {
  scimVersion: "2.0",
  patchOpCasing: "lower",
  patchStyle: "operations",
  activeAsString: false,
  supportsActive: true,
  disableAction: "patch-active",
  maxMembersPerPatch: 1000,
  memberRemoveStyle: "path-filter",
  memberType: false,
  memberUpdate: "diff",
  usePut: false,
  filter: { supported: true, operators: ["eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le", "and", "or"], attributes: [] },
  listResourcesKey: "Resources",
  serviceProviderConfigPath: "/ServiceProviderConfig",
  sendSchemas: true,
  useBulk: "auto",
  paging: true,
  groupsWithoutMembers: true,
  pageSize: 100,
  ratePerSecond: null,
  // 64: a target 100 ms away needs 20 in flight for 200 req/s, one 250 ms away 50; the limiter
  // starts at 8 and grows only while the target answers without 429s and without its latency
  // climbing, and cuts on the first 429, so the cap only bounds sockets and the worst burst
  // (it was 8 before AIMD: ≈ 80 req/s at 100 ms). Templates of targets that publish a lower
  // limit set their own (Slack 2, Zoom 1, GoTo 4).
  maxConcurrency: 64,
  requestTimeoutMs: 30_000,
  contentType: "application/scim+json",
  numericIds: false,
  groupsSupported: true,
  missingGroupStatus: 404,
  allowedUserAttributes: [],
};

export type ProfileOverrides = Partial<Omit<CompatibilityProfile, "filter">> & {
  filter?: Partial<CompatibilityProfile["filter"]>;
};

/** Later layers win: defaults ← template ← app overrides. */
export function resolveProfile(...layers: Array<ProfileOverrides | undefined>): CompatibilityProfile {
  let out: CompatibilityProfile = { ...DEFAULT_PROFILE, filter: { ...DEFAULT_PROFILE.filter } };
  for (const l of layers) {
    if (!l) continue;
    const { filter, ...rest } = l;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    out = { ...out, ...defined, filter: { ...out.filter, ...(filter ?? {}) } };
  }
  return out;
}

export const SCHEMAS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  bulkRequest: "urn:ietf:params:scim:api:messages:2.0:BulkRequest",
  bulkResponse: "urn:ietf:params:scim:api:messages:2.0:BulkResponse",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  spc: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
} as const;
