// writeObject(): the one path every sync takes for one object — import from the
// directory → determine scope → match in the target → act — shared by initial and
// incremental cycles, real-time pushes and provision on demand. It never creates a
// duplicate: it matches before it creates, adopts on 409, and re-matches on 404.
import { createHash } from "node:crypto";
import { getGroupsByIds, iterateMemberIds } from "../directory/groups";
import { getUsersByIds } from "../directory/users";
import type { UserView, GroupView } from "../directory/schemas";
import { db } from "../db";
import type { LogStep, ModifiedProperty, ProvisioningLogInput } from "../logs/provisioning-log";
import { applyMappings, evaluateScopingFilters, toGroupSourceObject, toSourceObject, type FlatAttributes, type MappingDocument, type ScimValue } from "../mapping";
import { flattenScimResource, ScimError, type ResourceType, type ScimResource } from "../scim";
import { exchangeStore, type ExchangeLine } from "./context";
import { groupAssignments, userAssignments, type UserAssignment } from "./scope";
import { CredentialsRejected, type AppContext, type ObjectKind, type Outcome, type WriteResult } from "./types";

type Link = { targetId: string; exported: FlatAttributes; state: string };

export type Preloaded = {
  /** links of the page's objects (and of their managers); absent key = not linked */
  links?: Map<string, Link | null>;
  users?: Map<string, UserView>;
  groups?: Map<string, GroupView>;
  assignments?: Map<string, UserAssignment>;
  assignedGroups?: Set<string>;
};

export type WriteOptions = { onDemand?: boolean; preloaded?: Preloaded };

const hashOf = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 32);
const RESOURCE: Record<ObjectKind, ResourceType> = { user: "Users", group: "Groups" };
const isManagerPath = (p: string) => /(^|:)manager(\.value)?$/i.test(p);

async function getLink(appId: string, kind: ObjectKind, sourceId: string): Promise<Link | null> {
  const l = await db.syncLink.findUnique({ where: { appId_objectType_sourceId: { appId, objectType: kind, sourceId } } });
  return l ? { targetId: l.targetId, exported: (l.exported ?? {}) as FlatAttributes, state: l.state } : null;
}

async function saveLink(appId: string, kind: ObjectKind, sourceId: string, targetId: string, exported: FlatAttributes, state: string) {
  // One round trip (Prisma's upsert may take two); this runs once per written object.
  await db.$executeRaw`
    INSERT INTO sync_link ("appId", "objectType", "sourceId", "targetId", exported, hash, state, "updatedAt")
    VALUES (${appId}, ${kind}, ${sourceId}, ${targetId}, ${JSON.stringify(exported)}::jsonb, ${hashOf(exported)}, ${state}, now())
    ON CONFLICT ("appId", "objectType", "sourceId") DO UPDATE
      SET "targetId" = EXCLUDED."targetId", exported = EXCLUDED.exported, hash = EXCLUDED.hash, state = EXCLUDED.state, "updatedAt" = now()`;
}

/** Links of many objects in one query (a page of users and their managers). */
export async function loadLinks(appId: string, kind: ObjectKind, sourceIds: string[]): Promise<Map<string, Link | null>> {
  // Every requested id gets an entry: null = known not to be linked (no second lookup).
  const out = new Map<string, Link | null>(sourceIds.map((id) => [id, null]));
  if (!sourceIds.length) return out;
  const rows = await db.syncLink.findMany({ where: { appId, objectType: kind, sourceId: { in: sourceIds } } });
  for (const l of rows) out.set(l.sourceId, { targetId: l.targetId, exported: (l.exported ?? {}) as FlatAttributes, state: l.state });
  return out;
}

async function dropLink(appId: string, kind: ObjectKind, sourceId: string) {
  await db.syncLink.deleteMany({ where: { appId, objectType: kind, sourceId } });
  if (kind === "group") await db.syncMemberLink.deleteMany({ where: { appId, groupId: sourceId } });
  else await db.syncMemberLink.deleteMany({ where: { appId, userId: sourceId } });
}

const DB_DOWN = /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|connection is closed|Can't reach database|terminating connection|server closed the connection|timeout exceeded when trying to connect|P1001|P1017|57P01|08006|08001|08003/i;

/** Errors that mean Provisio's own database is unreachable (not a problem with the object). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof ScimError) return false;
  const e = err as { name?: string; code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  // Prisma: initialization/unknown errors are infrastructure; known-request errors outside the
  // P2xxx query family (P1xxx connection errors, or "N/A" from a driver adapter) are too.
  if (e.name === "PrismaClientInitializationError" || e.name === "PrismaClientUnknownRequestError" || e.name === "PrismaClientRustPanicError") return true;
  if (e.name === "PrismaClientKnownRequestError" && !/^P2/.test(String(e.code ?? ""))) return true;
  const text = `${String(e.code ?? "")} ${String(e.message ?? "")}`;
  return DB_DOWN.test(text) || (e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause));
}

/** Plain-language reason and recommendation for a failure, for the provisioning log. */
export function explainError(err: unknown): { code: string; reason: string; recommendation: string } {
  if (err instanceof ScimError) {
    const code = err.status ? `${err.kind}:${err.status}` : `${err.kind}:${err.code}`;
    const recommendation = {
      auth: "The target rejected Provisio's credentials. Check the admin credentials on the Provisioning page and run Test Connection.",
      transient: "The target app was unavailable, slow or throttling requests. Provisio retries this object automatically with growing delays; no action is needed unless it keeps failing.",
      permanent: "The target rejected the values that were sent. Check the attribute mappings for this object (formats, required attributes) and the target's documentation.",
      not_found: "The object no longer exists in the target. Provisio will match it again and recreate it if needed.",
      conflict: "An object with the same unique value already exists in the target and could not be matched. Check the matching attributes of the mapping.",
    }[err.kind];
    return { code, reason: err.message, recommendation };
  }
  if (err instanceof Error && (err as { mapping?: boolean }).mapping) {
    return { code: "mapping_error", reason: err.message, recommendation: "Fix the attribute mapping (expression or source attribute) on the app's Mappings page, then use Provision on demand to check the result." };
  }
  if (err instanceof CredentialsRejected) return { code: "auth", reason: err.message, recommendation: "Check the admin credentials on the Provisioning page and run Test Connection." };
  return { code: "internal", reason: err instanceof Error ? err.message : String(err), recommendation: "An unexpected error occurred; Provisio will retry. If it persists, check the server log." };
}

class Trace {
  steps: LogStep[] = [];
  step(name: string, status: LogStep["status"], details: string) {
    this.steps.push({ name, status, details, at: new Date().toISOString() });
  }
}

function diffProps(before: FlatAttributes, after: FlatAttributes, keys: string[]): ModifiedProperty[] {
  return keys
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ name: k, oldValue: before[k] ?? null, newValue: after[k] ?? null }));
}

function withoutNulls(a: FlatAttributes): FlatAttributes {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

type Act = { outcome: Outcome; action: ProvisioningLogInput["action"]; status: ProvisioningLogInput["status"]; reason?: string; targetId?: string | null; props?: ModifiedProperty[]; becameActive?: boolean; staged?: boolean };

/** Write one user or group. Failures are returned (outcome "failed"), except rejected credentials, which throw. */
export async function writeObject(ctx: AppContext, kind: ObjectKind, sourceId: string, opts: WriteOptions = {}): Promise<WriteResult> {
  const started = Date.now();
  const trace = new Trace();
  const exchange: ExchangeLine[] = [];
  let identity: string | null = null;
  let act: Act;
  let error: { code: string; reason: string; recommendation: string } | null = null;
  try {
    act = await exchangeStore.run(exchange, async () => {
      if (kind === "user") {
        const r = await writeUser(ctx, sourceId, trace, opts);
        identity = r.identity;
        return r.act;
      }
      const r = await writeGroup(ctx, sourceId, trace, opts);
      identity = r.identity;
      return r.act;
    });
  } catch (err) {
    if (err instanceof ScimError && err.kind === "auth") throw new CredentialsRejected(err.message);
    // Our own database going away is not this object's failure: abort the slice, which resumes
    // the page from its checkpoint once the database is back (re-running a page is safe: we match
    // before we create). Escrowing here would count an outage as failed objects.
    if (isDatabaseUnavailable(err)) throw err;
    error = explainError(err);
    trace.step("Perform action", "failure", error.reason);
    act = { outcome: "failed", action: "other", status: "failure" };
  }
  const log: ProvisioningLogInput = {
    appId: ctx.app.id, appName: ctx.app.displayName, cycleId: ctx.cycleId, objectType: kind, action: act.action, status: act.status,
    sourceId, sourceIdentity: identity, targetId: act.targetId ?? null, steps: trace.steps, modifiedProperties: act.props ?? [],
    errorCode: error?.code ?? null, reason: error?.reason ?? act.reason ?? null, recommendation: error?.recommendation ?? null,
    durationMs: Date.now() - started, exchange: exchange.length ? exchange : null,
  };
  return {
    kind, sourceId, outcome: act.outcome, action: act.action, status: act.status, steps: trace.steps, modifiedProperties: act.props ?? [],
    targetId: act.targetId ?? null, becameActive: act.becameActive, staged: act.staged, log,
  };
}

// ───────────────────────── users ─────────────────────────

async function writeUser(ctx: AppContext, userId: string, trace: Trace, opts: WriteOptions): Promise<{ identity: string | null; act: Act }> {
  const doc = ctx.users;
  const user = opts.preloaded?.users ? opts.preloaded.users.get(userId) ?? null : (await getUsersByIds([userId]))[0] ?? null;
  const link = opts.preloaded?.links ? opts.preloaded.links.get(userId) ?? null : await getLink(ctx.app.id, "user", userId);
  const identity = user?.userPrincipalName ?? null;

  if (!user) {
    trace.step("Import user", "success", "The user was deleted from the directory.");
    if (!link || link.state === "deleted") return { identity, act: skip(trace, "The user was deleted from the directory and was never provisioned.") };
    trace.step("Determine if user is in scope", "success", "Deleted users are out of scope.");
    const mode = doc.actions.delete ? "delete" : "disable";
    return { identity: (link.exported.userName as string) ?? identity, act: await deprovision(ctx, "user", userId, link, mode, trace, opts, "The user was deleted from the directory.") };
  }
  trace.step("Import user", "success", `Read ${user.userPrincipalName} (${user.accountEnabled ? "enabled" : "disabled"}) from the directory.`);

  if (!doc.enabled) {
    trace.step("Determine if user is in scope", "skipped", "Provisioning of users is turned off for this app (the users mapping is disabled).");
    return { identity, act: { outcome: "skipped", action: "skip", status: "skipped", reason: "The users mapping is disabled." } };
  }

  const assignment = opts.preloaded?.assignments?.get(userId) ?? (await userAssignments(ctx, [userId])).get(userId)!;
  const assigned = assignment.assigned;
  const source = toSourceObject(
    { ...user, extensionAttributes: user.extensionAttributes },
    { isSoftDeleted: !user.accountEnabled || !assigned, appRoleAssignments: assignment.roles },
  );
  const scoping = evaluateScopingFilters(doc.scopingFilters, source);
  const scopeDetails = [
    ctx.app.scope === "all" ? "Scope is \"Sync all users and groups\"." : assigned ? `Assigned to the app (${assignment.roles.map((r) => r.displayName).join(", ") || "role"}).` : "Not assigned to the app (directly or through a group).",
    ...scoping.filters.flatMap((f, i) => f.clauses.map((c) => `Filter ${i + 1}: ${c.attribute} ${c.operator}${c.value != null && c.value !== "" ? ` "${c.value}"` : ""} → ${c.result ? "true" : "false"} (value: ${JSON.stringify(c.actual ?? null)})`)),
    doc.scopingFilters.length ? (scoping.inScope ? "Scoping filters: passed." : "Scoping filters: not passed.") : "No scoping filters.",
    user.accountEnabled ? "" : "The user is disabled in the directory.",
  ].filter(Boolean).join(" ");
  const inScope = assigned && scoping.inScope;
  trace.step("Determine if user is in scope", inScope && user.accountEnabled ? "success" : "skipped", `${inScope ? "In scope." : "Out of scope."} ${scopeDetails}`);

  if (!inScope || !user.accountEnabled) {
    if (!link || link.state !== "active") {
      trace.step("Match user between source and target system", "skipped", "Not needed: the user is out of scope or disabled and not provisioned.");
      return { identity, act: skip(trace, inScope ? "The user is disabled in the directory and was never provisioned." : "The user is out of scope and was never provisioned.", false) };
    }
    return { identity, act: await deprovision(ctx, "user", userId, link, "disable", trace, opts, inScope ? "The user was disabled in the directory." : "The user left the scope (unassigned or filtered out).") };
  }

  const isCreate = !link || link.state === "deleted";
  const mapped = applyMappings(doc, source, { isCreate, targetAttributes: doc.targetAttributes });
  if (mapped.errors.length) {
    const reason = mapped.errors.map((e) => `${e.target}: ${e.message}`).join("; ");
    trace.step("Perform action", "failure", `The attribute mappings could not be evaluated: ${reason}`);
    throw Object.assign(new Error(`Attribute mapping failed — ${reason}`), { mapping: true });
  }
  const attrs = await resolveManager(ctx, mapped.attributes, opts.preloaded?.links);
  return { identity, act: await upsertInTarget(ctx, "user", userId, link, attrs, mapped.matching, doc, trace) };
}

/** The manager attribute holds a directory id; the target needs the manager's target id (omitted until the manager is provisioned). */
async function resolveManager(ctx: AppContext, attrs: FlatAttributes, links?: Map<string, Link | null>): Promise<FlatAttributes> {
  const out: FlatAttributes = { ...attrs };
  for (const [k, v] of Object.entries(attrs)) {
    if (!isManagerPath(k) || typeof v !== "string" || !v) continue;
    const l = links?.has(v) ? links.get(v) ?? null : await getLink(ctx.app.id, "user", v);
    if (l && l.state !== "deleted") out[k] = l.targetId;
    else delete out[k];
  }
  return out;
}

// ───────────────────────── groups ─────────────────────────

async function writeGroup(ctx: AppContext, groupId: string, trace: Trace, opts: WriteOptions): Promise<{ identity: string | null; act: Act }> {
  const doc = ctx.groups;
  const group = opts.preloaded?.groups ? opts.preloaded.groups.get(groupId) ?? null : (await getGroupsByIds([groupId]))[0] ?? null;
  const link = opts.preloaded?.links ? opts.preloaded.links.get(groupId) ?? null : await getLink(ctx.app.id, "group", groupId);
  const identity = group?.displayName ?? (link?.exported.displayName as string | undefined) ?? null;

  if (!group) {
    trace.step("Import group", "success", "The group was deleted from the directory.");
    if (!link || link.state === "deleted") return { identity, act: skip(trace, "The group was deleted from the directory and was never provisioned.") };
    return { identity, act: await deprovision(ctx, "group", groupId, link, "delete", trace, opts, "The group was deleted from the directory.") };
  }
  trace.step("Import group", "success", `Read group ${group.displayName} from the directory.`);
  if (!doc.enabled) {
    trace.step("Determine if group is in scope", "skipped", "Provisioning of groups is turned off for this app (the groups mapping is disabled).");
    return { identity, act: { outcome: "skipped", action: "skip", status: "skipped", reason: "The groups mapping is disabled." } };
  }
  const assigned = opts.preloaded?.assignedGroups ? opts.preloaded.assignedGroups.has(groupId) : (await groupAssignments(ctx, [groupId])).has(groupId);
  const source = toGroupSourceObject({ id: group.id, displayName: group.displayName, mailNickname: group.mailNickname, description: group.description });
  const scoping = evaluateScopingFilters(doc.scopingFilters, source);
  const inScope = assigned && scoping.inScope;
  trace.step("Determine if group is in scope", inScope ? "success" : "skipped", inScope ? "Assigned and passes the scoping filters." : assigned ? "Filtered out by the scoping filters." : "Not assigned to the app.");
  if (!inScope) {
    if (!link || link.state === "deleted") return { identity, act: skip(trace, "The group is out of scope and was never provisioned.", false) };
    return { identity, act: await deprovision(ctx, "group", groupId, link, "delete", trace, opts, "The group left the scope.") };
  }
  const isCreate = !link || link.state === "deleted";
  const mapped = applyMappings(doc, source, { isCreate, targetAttributes: doc.targetAttributes });
  if (mapped.errors.length) throw Object.assign(new Error(`Attribute mapping failed — ${mapped.errors.map((e) => `${e.target}: ${e.message}`).join("; ")}`), { mapping: true });
  // Members are written as add/remove operations below, never as a full replace.
  const attrs = Object.fromEntries(Object.entries(mapped.attributes).filter(([k]) => k !== "members"));
  const act = await upsertInTarget(ctx, "group", groupId, link, attrs, mapped.matching.filter((m) => m.target !== "members"), doc, trace);
  if (act.status === "failure" || !act.targetId) return { identity, act };
  const wantsMembers = doc.attributeMappings.some((m) => m.target === "members" && m.type !== "none");
  if (wantsMembers && (doc.actions.update || act.outcome === "created")) {
    const props = await syncMembers(ctx, groupId, act.targetId, group.displayName, trace);
    if (props) {
      act.props = [...(act.props ?? []), ...props];
      if (act.outcome === "skipped") Object.assign(act, { outcome: "updated", action: "update", status: "success", reason: undefined });
    }
  }
  return { identity, act };
}

/** Membership as add/remove PATCHes of provisioned users only. */
async function syncMembers(ctx: AppContext, groupId: string, groupTargetId: string, displayName: string, trace: Trace): Promise<ModifiedProperty[] | null> {
  const appId = ctx.app.id;
  const memberIds: string[] = [];
  for (let after: string | null = null; ;) {
    const page = await iterateMemberIds(groupId, { afterUserId: after, limit: 5000 });
    memberIds.push(...page.userIds);
    if (!page.nextAfterUserId) break;
    after = page.nextAfterUserId;
  }
  const provisioned = await db.syncLink.findMany({ where: { appId, objectType: "user", state: { not: "deleted" }, sourceId: { in: memberIds } }, select: { sourceId: true, targetId: true } });
  const desired = new Map(provisioned.map((l) => [l.sourceId, l.targetId]));
  const current = await db.syncMemberLink.findMany({ where: { appId, groupId }, select: { userId: true } });
  const currentIds = new Set(current.map((c) => c.userId));
  const addUsers = [...desired.keys()].filter((u) => !currentIds.has(u));
  const removeUsers = [...currentIds].filter((u) => !desired.has(u));
  if (addUsers.length === 0 && removeUsers.length === 0) return null;
  const removeTargets = removeUsers.length
    ? (await db.syncLink.findMany({ where: { appId, objectType: "user", sourceId: { in: removeUsers }, state: { not: "deleted" } }, select: { targetId: true } })).map((l) => l.targetId)
    : [];
  await ctx.client.updateMembers(groupTargetId, { add: addUsers.map((u) => desired.get(u)!), remove: removeTargets }, { displayName });
  if (addUsers.length) await db.syncMemberLink.createMany({ data: addUsers.map((userId) => ({ appId, groupId, userId })), skipDuplicates: true });
  if (removeUsers.length) await db.syncMemberLink.deleteMany({ where: { appId, groupId, userId: { in: removeUsers } } });
  trace.step("Update group members", "success", `Added ${addUsers.length} and removed ${removeUsers.length} member(s).`);
  return [{ name: "members", oldValue: `${currentIds.size} member(s)`, newValue: `+${addUsers.length} −${removeUsers.length} (${desired.size} provisioned member(s))` }];
}

// ───────────────────────── shared: match, create, update, deprovision ─────────────────────────

function skip(trace: Trace, reason: string, addStep = true): Act {
  if (addStep) trace.step("Perform action", "skipped", reason);
  return { outcome: "skipped", action: "skip", status: "skipped", reason };
}

async function matchInTarget(ctx: AppContext, type: ResourceType, matching: { target: string; value: ScimValue; precedence: number }[], trace: Trace, label: string): Promise<ScimResource | null> {
  const tried: string[] = [];
  for (const m of matching) {
    if (m.value === null || m.value === undefined || typeof m.value === "object") continue;
    const found = await ctx.client.findBy(type, m.target, m.value);
    tried.push(`${m.target} eq "${String(m.value)}" → ${found.length} found`);
    if (found.length > 0) {
      trace.step(`Match ${label} between source and target system`, "success", `Matched an existing ${label} (${tried.join("; ")}).`);
      return found[0]!;
    }
  }
  trace.step(`Match ${label} between source and target system`, "success", tried.length ? `No match (${tried.join("; ")}).` : "No matching attribute has a value.");
  return null;
}

async function upsertInTarget(ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link | null, attrs: FlatAttributes, matching: { target: string; value: ScimValue; precedence: number }[], doc: MappingDocument, trace: Trace): Promise<Act> {
  const type = RESOURCE[kind];
  const label = kind;
  const keys = Object.keys(attrs);

  if (link && link.state !== "deleted") {
    trace.step(`Match ${label} between source and target system`, "success", `Linked to target id ${link.targetId}.`);
    if (!doc.actions.update) return skip(trace, "The Update action is turned off for this mapping.");
    const before = Object.fromEntries(keys.map((k) => [k, link.exported[k] ?? null])) as FlatAttributes;
    const props = diffProps(before, attrs, keys);
    if (props.length === 0) {
      trace.step("Perform action", "skipped", "No changes: the target already has these values.");
      return { outcome: "skipped", action: "skip", status: "skipped", reason: "No changes needed.", targetId: link.targetId };
    }
    try {
      await ctx.client.updateFromFlat(type, link.targetId, before, attrs);
    } catch (err) {
      if (!(err instanceof ScimError && err.kind === "not_found")) throw err;
      // Deleted in the target behind our back: forget the link, match again, recreate if needed.
      trace.step("Perform action", "failure", `The linked ${label} ${link.targetId} no longer exists in the target; matching again.`);
      await dropLink(ctx.app.id, kind, sourceId);
      return upsertInTarget(ctx, kind, sourceId, null, attrs, matching, doc, trace);
    }
    const reenabled = link.state === "disabled";
    await saveLink(ctx.app.id, kind, sourceId, link.targetId, { ...link.exported, ...attrs }, "active");
    trace.step("Perform action", "success", `${reenabled ? "Re-enabled and updated" : "Updated"} ${props.length} attribute(s) in the target: ${props.map((p) => p.name).join(", ")}.`);
    return { outcome: "updated", action: reenabled ? "enable" : "update", status: "success", targetId: link.targetId, props, becameActive: reenabled };
  }

  const existing = await matchInTarget(ctx, type, matching, trace, label);
  if (existing?.id) return adopt(ctx, kind, sourceId, existing, attrs, doc, trace);
  if (!doc.actions.create) return skip(trace, "The Create action is turned off for this mapping.");
  try {
    const created = await ctx.client.createFromFlat(type, withoutNulls(attrs));
    const targetId = String(created.id ?? "");
    await saveLink(ctx.app.id, kind, sourceId, targetId, attrs, "active");
    const props = diffProps({}, attrs, Object.keys(withoutNulls(attrs)));
    trace.step("Perform action", "success", `Created the ${label} in the target (id ${targetId}).`);
    return { outcome: "created", action: "create", status: "success", targetId, props, becameActive: true };
  } catch (err) {
    if (!(err instanceof ScimError && err.kind === "conflict")) throw err;
    // 409: it exists after all (created concurrently, or matched on an attribute we do not match by). Adopt it.
    const again = await matchInTarget(ctx, type, matching, trace, label);
    if (!again?.id) throw err;
    return adopt(ctx, kind, sourceId, again, attrs, doc, trace);
  }
}

async function adopt(ctx: AppContext, kind: ObjectKind, sourceId: string, existing: ScimResource, attrs: FlatAttributes, doc: MappingDocument, trace: Trace): Promise<Act> {
  const targetId = String(existing.id);
  const keys = Object.keys(attrs).filter((k) => k !== "members");
  const current = flattenScimResource(existing as never, keys);
  const props = diffProps(current, attrs, keys);
  if (props.length && doc.actions.update) await ctx.client.updateFromFlat(RESOURCE[kind], targetId, current, attrs);
  await saveLink(ctx.app.id, kind, sourceId, targetId, doc.actions.update ? attrs : { ...attrs, ...current }, "active");
  trace.step("Perform action", "success", props.length ? `Linked the existing ${kind} ${targetId} and updated ${props.length} attribute(s).` : `Linked the existing ${kind} ${targetId}; it already had the right values.`);
  return { outcome: props.length ? "updated" : "skipped", action: props.length ? "update" : "other", status: props.length ? "success" : "skipped", reason: props.length ? undefined : "Matched an existing object; no changes needed.", targetId, props, becameActive: true };
}

async function deprovision(ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link, mode: "disable" | "delete", trace: Trace, opts: WriteOptions, why: string): Promise<Act> {
  const doc = kind === "user" ? ctx.users : ctx.groups;
  if (mode === "disable" && link.state === "disabled") {
    trace.step("Perform action", "skipped", `${why} It is already disabled in the target.`);
    return { outcome: "skipped", action: "skip", status: "skipped", reason: "Already disabled.", targetId: link.targetId };
  }
  if (mode === "delete" && !doc.actions.delete) return skip(trace, `${why} The Delete action is turned off for this mapping, so nothing is deleted.`);
  if (mode === "disable" && !doc.actions.update) return skip(trace, `${why} The Update action is turned off, so the ${kind} is not disabled.`);
  if (ctx.stageDeletions && !opts.onDemand) {
    await db.stagedDeletion.upsert({
      where: { appId_objectType_sourceId: { appId: ctx.app.id, objectType: kind, sourceId } },
      create: { appId: ctx.app.id, objectType: kind, sourceId, action: mode, cycleId: ctx.cycleId ?? "", identity: (link.exported.userName ?? link.exported.displayName ?? null) as string | null },
      update: { action: mode, cycleId: ctx.cycleId ?? "" },
    });
    trace.step("Perform action", "skipped", `${why} The ${mode} is held until the cycle ends: accidental deletion prevention is on.`);
    return { outcome: "skipped", action: mode, status: "skipped", reason: `Held for the accidental deletion check (${mode}).`, targetId: link.targetId, staged: true };
  }
  return applyDeprovision(ctx, kind, sourceId, link, mode, trace, why);
}

/** Performs a disable or delete in the target (also used when staged deletions are released). */
export async function applyDeprovision(ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link, mode: "disable" | "delete", trace: Trace | null, why: string): Promise<Act> {
  const type = RESOURCE[kind];
  if (mode === "delete") {
    const existed = await ctx.client.delete(type, link.targetId);
    await dropLink(ctx.app.id, kind, sourceId);
    trace?.step("Perform action", "success", `${why} ${existed ? "Deleted" : "It was already gone from"} the target (id ${link.targetId}).`);
    return { outcome: "deleted", action: "delete", status: "success", targetId: link.targetId, props: [] };
  }
  const r = await ctx.client.disableUser(link.targetId);
  if (r === "patched") {
    await saveLink(ctx.app.id, kind, sourceId, link.targetId, { ...link.exported, active: false }, "disabled");
    trace?.step("Perform action", "success", `${why} Disabled the user in the target (active = false).`);
    return { outcome: "disabled", action: "disable", status: "success", targetId: link.targetId, props: [{ name: "active", oldValue: true, newValue: false }] };
  }
  // Targets without an `active` attribute (GoToMeeting) remove the user from the organization instead.
  await saveLink(ctx.app.id, kind, sourceId, link.targetId, link.exported, "deleted");
  await db.syncMemberLink.deleteMany({ where: { appId: ctx.app.id, userId: sourceId } });
  trace?.step("Perform action", "success", `${why} The target has no "active" attribute, so the user was removed from it${r === "already_gone" ? " (it was already gone)" : ""}.`);
  return { outcome: "disabled", action: "disable", status: "success", targetId: link.targetId, props: [] };
}

export { getLink, Trace, type Link };
