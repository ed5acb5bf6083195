// The pure half of real-time push: from a batch of directory notices, what the worker must
// look up. A notice without ids (a bulk write) may concern anything: every app with
// provisioning On. Otherwise the changed users and groups (whose apps are looked up) and the
// apps named by assignment notices.
import type { DirectoryNotice } from "../directory/events";

export type PushPlan = { kind: "none" } | { kind: "all" } | { kind: "some"; userIds: string[]; groupIds: string[]; appIds: string[] };

export function planPush(notices: DirectoryNotice[]): PushPlan {
  if (!notices.length) return { kind: "none" };
  const userIds = new Set<string>();
  const groupIds = new Set<string>();
  const appIds = new Set<string>();
  for (const n of notices) {
    if (n.objectType === "assignment") {
      // An assignment concerns its own app only; one without an app could be any.
      if (!n.appId) return { kind: "all" };
      appIds.add(n.appId);
      continue;
    }
    if (!n.ids) return { kind: "all" };
    for (const id of n.ids) (n.objectType === "user" ? userIds : groupIds).add(id);
  }
  return { kind: "some", userIds: [...userIds], groupIds: [...groupIds], appIds: [...appIds] };
}
