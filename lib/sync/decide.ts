// What to do with one object — a pure function of the source object (already mapped),
// its link, what the target holds (when it was read) and the mapping's actions. No I/O:
// the writer executes the decision, a preview can print it, and the tests run without
// Postgres or a target. When the answer depends on the target and it was not read, the
// decision is "read" and the caller asks again with what it found.
import type { ModifiedProperty } from "../logs/provisioning-log";
import { lt, type Text } from "../logs/text";
import type { FlatAttributes, ScimValue } from "../mapping";
import type { ObjectKind } from "./types";

export type LinkState = "active" | "disabled" | "deleted";
export type Link = {
  targetId: string; exported: FlatAttributes; state: string;
  /** a group whose create has not written all its members yet (links.ts) */
  membersPending?: boolean;
};

export type TargetObject = {
  id: string;
  /** the target's values of the mapped attributes (flattened paths) */
  attributes: FlatAttributes;
  /** the source object of this kind already linked to it, if any */
  linkedTo: string | null;
  /** how it was found: through the link (null) or by a matching attribute */
  matchedBy: { attribute: string; value: ScimValue } | null;
};

/** read: false = not looked at (the link's record of what was exported stands in for it). */
export type TargetView = { read: false } | { read: true; object: TargetObject | null };

export type SourceView =
  /** in scope: `desired` is what the mapping produces for the target */
  | { state: "in"; desired: FlatAttributes }
  /** deleted in the directory, out of scope or disabled: deprovision as `mode` */
  | { state: "gone"; mode: "disable" | "delete"; why: Text; neverProvisioned: Text };

export type DecisionInput = {
  kind: ObjectKind;
  sourceId: string;
  source: SourceView;
  link: Link | null;
  actions: { create: boolean; update: boolean; delete: boolean };
  target: TargetView;
  /** full cycle: compare with what the target holds (read it), not with the last export */
  reconcile: boolean;
  /** hold disables/deletes for the accidental-deletion check */
  stageDeletions: boolean;
  /** attributes compared for drift (default: every key of `desired`); the target never holds the others */
  compareKeys?: string[];
  /** another source object linked to the same target object (checked before deprovisioning) */
  sharedWith?: string | null;
};

export type Decision =
  /** outside: neither in scope nor provisioned (a preview leaves it out of the plan) */
  | { op: "skip"; reason: Text; targetId?: string; unchanged?: boolean; outside?: boolean }
  | { op: "read" }
  | { op: "create"; attrs: FlatAttributes; recreate: boolean }
  | { op: "update"; targetId: string; before: FlatAttributes; attrs: FlatAttributes; props: ModifiedProperty[]; enable: boolean; relink: boolean }
  | { op: "link"; targetId: string; exported: FlatAttributes; relink: boolean }
  | { op: "conflict"; targetId: string; otherSourceId: string; attribute: string | null; value: ScimValue }
  | { op: "deprovision"; mode: "disable" | "delete"; targetId: string; staged: boolean; why: Text }
  | { op: "unlink"; targetId: string; otherSourceId: string; why: Text };

const isLinked = (l: Link | null): l is Link => !!l && l.state !== "deleted";

/** Values that mean the same to a SCIM target compare equal: absent = null = "" = [], "True" = true. */
export function normalizeValue(v: ScimValue | undefined): unknown {
  if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) return null;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  if (typeof v === "number") return String(v);
  return v;
}

export function sameValue(a: ScimValue | undefined, b: ScimValue | undefined): boolean {
  const x = normalizeValue(a), y = normalizeValue(b);
  return typeof x === "object" || typeof y === "object" ? JSON.stringify(x) === JSON.stringify(y) : x === y;
}

export function diffAttributes(before: FlatAttributes, after: FlatAttributes, keys: string[]): ModifiedProperty[] {
  return keys.filter((k) => !sameValue(before[k], after[k])).map((k) => ({ name: k, oldValue: before[k] ?? null, newValue: after[k] ?? null }));
}

const pick = (a: FlatAttributes, keys: string[]): FlatAttributes => Object.fromEntries(keys.map((k) => [k, a[k] ?? null]));
/** The state to diff from: the compared keys as `held`, the others as desired (never written as changes). */
const baseline = (held: FlatAttributes, desired: FlatAttributes, keys: string[]): FlatAttributes => ({ ...desired, ...pick(held, keys) });

export function decide(input: DecisionInput): Decision {
  const { source, link, actions, target } = input;
  const kind = input.kind;

  if (source.state === "gone") {
    if (!isLinked(link)) return { op: "skip", reason: source.neverProvisioned, outside: true };
    if (source.mode === "disable" && link.state === "disabled") return { op: "skip", reason: lt("alreadyDisabled"), targetId: link.targetId, unchanged: true };
    if (source.mode === "delete" && !actions.delete) return { op: "skip", reason: lt("deleteActionOff", { why: source.why }), targetId: link.targetId };
    if (source.mode === "disable" && !actions.update) return { op: "skip", reason: lt("updateActionOffDisable", { why: source.why, kind }), targetId: link.targetId };
    // Another directory object holds the same target object: deprovisioning this one must not take it away.
    if (input.sharedWith) return { op: "unlink", targetId: link.targetId, otherSourceId: input.sharedWith, why: source.why };
    return { op: "deprovision", mode: source.mode, targetId: link.targetId, staged: input.stageDeletions, why: source.why };
  }

  const desired = source.desired;
  const keys = input.compareKeys ?? Object.keys(desired);

  if (isLinked(link) && !target.read) {
    if (input.reconcile) return { op: "read" };
    if (!actions.update) return { op: "skip", reason: lt("updateActionOff"), targetId: link.targetId };
    const before = baseline(link.exported, desired, keys);
    const props = diffAttributes(before, desired, keys);
    if (props.length === 0) return { op: "skip", reason: lt("noChangesNeeded"), targetId: link.targetId, unchanged: true };
    return { op: "update", targetId: link.targetId, before, attrs: desired, props, enable: link.state === "disabled", relink: false };
  }
  if (!target.read) return { op: "read" };

  const found = target.object;
  if (!found) {
    if (!actions.create) {
      return { op: "skip", reason: isLinked(link) ? lt("linkedGoneCreateOff", { kind, id: link.targetId }) : lt("createActionOff") };
    }
    return { op: "create", attrs: desired, recreate: isLinked(link) };
  }
  if (found.linkedTo && found.linkedTo !== input.sourceId) {
    return { op: "conflict", targetId: found.id, otherSourceId: found.linkedTo, attribute: found.matchedBy?.attribute ?? null, value: found.matchedBy?.value ?? null };
  }
  const relink = !isLinked(link) || link.targetId !== found.id;
  const before = baseline(found.attributes, desired, keys);
  const props = diffAttributes(before, desired, keys);
  if (props.length && actions.update) {
    return { op: "update", targetId: found.id, before, attrs: desired, props, enable: isLinked(link) && link.state === "disabled", relink };
  }
  if (relink) return { op: "link", targetId: found.id, exported: actions.update ? desired : { ...desired, ...before }, relink: true };
  if (props.length) return { op: "skip", reason: lt("updateActionOff"), targetId: found.id };
  if (link.state === "disabled") return { op: "link", targetId: found.id, exported: desired, relink: false };
  return { op: "skip", reason: lt("noChangesNeeded"), targetId: found.id, unchanged: true };
}
