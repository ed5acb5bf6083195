// The end of every engine benchmark: is the target exactly what the directory says it should
// hold after an initial cycle? Every in-scope, enabled user once (no duplicate by the matching
// attribute, nothing extra) with the mapped attributes (manager as the manager's target id),
// every in-scope group once, with exactly its provisioned members. Computed from the directory
// and the app's mappings, not from Provisio's links: a link that is wrong cannot hide a wrong target.
// The one checker of the engine benchmarks: the target's contents come from its process (dump),
// not its SCIM API, so a rate-limited target answers as fast as any (no 429 mid-check).
import { iterateGroups, iterateMemberIds } from "../directory/groups";
import { iterateUsers } from "../directory/users";
import { applyMappings, evaluateScopingFilters, toGroupSourceObject, toSourceObject, type FlatAttributes } from "../mapping";
import { flattenScimResource } from "../scim";
import { loadAppContext } from "../sync/context";
import { sameValue } from "../sync/decide";
import { groupAssignments, userAssignments } from "../sync/scope";
import type { TargetProcess } from "./target-process";

type Resource = Record<string, unknown> & { id: string };
export type TargetContents = { users: Resource[]; groups: Resource[] };
export type Verdict = { ok: boolean; users: number; groups: number; memberships: number; problems: string[] };

const isManager = (p: string) => /(^|:)manager(\.value)?$/i.test(p);
const WRITE_ONLY = /(^|:)password$/i;
const MAX_REPORTED = 20;

export async function verifyTarget(appId: string, target: TargetContents): Promise<Verdict> {
  const ctx = await loadAppContext(appId, { cycleId: null });
  ctx.client.close();
  const problems: string[] = [];
  const problem = (p: string) => problems.length < MAX_REPORTED && problems.push(p);

  // ── users: expected from the directory ──
  const expected = new Map<string, { key: string; attrs: FlatAttributes }>();
  for (let after: string | null = null; ;) {
    const page = await iterateUsers({ afterId: after, limit: 1000 });
    const assigned = await userAssignments(ctx, page.items.map((u) => u.id));
    for (const u of page.items) {
      const a = assigned.get(u.id)!;
      const source = toSourceObject({ ...u, extensionAttributes: u.extensionAttributes }, { isSoftDeleted: !u.accountEnabled || !a.assigned, appRoleAssignments: a.roles });
      if (!a.assigned || !u.accountEnabled || !evaluateScopingFilters(ctx.users.scopingFilters, source).inScope) continue;
      const mapped = applyMappings(ctx.users, source, { isCreate: true, targetAttributes: ctx.users.targetAttributes });
      const m = mapped.matching[0];
      if (!m || typeof m.value !== "string") throw new Error(`user ${u.id} has no matching value`);
      expected.set(u.id, { key: `${m.target}|${m.value.toLowerCase()}`, attrs: mapped.attributes });
    }
    if (!page.nextAfterId) break;
    after = page.nextAfterId;
  }
  const matchAttr = [...expected.values()][0]?.key.split("|")[0] ?? "userName";
  const byKey = new Map<string, Resource[]>();
  for (const r of target.users) {
    const v = flattenScimResource(r as never, [matchAttr])[matchAttr];
    const k = `${matchAttr}|${String(v).toLowerCase()}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  for (const [k, rs] of byKey) if (rs.length > 1) problem(`duplicate user in the target: ${k} × ${rs.length}`);
  const targetIdOf = new Map<string, string>();
  for (const [id, e] of expected) {
    const hit = byKey.get(e.key)?.[0];
    if (hit) targetIdOf.set(id, hit.id);
  }
  const wanted = new Set([...expected.values()].map((e) => e.key));
  for (const k of byKey.keys()) if (!wanted.has(k)) problem(`user in the target that should not be there: ${k}`);
  for (const [id, e] of expected) {
    const hit = byKey.get(e.key)?.[0];
    if (!hit) {
      problem(`missing user ${e.key} (directory ${id})`);
      continue;
    }
    const keys = Object.keys(e.attrs).filter((k) => !WRITE_ONLY.test(k));
    const held = flattenScimResource(hit as never, keys);
    for (const k of keys) {
      let want = e.attrs[k] ?? null;
      if (isManager(k) && typeof want === "string" && want) want = targetIdOf.get(want) ?? null; // a manager not provisioned (disabled, out of scope) is left out
      if (!sameValue(held[k], want)) problem(`user ${e.key}: ${k} is ${JSON.stringify(held[k])}, expected ${JSON.stringify(want)}`);
    }
  }

  // ── groups and their members ──
  let groups = 0;
  let memberships = 0;
  const groupsByName = new Map<string, Resource[]>();
  for (const g of target.groups) {
    const k = String(g.displayName ?? "").toLowerCase();
    groupsByName.set(k, [...(groupsByName.get(k) ?? []), g]);
  }
  const wantedGroups = new Set<string>();
  if (ctx.groups.enabled) {
    for (let after: string | null = null; ;) {
      const page = await iterateGroups({ afterId: after, limit: 500 });
      const assigned = await groupAssignments(ctx, page.items.map((g) => g.id));
      for (const g of page.items) {
        const source = toGroupSourceObject({ id: g.id, displayName: g.displayName, mailNickname: g.mailNickname, description: g.description });
        if (!assigned.has(g.id) || !evaluateScopingFilters(ctx.groups.scopingFilters, source).inScope) continue;
        const name = g.displayName.toLowerCase();
        wantedGroups.add(name);
        groups++;
        const found = groupsByName.get(name) ?? [];
        if (found.length !== 1) {
          problem(found.length ? `duplicate group in the target: ${g.displayName} × ${found.length}` : `missing group ${g.displayName}`);
          continue;
        }
        const wantMembers: string[] = [];
        for (let a: string | null = null; ;) {
          const m = await iterateMemberIds(g.id, { afterUserId: a, limit: 5000 });
          for (const u of m.userIds) {
            const t = targetIdOf.get(u);
            if (t) wantMembers.push(t);
          }
          if (!m.nextAfterUserId) break;
          a = m.nextAfterUserId;
        }
        const held = ((found[0]!.members ?? []) as Array<{ value?: unknown }>).map((m) => String(m.value));
        memberships += held.length;
        const heldSet = new Set(held);
        if (held.length !== heldSet.size) problem(`group ${g.displayName}: ${held.length - heldSet.size} duplicate member(s)`);
        const wantSet = new Set(wantMembers);
        const missing = wantMembers.filter((m) => !heldSet.has(m)).length;
        const extra = held.filter((m) => !wantSet.has(m)).length;
        if (missing || extra) problem(`group ${g.displayName}: ${missing} member(s) missing, ${extra} extra (expected ${wantSet.size})`);
      }
      if (!page.nextAfterId) break;
      after = page.nextAfterId;
    }
  }
  for (const [name, gs] of groupsByName) if (!wantedGroups.has(name)) problem(`group in the target that should not be there: ${gs[0]!.displayName}`);
  return { ok: problems.length === 0, users: expected.size, groups, memberships, problems };
}

/** Every app's target (appIds[i] writes to the process's i-th target) against the directory; throws unless all are exact. Totals of what was checked. */
export async function assertTargetsExact(targets: TargetProcess, appIds: string[]): Promise<{ users: number; groups: number; memberships: number }> {
  const contents = await targets.dump();
  let users = 0, groups = 0, memberships = 0;
  for (const [i, appId] of appIds.entries()) {
    const v = await verifyTarget(appId, contents[i] ?? { users: [], groups: [] });
    if (!v.ok) throw new Error(`the target ${targets.urls[i]} does not match the directory:\n  ${v.problems.join("\n  ")}`);
    users += v.users;
    groups += v.groups;
    memberships += v.memberships;
  }
  return { users, groups, memberships };
}
