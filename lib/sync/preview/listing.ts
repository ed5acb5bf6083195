// How a preview finds each object's counterpart in the target: the same choice as a full cycle
// (chooseStrategy — one lookup per object, or paging through the target's list once), but the
// listing is kept in this process's memory rather than in sync_target_object, which belongs to
// the cycle that may be running beside the preview. A preview writes nothing, so the listing is
// the whole target as it is now: an object missing from it is absent (no lookup to confirm).
// Memory: the target's objects of one kind as parsed JSON (~1 KB each; 100,000 users ≈ 100 MB).
import type { ScimResource } from "../../scim";
import { chooseStrategy, inScopeCount, listingKeys, matchingKey, RESOURCE, type ReconcilePlan } from "../reconcile";
import type { AppContext, ObjectKind } from "../types";
import type { TargetFinder } from "../write-object";

export type PreviewListing = { plan: ReconcilePlan; finder: TargetFinder | undefined; requests: number };

export async function readListing(ctx: AppContext): Promise<PreviewListing> {
  const plan: ReconcilePlan = {};
  const byId = new Map<string, ScimResource>();
  const byKey = new Map<string, string>();
  const p = ctx.client.profile;
  let requests = 0;
  for (const kind of ["user", "group"] as const) {
    if (!(kind === "user" ? ctx.users : ctx.groups).enabled) continue;
    const total = (await ctx.client.list(RESOURCE[kind], { count: 1, startIndex: 1 })).totalResults;
    requests += 1;
    plan[kind] = chooseStrategy({ targetObjects: total, inScope: await inScopeCount(ctx, kind), pageSize: p.pageSize, paging: p.paging });
    if (plan[kind]!.strategy !== "list") continue;
    for (let startIndex = 1; ;) {
      const page = await ctx.client.list(RESOURCE[kind], { startIndex, count: p.pageSize });
      requests += 1;
      for (const r of page.resources) {
        if (r.id === undefined) continue;
        byId.set(`${kind}:${String(r.id)}`, r);
        for (const k of listingKeys(ctx, kind, r)) if (!byKey.has(`${kind}:${k}`)) byKey.set(`${kind}:${k}`, String(r.id));
      }
      startIndex += page.resources.length;
      if (!p.paging || page.resources.length === 0 || startIndex > page.totalResults) break;
    }
  }
  const listed = (kind: ObjectKind) => plan[kind]?.strategy === "list";
  const finder: TargetFinder = async (kind, link, matching) => {
    if (!listed(kind)) return undefined;
    if (link) {
      const r = byId.get(`${kind}:${link.targetId}`);
      if (r) return { resource: r, matchedBy: null };
    }
    for (const m of matching) {
      if (m.value === null || m.value === undefined || typeof m.value === "object") continue;
      const id = byKey.get(`${kind}:${matchingKey(m.target, m.value)}`);
      if (id) return { resource: byId.get(`${kind}:${id}`)!, matchedBy: m };
    }
    return null;
  };
  return { plan, finder: listed("user") || listed("group") ? finder : undefined, requests };
}
