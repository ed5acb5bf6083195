// What a preview shows for one object: the engine's decision (decide.ts, reached through
// writeObject in plan mode) told as one action with its reason and attribute diff. Pure.
import type { ModifiedProperty } from "../../logs/provisioning-log";
import { english, lt, sentences, type Text } from "../../logs/text";
import type { FlatAttributes } from "../../mapping";
import type { WriteResult } from "../types";

export const PLAN_ACTIONS = ["create", "update", "enable", "disable", "delete", "adopt", "conflict", "skip"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
export type PlanCounts = Record<PlanAction, number>;

export type PlanItem = {
  objectType: "user" | "group";
  sourceId: string;
  identity: string | null;
  action: PlanAction;
  /** the English of reasonText (sync_preview_item.reason: old readers, search, CSV) */
  reason: string;
  /** why, language-neutral (catalogue key + values): rendered in the reader's language */
  reasonText: Text;
  targetId: string | null;
  /** the app's value → the new value (creates: every attribute sent, from null) */
  changes: ModifiedProperty[];
  /** what would be sent (creates and updates): the schema checks read it */
  payload: FlatAttributes | null;
};

export const emptyPlanCounts = (): PlanCounts => ({ create: 0, update: 0, enable: 0, disable: 0, delete: 0, adopt: 0, conflict: 0, skip: 0 });

const sent = (a: FlatAttributes): ModifiedProperty[] =>
  Object.entries(a).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)).map(([name, v]) => ({ name, oldValue: null, newValue: v }));

const why = (t: Text) => ({ reason: english(t), reasonText: t });

/** One object's planned action. A write that would fail (mapping errors, target errors while reading) is a skip that says why. */
export function toPlanItem(r: WriteResult): PlanItem {
  const base = { objectType: r.kind, sourceId: r.sourceId, identity: r.log.sourceIdentity ?? null };
  const d = r.decision;
  if (!d) {
    // Settled before a decision: the mapping is disabled, or the object failed (reason in the log).
    const said = r.log.reason ?? null;
    const reason = r.outcome === "failed" ? lt("previewWouldFail", { why: said ?? lt("previewCouldNotEvaluate") }) : said ?? lt("previewNothingToDo");
    return { ...base, action: "skip", ...why(reason), targetId: r.targetId ?? null, changes: [], payload: null };
  }
  const later = r.managerDeferred && lt("previewManagerLater");
  switch (d.op) {
    case "create":
      return { ...base, action: "create", ...why(sentences(lt(d.recreate ? "previewRecreate" : "previewNoMatch"), later)), targetId: null, changes: sent(d.attrs), payload: d.attrs };
    case "update": {
      const action: PlanAction = d.relink ? "adopt" : d.enable ? "enable" : "update";
      const count = d.props.length;
      const reason = d.relink ? lt("previewRelinkUpdate", { targetId: d.targetId, count }) : d.enable ? lt("previewEnableUpdate", { count }) : lt("previewUpdate", { count });
      return { ...base, action, ...why(sentences(reason, later)), targetId: d.targetId, changes: d.props, payload: d.attrs };
    }
    case "link":
      return d.relink
        ? { ...base, action: "adopt", ...why(sentences(lt("previewRelink", { targetId: d.targetId }), later)), targetId: d.targetId, changes: [], payload: null }
        : { ...base, action: "enable", ...why(lt("previewActiveAgain")), targetId: d.targetId, changes: [], payload: null };
    case "conflict": {
      const on = d.attribute ? lt("clashOn", { attribute: d.attribute, value: String(d.value) }) : lt("clashMatching");
      return { ...base, action: "conflict", targetId: d.targetId, changes: [], payload: null, ...why(lt("previewConflict", { targetId: d.targetId, on, otherSourceId: d.otherSourceId })) };
    }
    case "deprovision":
      return {
        ...base, action: d.mode, targetId: d.targetId, payload: null,
        changes: d.mode === "disable" ? [{ name: "active", oldValue: true, newValue: false }] : [],
        ...why(sentences(d.why, d.staged && lt("previewCountsToThreshold"))),
      };
    case "unlink":
      return { ...base, action: "skip", ...why(sentences(d.why, lt("previewUnlinkOnly"))), targetId: d.targetId, changes: [], payload: null };
    case "skip":
      return { ...base, action: "skip", ...why(d.reason), targetId: d.targetId ?? null, changes: [], payload: null };
    case "read":
      return { ...base, action: "skip", ...why(lt("previewUnreadable")), targetId: null, changes: [], payload: null };
  }
}

/** A group's membership after the cycle compared with what Provisio has written to the target. */
export type MemberDelta = { current: number; desired: number; add: number; remove: number };

/** Pure: what the desired members are, given the directory members and the plan's user actions. */
export function memberDelta(o: {
  members: string[]; linked: Set<string>; current: Set<string>; joining: Set<string>; leaving: Set<string>;
}): MemberDelta {
  const desired = new Set(o.members.filter((u) => (o.linked.has(u) && !o.leaving.has(u)) || o.joining.has(u)));
  return {
    current: o.current.size, desired: desired.size,
    add: [...desired].filter((u) => !o.current.has(u)).length,
    remove: [...o.current].filter((u) => !desired.has(u)).length,
  };
}

/** A group's planned action with its membership change: a group that is otherwise unchanged becomes an update. */
export function withMembers(item: PlanItem, d: MemberDelta): PlanItem {
  if (d.add === 0 && d.remove === 0) return item;
  if (!["create", "update", "adopt", "enable", "skip"].includes(item.action)) return item;
  if (item.action === "skip" && !item.targetId) return item; // not in the target and not created: no members to write
  const change = { name: "members", oldValue: `${d.current} member(s)`, newValue: `+${d.add} −${d.remove} (${d.desired} member(s))` };
  const said = lt("previewMembers", { add: d.add, remove: d.remove });
  return item.action === "skip"
    ? { ...item, action: "update", ...why(said), changes: [change] }
    : { ...item, ...why(sentences(item.reasonText, said)), changes: [...item.changes, change] };
}
