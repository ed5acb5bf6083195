// Statistics to date of one app (the Provisioning Overview): what is in the app now
// (links by state) and what every cycle so far did, by object type and action.
// On-demand runs count too: they write to the app like any cycle.
import { db } from "../db";
import { notFound } from "../errors";

const ACTIONS = ["created", "updated", "disabled", "deleted", "skipped", "failed", "conflict"] as const;
type Action = (typeof ACTIONS)[number];
export type KindStatistics = { provisioned: number; disabledInApp: number; byAction: Record<Action, number> };
export type ProvisioningStatistics = { cycles: number; onDemandRuns: number; since: string | null; users: KindStatistics; groups: KindStatistics };

const emptyKind = (): KindStatistics => ({ provisioned: 0, disabledInApp: 0, byAction: Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number> });

export async function getStatistics(appId: string): Promise<ProvisioningStatistics> {
  const app = await db.app.findUnique({ where: { id: appId }, select: { id: true } });
  if (!app) throw notFound("The application");
  const links = await db.syncLink.groupBy({ by: ["objectType", "state"], where: { appId }, _count: { _all: true } });
  // Summed in Postgres: an app can have thousands of cycles.
  const sums = await db.$queryRaw<Array<{ kind: string; action: string; n: bigint }>>`
    SELECT k.kind, a.action, COALESCE(sum(CASE WHEN jsonb_typeof(c.counts -> k.kind -> a.action) = 'number' THEN (c.counts -> k.kind ->> a.action)::bigint END), 0) AS n
      FROM sync_cycle c
      CROSS JOIN (VALUES ('users'), ('groups')) AS k(kind)
      CROSS JOIN unnest(${[...ACTIONS]}::text[]) AS a(action)
     WHERE c."appId" = ${appId}
     GROUP BY k.kind, a.action`;
  const runs = await db.syncCycle.groupBy({ by: ["type"], where: { appId }, _count: { _all: true }, _min: { startedAt: true } });

  const out: ProvisioningStatistics = { cycles: 0, onDemandRuns: 0, since: null, users: emptyKind(), groups: emptyKind() };
  for (const l of links) {
    const k = l.objectType === "group" ? out.groups : out.users;
    if (l.state === "active") k.provisioned += l._count._all;
    else if (l.state === "disabled") k.disabledInApp += l._count._all;
  }
  for (const s of sums) {
    const k = s.kind === "groups" ? out.groups : out.users;
    if ((ACTIONS as readonly string[]).includes(s.action)) k.byAction[s.action as Action] = Number(s.n);
  }
  let first: Date | null = null;
  for (const r of runs) {
    if (r.type === "on_demand") out.onDemandRuns += r._count._all;
    else out.cycles += r._count._all;
    if (r._min.startedAt && (!first || r._min.startedAt < first)) first = r._min.startedAt;
  }
  out.since = first?.toISOString() ?? null;
  return out;
}
