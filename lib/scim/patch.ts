// Minimal RFC 7644 PATCH from a diff of two flattened attribute maps, and the SCIM 1.1
// partial-object equivalent for targets such as GoTo.
import type { FlatAttributes, ScimMember, ScimValue } from "@/lib/mapping/types";
import { MembershipNotExpressible } from "./errors";
import { encodeActive, parsePath, toScimResource } from "./paths";
import { SCHEMAS, type CompatibilityProfile } from "./profile";

export type PatchOpName = "add" | "replace" | "remove";
export type PatchOperation = { op: string; path?: string; value?: unknown };
export type PatchRequestBody = { schemas: string[]; Operations: PatchOperation[] };

export type PatchProfile = Pick<
  CompatibilityProfile,
  "patchOpCasing" | "activeAsString" | "supportsActive" | "maxMembersPerPatch" | "memberRemoveStyle" | "memberType"
>;

const DEFAULT_PATCH_PROFILE: PatchProfile = {
  patchOpCasing: "lower",
  activeAsString: false,
  supportsActive: true,
  maxMembersPerPatch: 1000,
  memberRemoveStyle: "path-filter",
  memberType: false,
};

const isEmpty = (v: ScimValue | undefined) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

function memberIds(v: ScimValue | undefined): string[] {
  if (!Array.isArray(v)) return [];
  return (v as Array<string | ScimMember>).map((m) => (typeof m === "string" ? m : m.value));
}

function sameValue(a: ScimValue | undefined, b: ScimValue | undefined): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const x = memberIds(a).sort();
    const y = memberIds(b).sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

/** Keys whose value differs (membership compared as a set). */
export function changedKeys(before: FlatAttributes, after: FlatAttributes): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !sameValue(before[k], after[k])).sort();
}

export function opName(op: PatchOpName, casing: CompatibilityProfile["patchOpCasing"]): string {
  return casing === "pascal" ? op[0]!.toUpperCase() + op.slice(1) : op;
}

export type MemberDiff = { add: string[]; remove: string[] };

export function diffMembers(before: ScimValue | undefined, after: ScimValue | undefined): MemberDiff {
  const b = new Set(memberIds(before));
  const a = new Set(memberIds(after));
  return { add: [...a].filter((x) => !b.has(x)), remove: [...b].filter((x) => !a.has(x)) };
}

function opValue(path: string, value: ScimValue, profile: PatchProfile): unknown {
  const p = parsePath(path);
  if (p.attr === "active" && !p.schema) return encodeActive(value === true || value === "true" || value === "True", profile.activeAsString);
  if (p.schema && p.attr === "manager" && !p.sub) return { value };
  return value;
}

/**
 * Attribute operations (not membership): add when there was no value, replace when it
 * changed, remove when it was cleared.
 */
export function buildPatchOperations(
  before: FlatAttributes,
  after: FlatAttributes,
  profile: Partial<PatchProfile> = {},
): PatchOperation[] {
  const pr = { ...DEFAULT_PATCH_PROFILE, ...profile };
  const ops: PatchOperation[] = [];
  for (const key of changedKeys(before, after)) {
    if (key === "members") continue;
    if (key === "active" && !pr.supportsActive) continue;
    const b = before[key];
    const a = after[key];
    if (isEmpty(a)) ops.push({ op: opName("remove", pr.patchOpCasing), path: key });
    else ops.push({ op: opName(isEmpty(b) ? "add" : "replace", pr.patchOpCasing), path: key, value: opValue(key, a!, pr) });
  }
  return ops;
}

function memberValue(id: string, pr: PatchProfile) {
  return pr.memberType ? { type: "user", value: id } : { value: id };
}

/** Membership add/remove ops, each carrying at most maxMembersPerPatch member values. */
export function buildMemberOperations(diff: MemberDiff, profile: Partial<PatchProfile> = {}): PatchOperation[][] {
  const pr = { ...DEFAULT_PATCH_PROFILE, ...profile };
  const max = Math.max(1, pr.maxMembersPerPatch);
  const requests: PatchOperation[][] = [];
  for (let i = 0; i < diff.add.length; i += max) {
    requests.push([
      { op: opName("add", pr.patchOpCasing), path: "members", value: diff.add.slice(i, i + max).map((id) => memberValue(id, pr)) },
    ]);
  }
  for (let i = 0; i < diff.remove.length; i += max) {
    const chunk = diff.remove.slice(i, i + max);
    requests.push(
      pr.memberRemoveStyle === "path-filter"
        ? chunk.map((id) => ({ op: opName("remove", pr.patchOpCasing), path: `members[value eq ${JSON.stringify(id)}]` }))
        : [{ op: opName("remove", pr.patchOpCasing), path: "members", value: chunk.map((id) => memberValue(id, pr)) }],
    );
  }
  return requests;
}

/**
 * The request bodies to send for a diff: attribute ops ride with the first membership
 * chunk; no body at all when nothing changed. `maxOperations` comes from discovery.
 */
export function buildPatchRequests(
  before: FlatAttributes,
  after: FlatAttributes,
  profile: Partial<PatchProfile> = {},
  maxOperations = Infinity,
): PatchRequestBody[] {
  const attrOps = buildPatchOperations(before, after, profile);
  const memberReqs = buildMemberOperations(diffMembers(before.members, after.members), profile);
  const first = [...attrOps];
  const firstMembers = memberReqs[0];
  if (firstMembers && first.length + firstMembers.length <= maxOperations) {
    first.push(...firstMembers);
    memberReqs.shift();
  }
  const bodies = [...(first.length ? [first] : []), ...memberReqs];
  const step = Number.isFinite(maxOperations) ? Math.max(1, maxOperations) : Infinity;
  const out: PatchRequestBody[] = [];
  for (const ops of bodies) {
    if (step === Infinity) out.push({ schemas: [SCHEMAS.patchOp], Operations: ops });
    else for (let i = 0; i < ops.length; i += step) out.push({ schemas: [SCHEMAS.patchOp], Operations: ops.slice(i, i + step) });
  }
  return out;
}

/**
 * SCIM 1.1 partial-object PATCH: changed attributes as a partial resource. A changed
 * complex attribute is sent whole (GoTo requires both name parts); `requiredKeys`
 * (e.g. a group's displayName) are always sent; members are added as values and
 * removed with `operation: "delete"` (SCIM 1.1 §3.3.2), chunked.
 * Cleared values cannot be expressed without `meta.attributes`, which GoTo does not accept: they are skipped.
 */
export function buildPartialObjectPatches(
  before: FlatAttributes,
  after: FlatAttributes,
  profile: Partial<PatchProfile> = {},
  requiredKeys: readonly string[] = [],
): Array<Record<string, unknown>> {
  const pr = { ...DEFAULT_PATCH_PROFILE, ...profile };
  const changed = changedKeys(before, after).filter((k) => k !== "members" && !(k === "active" && !pr.supportsActive));
  const roots = new Set(changed.filter((k) => !isEmpty(after[k])).map((k) => parsePath(k).attr));
  const partial: FlatAttributes = {};
  for (const [k, v] of Object.entries(after)) {
    if (k === "members") continue;
    if (roots.has(parsePath(k).attr) || requiredKeys.includes(k)) partial[k] = v;
  }
  const base = toScimResource(partial, [], {
    sendSchemas: false,
    dropActive: !pr.supportsActive,
    activeAsString: pr.activeAsString,
    memberType: pr.memberType,
  });
  const diff = diffMembers(before.members, after.members);
  const max = Math.max(1, pr.maxMembersPerPatch);
  const memberBatches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < diff.add.length; i += max) memberBatches.push(diff.add.slice(i, i + max).map((id) => memberValue(id, pr)));
  for (let i = 0; i < diff.remove.length; i += max)
    memberBatches.push(diff.remove.slice(i, i + max).map((id) => ({ ...memberValue(id, pr), operation: "delete" })));
  const hasAttrs = roots.size > 0;
  if (!hasAttrs && memberBatches.length === 0) return [];
  if (memberBatches.length === 0) return [base];
  return memberBatches.map((members, i) => (i === 0 ? { ...base, members } : { ...requiredOnly(base, requiredKeys), members }));
}

function requiredOnly(base: Record<string, unknown>, requiredKeys: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const k of requiredKeys) {
    const root = parsePath(k).attr;
    if (root in base) out[root] = base[root];
  }
  return out;
}

export type TargetMember = { type?: string; value: string };

export type FullListWrite =
  | { method: "none" }
  /** the group keeps everything it holds: a PATCH listing all of it adds under either reading */
  | { method: "PATCH" | "PUT"; members: TargetMember[] };

/**
 * "full-list" membership (targets whose PATCH of `members` may replace or add): the group's
 * complete list after the change — what it holds, minus `remove`, plus `add` (members Provisio
 * does not manage, e.g. nested groups or members added in the app by hand, are kept). Additions
 * only: PATCH with that superset; any removal: PUT of the full list. Throws
 * MembershipNotExpressible when the list does not fit in one request.
 */
export function fullListWrite(current: TargetMember[], diff: MemberDiff, max: number, groupName: string): FullListWrite {
  const removing = new Set(diff.remove);
  const kept = current.filter((m) => !(m.type !== "group" && removing.has(m.value)));
  const have = new Set(kept.map((m) => `${m.type ?? "user"}:${m.value}`));
  const added = [...new Set(diff.add)].filter((v) => !have.has(`user:${v}`)).map((value) => ({ type: "user", value }));
  const members = [...kept, ...added];
  const removed = kept.length < current.length;
  if (!removed && added.length === 0) return { method: "none" };
  if (members.length > max) {
    throw new MembershipNotExpressible(
      `The group "${groupName}" would hold ${members.length} members in the target, more than the ${max} one request can carry. ` +
        `The target does not document whether a PATCH of members replaces or adds, so Provisio writes a group's whole member list in one request; nothing was changed.`,
      members.length,
      max,
      groupName,
    );
  }
  return { method: removed ? "PUT" : "PATCH", members };
}
