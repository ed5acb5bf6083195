// writeObject(): the one path every sync takes for one object — import from the
// directory → determine scope → map → decide (decide.ts, pure) → act — shared by
// initial and incremental cycles, real-time pushes and provision on demand. It never
// creates a duplicate: it matches before it creates, adopts on 409, and re-reads the
// target when a linked object may be gone. Links live in links.ts.
import { getGroupsByIds } from "../directory/groups";
import { getUsersByIds } from "../directory/users";
import type { UserView, GroupView } from "../directory/schemas";
import { db } from "../db";
import type { StepInput } from "../logs/log-texts";
import type { ModifiedProperty, ProvisioningLogInput } from "../logs/provisioning-log";
import { isText, list, lt, sentences, type StepCode, type Text } from "../logs/text";
import { applyMappings, evaluateScopingFilters, toGroupSourceObject, toSourceObject, type FlatAttributes, type MappingDocument, type ScimValue } from "../mapping";
import { flattenScimResource, ScimError, type ResourceType, type ScimResource } from "../scim";
import { newScope, objectScope } from "./intents";
import { decide, type Decision, type Link, type SourceView, type TargetObject, type TargetView } from "./decide";
import { CredentialsRejected, explainError, isDatabaseUnavailable, LinkTaken, MappingFailed, type Explained } from "./errors";
import { dropLink, getLink, holderOf, markRemoved, membersComplete, saveLink } from "./links";
import { recordMembersAdded, syncMembers, type MemberState } from "./members";
import type { NewMember } from "./page-groups";
import { groupAssignments, userAssignments, type UserAssignment } from "./scope";
import type { AppContext, ObjectKind, Outcome, WriteResult } from "./types";

export type Preloaded = {
  /** links of the page's objects (and of their managers); absent key = not linked */
  links?: Map<string, Link | null>;
  users?: Map<string, UserView>;
  groups?: Map<string, GroupView>;
  assignments?: Map<string, UserAssignment>;
  assignedGroups?: Set<string>;
  /** groups: their provisioned members and the members written to the target (members.ts) */
  members?: Map<string, MemberState>;
};

/** Answers "which target object is this?" from a listing of the target taken this cycle; undefined = not in the listing's knowledge. */
export type TargetFinder = (kind: ObjectKind, link: Link | null, matching: Matching[]) => Promise<{ resource: ScimResource; matchedBy: Matching | null } | null | undefined>;

export type WriteOptions = {
  onDemand?: boolean;
  preloaded?: Preloaded;
  /** full cycle: compare with what the target holds instead of what was last exported */
  reconcile?: boolean;
  /** the object keeps failing (escrowed): read it again (by id, then by matching attributes) before writing */
  reread?: boolean;
  /** the target's listing, when the cycle paged through it instead of looking objects up */
  finder?: TargetFinder;
  /** the listing is the whole target as it is now (a preview: nothing writes while it runs), so a miss (null) means absent */
  finderComplete?: boolean;
  /**
   * full cycle: the listing was read this cycle and holds every object the cycle created since
   * (reconcile.ts listingIsComplete), so an unlinked object it does not hold is absent: no lookup.
   */
  listingCurrent?: boolean;
  /** preview: read and decide as usual, but act on nothing (the decision comes back in the result) */
  plan?: boolean;
  /** told about every object created in the target (the listing learns it) */
  onCreated?: (kind: ObjectKind, resource: ScimResource) => Promise<void>;
  /** users: the bulkId their create goes out with, so a group created in the same page can refer to it (page-groups.ts) */
  bulkIdFor?: (sourceId: string) => Promise<string | undefined>;
  /** groups: created with these members in the POST (page-groups.ts); settled: once the page's member writes have ended, by target id */
  createMembers?: (groupId: string, settled: boolean) => Promise<NewMember[]>;
};

type Matching = { target: string; value: ScimValue; precedence: number };
const RESOURCE: Record<ObjectKind, ResourceType> = { user: "Users", group: "Groups" };
const isManagerPath = (p: string) => /(^|:)manager(\.value)?$/i.test(p);
/** Never returned by targets, so never compared for drift. */
const WRITE_ONLY = /(^|:)password$/i;

/** The steps of one object's write, language-neutral (rendered in the reader's language). */
export class Trace {
  steps: StepInput[] = [];
  step(code: StepCode, status: StepInput["status"], text: Text) {
    this.steps.push({ code, status, text, at: new Date().toISOString() });
  }
}

const wantsMembers = (doc: MappingDocument) => doc.attributeMappings.some((m) => m.target === "members" && m.type !== "none");

const matchStep = (kind: ObjectKind): StepCode => (kind === "user" ? "match_user" : "match_group");

/** Mapping errors as one text: "target: what the evaluator said; …" (the evaluator's words are values). */
function mappingErrors(errors: { target: string; message: string }[]): Text {
  return list(errors.map((e) => lt("mappingError", { target: e.target, message: e.message })));
}

function withoutNulls(a: FlatAttributes): FlatAttributes {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

export type Act = {
  outcome: Outcome; action: ProvisioningLogInput["action"]; status: ProvisioningLogInput["status"]; reason?: Text; targetId?: string | null;
  props?: ModifiedProperty[]; becameActive?: boolean; staged?: boolean; error?: Explained; conflict?: WriteResult["conflict"];
  decision?: Decision;
  /** a group created with all its members (WriteOptions.createMembers): no member operations after it */
  membersWritten?: boolean;
};

/** Write one user or group. Failures are returned (outcome "failed"), except rejected credentials, which throw. */
export async function writeObject(ctx: AppContext, kind: ObjectKind, sourceId: string, opts: WriteOptions = {}): Promise<WriteResult> {
  const started = Date.now();
  const trace = new Trace();
  const scope = newScope(ctx.app.id, ctx.cycleId, kind, sourceId);
  const exchange = scope.lines;
  let identity: string | null = null;
  let managerDeferred = false;
  let act: Act;
  let error: Explained | null = null;
  try {
    act = await objectScope.run(scope, async () => {
      const r = kind === "user" ? await writeUser(ctx, sourceId, trace, opts) : await writeGroup(ctx, sourceId, trace, opts);
      identity = r.identity;
      managerDeferred = r.managerDeferred ?? false;
      return r.act;
    });
  } catch (err) {
    if (err instanceof ScimError && err.kind === "auth") throw new CredentialsRejected(err.message);
    // Our own database going away is not this object's failure: abort the slice, which resumes
    // the page from its checkpoint once the database is back (re-running a page is safe: we match
    // before we create). Escrowing here would count an outage as failed objects.
    if (isDatabaseUnavailable(err)) throw err;
    error = explainError(err);
    trace.step("perform_action", "failure", error.reason);
    act = { outcome: "failed", action: "other", status: "failure" };
  }
  error ??= act.error ?? null;
  const log: ProvisioningLogInput = {
    appId: ctx.app.id, appName: ctx.app.displayName, cycleId: ctx.cycleId, objectType: kind, action: act.action, status: act.status,
    sourceId, sourceIdentity: identity, targetId: act.targetId ?? null, steps: trace.steps, modifiedProperties: act.props ?? [],
    errorCode: error?.code ?? null, reason: error?.reason ?? act.reason ?? null, recommendation: error?.recommendation ?? null,
    durationMs: Date.now() - started, exchange: exchange.length ? exchange : null,
  };
  return {
    kind, sourceId, outcome: act.outcome, action: act.action, status: act.status, steps: trace.steps, modifiedProperties: act.props ?? [],
    targetId: act.targetId ?? null, becameActive: act.becameActive, staged: act.staged, managerDeferred, conflict: act.conflict, log,
    decision: act.decision, intentId: scope.intentId,
  };
}

type Written = { identity: string | null; act: Act; managerDeferred?: boolean };

// ───────────────────────── users ─────────────────────────

async function writeUser(ctx: AppContext, userId: string, trace: Trace, opts: WriteOptions): Promise<Written> {
  const doc = ctx.users;
  const user = opts.preloaded?.users ? opts.preloaded.users.get(userId) ?? null : (await getUsersByIds([userId]))[0] ?? null;
  const link = opts.preloaded?.links ? opts.preloaded.links.get(userId) ?? null : await getLink(ctx.app.id, "user", userId);
  const identity = user?.userPrincipalName ?? null;

  if (!user) {
    trace.step("import_user", "success", lt("deletedFromDirectory", { kind: "user" }));
    if (link && link.state !== "deleted") trace.step("scope_user", "success", lt("deletedOutOfScope"));
    const source: SourceView = { state: "gone", mode: doc.actions.delete ? "delete" : "disable", why: lt("deletedFromDirectory", { kind: "user" }), neverProvisioned: lt("neverProvisionedDeleted", { kind: "user" }) };
    return { identity: (link?.exported.userName as string | undefined) ?? identity, act: await resolve(ctx, "user", userId, link, source, [], doc, trace, opts, identity) };
  }
  trace.step("import_user", "success", lt("readUser", { upn: user.userPrincipalName, state: user.accountEnabled ? "enabled" : "disabled" }));

  if (!doc.enabled) {
    trace.step("scope_user", "skipped", lt("mappingOff", { kind: "user" }));
    return { identity, act: { outcome: "skipped", action: "skip", status: "skipped", reason: lt("mappingDisabled", { kind: "user" }) } };
  }

  const assignment = opts.preloaded?.assignments?.get(userId) ?? (await userAssignments(ctx, [userId])).get(userId)!;
  const assigned = assignment.assigned;
  const sourceObject = toSourceObject(
    { ...user, extensionAttributes: user.extensionAttributes },
    { isSoftDeleted: !user.accountEnabled || !assigned, appRoleAssignments: assignment.roles },
  );
  const scoping = evaluateScopingFilters(doc.scopingFilters, sourceObject);
  const roles = assignment.roles.map((r) => r.displayName).join(", ");
  const scopeDetails = [
    ctx.app.scope === "all" ? lt("scopeAll") : assigned ? lt("assignedRoles", { roles: roles || lt("aRole") }) : lt("notAssignedUser"),
    ...scoping.filters.flatMap((f, i) => f.clauses.map((c) => lt("filterClause", {
      n: i + 1, attribute: c.attribute, operator: c.operator, hasValue: c.value != null && c.value !== "" ? "yes" : "no", value: c.value == null ? "" : String(c.value),
      result: c.result ? "true" : "false", actual: JSON.stringify(c.actual ?? null),
    }))),
    doc.scopingFilters.length ? (scoping.inScope ? lt("filtersPassed") : lt("filtersNotPassed")) : lt("noFilters"),
    user.accountEnabled ? null : lt("userDisabledInDirectory"),
  ];
  const inScope = assigned && scoping.inScope;
  trace.step("scope_user", inScope && user.accountEnabled ? "success" : "skipped", sentences(inScope ? lt("inScope") : lt("outOfScope"), ...scopeDetails));

  if (!inScope || !user.accountEnabled) {
    if (!link || link.state !== "active") trace.step("match_user", "skipped", lt("notNeededOutOfScope"));
    const source: SourceView = {
      state: "gone", mode: "disable",
      why: inScope ? lt("userDisabledWhy") : lt("userLeftScope"),
      neverProvisioned: inScope ? lt("neverProvisionedDisabled") : lt("neverProvisionedOutOfScope", { kind: "user" }),
    };
    // A disabled link counts as not provisioned here: nothing more to do.
    return { identity, act: await resolve(ctx, "user", userId, link?.state === "active" ? link : null, source, [], doc, trace, opts, identity, true) };
  }

  const isCreate = !link || link.state === "deleted";
  const mapped = applyMappings(doc, sourceObject, { isCreate, targetAttributes: doc.targetAttributes });
  if (mapped.errors.length) {
    const reason = mappingErrors(mapped.errors);
    trace.step("perform_action", "failure", lt("mappingsFailed", { errors: reason }));
    throw new MappingFailed(reason);
  }
  const { attrs, deferred } = await resolveManager(ctx, mapped.attributes, opts.preloaded?.links);
  const act = await resolve(ctx, "user", userId, link, { state: "in", desired: attrs }, mapped.matching, doc, trace, opts, identity);
  return { identity, act, managerDeferred: deferred && act.outcome !== "failed" && act.outcome !== "conflict" };
}

/**
 * The manager attribute holds a directory id; the target needs the manager's target id. While the
 * manager is not provisioned the attribute is left out and `deferred` says so: the cycle writes
 * the user again once the manager exists (later in the same cycle).
 */
async function resolveManager(ctx: AppContext, attrs: FlatAttributes, links?: Map<string, Link | null>): Promise<{ attrs: FlatAttributes; deferred: boolean }> {
  const out: FlatAttributes = { ...attrs };
  let deferred = false;
  for (const [k, v] of Object.entries(attrs)) {
    if (!isManagerPath(k) || typeof v !== "string" || !v) continue;
    const l = links?.has(v) ? links.get(v) ?? null : await getLink(ctx.app.id, "user", v);
    if (l && l.state !== "deleted") out[k] = l.targetId;
    else {
      delete out[k];
      deferred = true;
    }
  }
  return { attrs: out, deferred };
}

// ───────────────────────── groups ─────────────────────────

async function writeGroup(ctx: AppContext, groupId: string, trace: Trace, opts: WriteOptions): Promise<Written> {
  const doc = ctx.groups;
  const group = opts.preloaded?.groups ? opts.preloaded.groups.get(groupId) ?? null : (await getGroupsByIds([groupId]))[0] ?? null;
  const link = opts.preloaded?.links ? opts.preloaded.links.get(groupId) ?? null : await getLink(ctx.app.id, "group", groupId);
  const identity = group?.displayName ?? (link?.exported.displayName as string | undefined) ?? null;

  if (!group) {
    trace.step("import_group", "success", lt("deletedFromDirectory", { kind: "group" }));
    const source: SourceView = { state: "gone", mode: "delete", why: lt("deletedFromDirectory", { kind: "group" }), neverProvisioned: lt("neverProvisionedDeleted", { kind: "group" }) };
    return { identity, act: await resolve(ctx, "group", groupId, link, source, [], doc, trace, opts, identity) };
  }
  trace.step("import_group", "success", lt("readGroup", { name: group.displayName }));
  if (!doc.enabled) {
    trace.step("scope_group", "skipped", lt("mappingOff", { kind: "group" }));
    return { identity, act: { outcome: "skipped", action: "skip", status: "skipped", reason: lt("mappingDisabled", { kind: "group" }) } };
  }
  const assigned = opts.preloaded?.assignedGroups ? opts.preloaded.assignedGroups.has(groupId) : (await groupAssignments(ctx, [groupId])).has(groupId);
  const sourceObject = toGroupSourceObject({ id: group.id, displayName: group.displayName, mailNickname: group.mailNickname, description: group.description });
  const scoping = evaluateScopingFilters(doc.scopingFilters, sourceObject);
  const inScope = assigned && scoping.inScope;
  trace.step("scope_group", inScope ? "success" : "skipped", inScope ? lt("groupInScope") : assigned ? lt("groupFilteredOut") : lt("groupNotAssigned"));
  if (!inScope) {
    const source: SourceView = { state: "gone", mode: "delete", why: lt("groupLeftScope"), neverProvisioned: lt("neverProvisionedOutOfScope", { kind: "group" }) };
    return { identity, act: await resolve(ctx, "group", groupId, link, source, [], doc, trace, opts, identity, true) };
  }
  const isCreate = !link || link.state === "deleted";
  const mapped = applyMappings(doc, sourceObject, { isCreate, targetAttributes: doc.targetAttributes });
  if (mapped.errors.length) throw new MappingFailed(mappingErrors(mapped.errors));
  // Members are written as member operations below, never as part of the object's attributes.
  const attrs = Object.fromEntries(Object.entries(mapped.attributes).filter(([k]) => k !== "members"));
  const act = await resolve(ctx, "group", groupId, link, { state: "in", desired: attrs }, mapped.matching.filter((m) => m.target !== "members"), doc, trace, opts, identity);
  if (act.status === "failure" || !act.targetId || act.outcome === "conflict" || act.membersWritten) return { identity, act };
  // The member writes that follow a create belong to it (membersPending until they are all sent):
  // made even when Update is off, then (Update off) only adding.
  const completing = act.outcome === "created" || (!!link?.membersPending && link.targetId === act.targetId);
  if (wantsMembers(doc) && !opts.plan && (doc.actions.update || completing)) {
    const props = await syncMembers(ctx, groupId, act.targetId, group.displayName, trace, {
      fresh: act.outcome === "created", preloaded: opts.preloaded?.members?.get(groupId), addOnly: !doc.actions.update,
    });
    if (completing) await membersComplete(ctx.app.id, groupId);
    if (props) {
      act.props = [...(act.props ?? []), ...props];
      if (act.outcome === "skipped") Object.assign(act, { outcome: "updated", action: "update", status: "success", reason: undefined });
    }
  }
  return { identity, act };
}

// ───────────────────────── decide, read the target, act ─────────────────────────

/** Keys compared for drift: what the target holds of what the mapping produces. */
function compareKeys(ctx: AppContext, kind: ObjectKind, desired: FlatAttributes): string[] {
  const p = ctx.client.profile;
  return Object.keys(desired).filter((k) => {
    if (WRITE_ONLY.test(k)) return false;
    if (k === "active" && !p.supportsActive) return false;
    if (kind === "user" && p.allowedUserAttributes?.length && !p.allowedUserAttributes.includes(k)) return false;
    return true;
  });
}

async function resolve(
  ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link | null, source: SourceView, matching: Matching[],
  doc: MappingDocument, trace: Trace, opts: WriteOptions, identity: string | null, quietSkip = false,
): Promise<Act> {
  const keys = source.state === "in" ? compareKeys(ctx, kind, source.desired) : [];
  let target: TargetView = { read: false };
  // A write that keeps failing: look at the target before trying again.
  let mustRead = !!opts.reread && source.state === "in";
  let sharedWith: string | null = null;
  let live = false;
  if (source.state === "in" && link && link.state !== "deleted" && !opts.reconcile && !mustRead) {
    trace.step(matchStep(kind), "success", lt("linkedTo", { id: link.targetId }));
  }
  if (source.state === "gone" && link && link.state !== "deleted") sharedWith = await otherHolder(ctx.app.id, kind, link.targetId, sourceId);
  for (let round = 0; round < 4; round++) {
    const d = decide({
      kind, sourceId, source, link, actions: doc.actions, target, reconcile: !!opts.reconcile || mustRead,
      stageDeletions: ctx.stageDeletions && !opts.onDemand, compareKeys: keys, sharedWith,
    });
    if (d.op === "read") {
      // After a 409 the listing is stale for this object: ask the target itself.
      target = await readTarget(ctx, kind, sourceId, link, matching, keys, trace, live ? { ...opts, finder: undefined } : opts);
      mustRead = false;
      continue;
    }
    // A preview stops here: what would be done, with nothing written to the target or the links.
    if (opts.plan) return { outcome: "skipped", action: "other", status: "skipped", targetId: "targetId" in d ? d.targetId ?? null : null, decision: d };
    const next = await act(ctx, kind, sourceId, link, d, trace, identity, quietSkip, opts);
    if ("retry" in next) {
      target = next.retry;
      link = next.link;
      live = true;
      continue;
    }
    return next;
  }
  throw new Error(`The ${kind} could not be settled after four attempts (the target kept changing under Provisio).`);
}

async function otherHolder(appId: string, kind: ObjectKind, targetId: string, sourceId: string): Promise<string | null> {
  const row = await db.syncLink.findFirst({ where: { appId, objectType: kind, targetId, state: { not: "deleted" }, sourceId: { not: sourceId } }, select: { sourceId: true } });
  return row?.sourceId ?? null;
}

/** GET by id (any failure but auth falls through), then the matching attributes in precedence order. */
async function readTarget(ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link | null, matching: Matching[], keys: string[], trace: Trace, opts: WriteOptions): Promise<TargetView> {
  const type = RESOURCE[kind];
  const step = matchStep(kind);
  const linked = link && link.state !== "deleted" ? link : null;
  const toObject = async (resource: ScimResource, matchedBy: Matching | null): Promise<TargetObject> => {
    const id = String(resource.id);
    const holder = linked && id === linked.targetId ? sourceId : await holderOf(ctx.app.id, kind, id);
    return { id, attributes: flattenScimResource(resource as never, keys), linkedTo: holder, matchedBy: matchedBy ? { attribute: matchedBy.target, value: matchedBy.value } : null };
  };
  if (opts.finder) {
    const hit = await opts.finder(kind, linked, matching);
    if (hit) {
      trace.step(step, "success", hit.matchedBy ? lt("matchedInListing", { kind, attribute: hit.matchedBy.target, value: String(hit.matchedBy.value) }) : lt("linkedFromListing", { id: linked?.targetId }));
      return { read: true, object: await toObject(hit.resource, hit.matchedBy) };
    }
    // listingCurrent: an object never linked that the listing does not hold is not in the target
    // (a linked one missing from it may have been created since by a provision on demand: asked below).
    if (hit === null && (opts.finderComplete || (opts.listingCurrent && !linked))) {
      trace.step(step, "success", lt("noMatchInListing"));
      return { read: true, object: null };
    }
    // Not in the listing: it may have been created since (by a slice that died before recording
    // it, or by someone else). Ask the target before creating: a miss costs one lookup, never a duplicate.
    trace.step(step, "success", lt("notInListing"));
  }
  if (linked) {
    try {
      const r = await ctx.client.get(type, linked.targetId, { excludedAttributes: ctx.client.withoutMembers(type) });
      if (r) {
        trace.step(step, "success", lt("linkedRead", { id: linked.targetId }));
        return { read: true, object: await toObject(r, null) };
      }
      trace.step(step, "success", lt("linkedGone", { kind, id: linked.targetId }));
    } catch (err) {
      if (err instanceof ScimError && err.kind === "auth") throw err;
      // Some apps answer 500 (or worse) for an object they deleted: find out by matching instead.
      trace.step(step, "failure", lt("readLinkedFailed", { kind, id: linked.targetId, status: err instanceof ScimError ? String(err.status ?? err.code) : lt("anError") }));
    }
  }
  const tried: Text[] = [];
  for (const m of matching) {
    if (m.value === null || m.value === undefined || typeof m.value === "object") continue;
    const found = await ctx.client.findBy(type, m.target, m.value);
    tried.push(lt("triedClause", { attribute: m.target, value: String(m.value), count: found.length }));
    if (found.length > 0 && found[0]!.id !== undefined) {
      trace.step(step, "success", lt("matchedTried", { kind, tried: list(tried) }));
      return { read: true, object: await toObject(found[0]!, m) };
    }
  }
  trace.step(step, "success", tried.length ? lt("noMatchTried", { tried: list(tried) }) : lt("noMatchingValue"));
  return { read: true, object: null };
}

type Retry = { retry: TargetView; link: Link | null };

async function act(ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link | null, d: Exclude<Decision, { op: "read" }>, trace: Trace, identity: string | null, quietSkip: boolean, opts: WriteOptions): Promise<Act | Retry> {
  const appId = ctx.app.id;
  const type = RESOURCE[kind];
  switch (d.op) {
    case "skip": {
      if (d.unchanged) trace.step("perform_action", "skipped", isText(d.reason, "alreadyDisabled") ? lt("alreadyDisabledInTarget") : lt("noChangesInTarget"));
      // Never-provisioned objects out of scope: the scope step already said it all.
      else if (!(quietSkip && !d.targetId)) trace.step("perform_action", "skipped", d.reason);
      return { outcome: "skipped", action: "skip", status: "skipped", reason: d.reason, targetId: d.targetId ?? null };
    }
    case "create": {
      let created: ScimResource;
      const body = withoutNulls(d.attrs);
      let members = kind === "group" && opts.createMembers ? await opts.createMembers(sourceId, false) : undefined;
      const bulkId = kind === "user" ? await opts.bulkIdFor?.(sourceId) : undefined;
      // A POST carries at most as many members as a member PATCH may; the rest follow it (below).
      const max = Math.max(1, ctx.client.profile.maxMembersPerPatch);
      const post = (m: NewMember[] | undefined) => ctx.client.createFromFlat(type, m?.length ? { ...body, members: m.slice(0, max).map((x) => x.value) } : body, { bulkId });
      try {
        try {
          created = await post(members);
        } catch (err) {
          // A member created in the same page was refused, so its reference cannot resolve (409 or
          // 400, and nothing was created): the group goes again with the members that exist.
          const referred = members?.some((m) => m.value.startsWith("bulkId:"));
          if (!(referred && err instanceof ScimError && (err.kind === "conflict" || err.kind === "permanent"))) throw err;
          trace.step("perform_action", "failure", lt("memberRefsRefused", { status: String(err.status ?? err.code), detail: err.detail ?? err.message }));
          members = await opts.createMembers!(sourceId, true);
          created = await post(members);
        }
      } catch (err) {
        if (!(err instanceof ScimError && err.kind === "conflict")) throw err;
        // 409: it exists after all (created concurrently, or unique on an attribute we do not match by): match again.
        trace.step("perform_action", "failure", lt("conflict409"));
        return { retry: { read: false }, link: null };
      }
      const targetId = String(created.id ?? "");
      await opts.onCreated?.(kind, { ...ctx.client.buildResource(type, body), ...created, id: targetId });
      if (d.recreate) await dropLink(appId, kind, sourceId);
      // Until all its members are written the create is not finished, even if the write stops here.
      const membersPending = kind === "group" && wantsMembers(ctx.groups) && !(members && members.length <= max);
      const linked = await link_(ctx, kind, sourceId, targetId, d.attrs, trace, identity, membersPending);
      if (linked) return linked;
      const props: ModifiedProperty[] = Object.entries(body).map(([name, v]) => ({ name, oldValue: null, newValue: v }));
      const posted = members?.slice(0, max);
      if (posted) {
        await recordMembersAdded(appId, sourceId, posted.map((m) => m.userId));
        props.push({ name: "members", oldValue: null, newValue: `${posted.length} member(s), written with the group` });
      }
      trace.step("perform_action", "success", d.recreate ? lt("recreated", { kind, id: targetId, old: link?.targetId }) : lt("created", { kind, id: targetId }));
      if (posted) trace.step("update_members", "success", lt("membersWithCreate", { n: posted.length, refs: posted.some((m) => m.value.startsWith("bulkId:")) ? "yes" : "no" }));
      if (posted && membersPending) {
        // The members the POST could not carry, by target id once their own writes have ended.
        const sent = new Set(posted.map((m) => m.userId));
        const rest = (await opts.createMembers!(sourceId, true)).filter((m) => !sent.has(m.userId));
        if (rest.length) await ctx.client.updateMembers(targetId, { add: rest.map((m) => m.value), remove: [] }, { displayName: typeof body.displayName === "string" ? body.displayName : undefined });
        await recordMembersAdded(appId, sourceId, rest.map((m) => m.userId));
        await membersComplete(appId, sourceId);
        trace.step("update_members", "success", lt("membersUpdated", { added: rest.length, removed: 0 }));
        props.push({ name: "members", oldValue: `${posted.length} member(s)`, newValue: `+${rest.length} −0` });
      }
      return { outcome: "created", action: "create", status: "success", targetId, props, becameActive: true, reason: d.recreate ? lt("recreatedReason", { kind, old: link?.targetId }) : undefined, membersWritten: !!members };
    }
    case "update": {
      try {
        await ctx.client.updateFromFlat(type, d.targetId, d.before, d.attrs);
      } catch (err) {
        if (!(err instanceof ScimError && err.kind === "not_found")) throw err;
        // Deleted in the target behind our back: look again (match, recreate if needed).
        trace.step("perform_action", "failure", lt("goneInTarget", { kind, id: d.targetId }));
        return { retry: { read: true, object: null }, link };
      }
      const exported = { ...(link && !d.relink ? link.exported : {}), ...d.attrs };
      const taken = await link_(ctx, kind, sourceId, d.targetId, exported, trace, identity);
      if (taken) return taken;
      const values = { n: d.props.length, names: d.props.map((p) => p.name).join(", ") };
      trace.step("perform_action", "success", d.relink ? lt("relinkedUpdated", { kind, id: d.targetId, ...values }) : d.enable ? lt("reenabledUpdated", values) : lt("updated", values));
      return { outcome: "updated", action: d.enable ? "enable" : "update", status: "success", targetId: d.targetId, props: d.props, becameActive: d.enable || d.relink };
    }
    case "link": {
      const taken = await link_(ctx, kind, sourceId, d.targetId, d.exported, trace, identity);
      if (taken) return taken;
      trace.step("perform_action", "success", d.relink ? lt("relinkedNoChanges", { kind, id: d.targetId }) : lt("activeAgain", { kind, id: d.targetId }));
      return { outcome: "skipped", action: d.relink ? "other" : "enable", status: "skipped", reason: d.relink ? lt("matchedNoChanges") : lt("alreadyActive"), targetId: d.targetId, props: [], becameActive: true };
    }
    case "conflict":
      return conflictAct(ctx, kind, d.targetId, d.otherSourceId, d.attribute, d.value, trace, identity);
    case "unlink": {
      await dropLink(appId, kind, sourceId);
      trace.step("perform_action", "skipped", lt("sharedNotDeprovisioned", { why: d.why, kind, id: d.targetId, other: d.otherSourceId }));
      return { outcome: "skipped", action: "skip", status: "skipped", reason: lt("sharedReason"), targetId: d.targetId };
    }
    case "deprovision": {
      if (d.staged) {
        await db.stagedDeletion.upsert({
          where: { appId_objectType_sourceId: { appId, objectType: kind, sourceId } },
          create: { appId, objectType: kind, sourceId, action: d.mode, cycleId: ctx.cycleId ?? "", identity: (link?.exported.userName ?? link?.exported.displayName ?? null) as string | null },
          update: { action: d.mode, cycleId: ctx.cycleId ?? "" },
        });
        trace.step("perform_action", "skipped", lt("heldForCheck", { why: d.why, mode: d.mode }));
        return { outcome: "skipped", action: d.mode, status: "skipped", reason: lt("heldForCheckReason", { mode: d.mode }), targetId: d.targetId, staged: true };
      }
      return applyDeprovision(ctx, kind, sourceId, link!, d.mode, trace, d.why);
    }
  }
}

/** Saves the link; when another source object got the target object first, the write becomes a conflict. */
async function link_(ctx: AppContext, kind: ObjectKind, sourceId: string, targetId: string, exported: FlatAttributes, trace: Trace, identity: string | null, membersPending = false): Promise<Act | null> {
  try {
    await saveLink(ctx.app.id, kind, sourceId, targetId, exported, "active", { membersPending });
    return null;
  } catch (err) {
    if (!(err instanceof LinkTaken)) throw err;
    return conflictAct(ctx, kind, targetId, err.otherSourceId ?? null, null, null, trace, identity);
  }
}

async function conflictAct(ctx: AppContext, kind: ObjectKind, targetId: string, otherSourceId: string | null, attribute: string | null, value: ScimValue, trace: Trace, identity: string | null): Promise<Act> {
  const other = !otherSourceId ? undefined : kind === "user" ? (await getUsersByIds([otherSourceId]))[0]?.userPrincipalName : (await getGroupsByIds([otherSourceId]))[0]?.displayName;
  const otherName = !otherSourceId ? lt("anotherObject") : other ? lt("namedId", { name: other, id: otherSourceId }) : otherSourceId;
  const thisName = identity ? lt("quoted", { name: identity }) : lt("thisObject", { kind });
  const clash = attribute ? lt("clashOn", { attribute, value: String(value) }) : lt("clashMatching");
  const reason = lt("conflictReason", { kind, id: targetId, thisName, clash, otherName });
  const recommendation = lt("conflictRecommendation", { attribute: attribute ?? lt("theMatchingAttribute"), kind, thisName });
  trace.step("perform_action", "failure", reason);
  return {
    outcome: "conflict", action: "other", status: "failure", targetId: null,
    error: { code: "conflict:link", reason, recommendation },
    conflict: { targetId, otherSourceId: otherSourceId ?? "another object", attribute },
  };
}

/** Performs a disable or delete in the target (also used when staged deletions are released). */
export async function applyDeprovision(ctx: AppContext, kind: ObjectKind, sourceId: string, link: Link, mode: "disable" | "delete", trace: Trace | null, why: Text): Promise<Act> {
  const type = RESOURCE[kind];
  const other = await otherHolder(ctx.app.id, kind, link.targetId, sourceId);
  if (other) {
    await dropLink(ctx.app.id, kind, sourceId);
    trace?.step("perform_action", "skipped", lt("sharedLeftInPlace", { why, kind, id: link.targetId, other }));
    return { outcome: "skipped", action: "skip", status: "skipped", reason: lt("sharedReason"), targetId: link.targetId };
  }
  if (mode === "delete") {
    const existed = await ctx.client.delete(type, link.targetId);
    await dropLink(ctx.app.id, kind, sourceId);
    trace?.step("perform_action", "success", existed ? lt("deletedInTarget", { why, id: link.targetId }) : lt("alreadyGoneInTarget", { why, id: link.targetId }));
    return { outcome: "deleted", action: "delete", status: "success", targetId: link.targetId, props: [] };
  }
  const r = await ctx.client.disableUser(link.targetId);
  if (r === "patched") {
    await saveLink(ctx.app.id, kind, sourceId, link.targetId, { ...link.exported, active: false }, "disabled");
    trace?.step("perform_action", "success", lt("disabledInTarget", { why }));
    return { outcome: "disabled", action: "disable", status: "success", targetId: link.targetId, props: [{ name: "active", oldValue: true, newValue: false }] };
  }
  // Targets without an `active` attribute (GoToMeeting) remove the user from the organization instead.
  await markRemoved(ctx.app.id, kind, sourceId, link);
  trace?.step("perform_action", "success", lt("removedNoActive", { why, gone: r === "already_gone" ? "yes" : "no" }));
  return { outcome: "disabled", action: "disable", status: "success", targetId: link.targetId, props: [] };
}

export { getLink, type Link };
