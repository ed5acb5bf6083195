// Computes a stored preview: every user and group of the directory (and every link whose
// object is gone) through writeObject in plan mode — the same import, scope, mapping,
// target read (GET only; the client is in dry run besides) and decision (decide.ts) as a
// full reconcile — then the schema checks. Writes nothing but the preview's own rows.
import { iterateGroups } from "../../directory/groups";
import { countUsers, iterateUsers } from "../../directory/users";
import { db, Prisma } from "../../db";
import { log } from "../../log";
import { ScimError } from "../../scim";
import { loadAppContext } from "../context";
import { CredentialsRejected } from "../errors";
import { pool, writeGroups, writeUsers } from "../phases";
import { PAGE_SIZE, WRITE_CONCURRENCY } from "../policy";
import type { AppContext, ObjectKind, WriteResult } from "../types";
import { writeObject } from "../write-object";
import { readDeclarations, type TargetDeclarations } from "./declared";
import { readListing } from "./listing";
import { previewMemberDelta, type PlannedUsers } from "./members";
import { emptyPlanCounts, toPlanItem, withMembers, type PlanCounts, type PlanItem } from "./plan";
import { checkPayload, checkUniqueness, type Finding, type UniquenessInput } from "./schema-checks";

const asJson = (v: unknown) => v as Prisma.InputJsonValue;
const WRITES = new Set(["create", "update", "adopt", "enable"]);

/** planned: the users the plan links (create, adopt) or unlinks (delete), for the groups' members */
type Tally = { counts: PlanCounts; findings: Record<string, number>; processed: number; unique: UniquenessInput[]; planned: PlannedUsers };

/** Link rows whose directory object no longer exists (the cycle's orphan phases). */
async function orphanIds(appId: string, kind: ObjectKind, after: string): Promise<string[]> {
  const table = kind === "user" ? Prisma.sql`directory_user` : Prisma.sql`directory_group`;
  const rows = await db.$queryRaw<{ sourceId: string }[]>`
    SELECT l."sourceId" FROM sync_link l LEFT JOIN ${table} s ON s.id = l."sourceId"
    WHERE l."appId" = ${appId} AND l."objectType" = ${kind} AND l.state <> 'deleted' AND s.id IS NULL AND l."sourceId" > ${after}
    ORDER BY l."sourceId" LIMIT ${PAGE_SIZE}`;
  return rows.map((r) => r.sourceId);
}

function findingsOf(ctx: AppContext, item: PlanItem, declared: TargetDeclarations): Finding[] {
  if (!item.payload || !WRITES.has(item.action)) return [];
  const doc = item.objectType === "user" ? ctx.users : ctx.groups;
  return checkPayload(item.payload, {
    create: item.action === "create", changed: item.changes.map((c) => c.name),
    declared: item.objectType === "user" ? declared.user : declared.group, mappings: doc.attributeMappings,
  });
}

async function store(previewId: string, ctx: AppContext, results: WriteResult[], declared: TargetDeclarations, t: Tally, changesOnly: boolean) {
  const rows: Prisma.SyncPreviewItemCreateManyInput[] = [];
  for (const r of results) {
    // Objects neither in scope nor provisioned are not part of the plan.
    if (r.decision?.op === "skip" && r.decision.outside) continue;
    let item = toPlanItem(r);
    if (item.objectType === "user" && (item.action === "create" || item.action === "adopt")) t.planned.joining.add(item.sourceId);
    if (item.objectType === "user" && item.action === "delete") t.planned.leaving.add(item.sourceId);
    if (item.objectType === "group" && ctx.groups.enabled) item = withMembers(item, await previewMemberDelta(ctx.app.id, item.sourceId, t.planned));
    const findings = findingsOf(ctx, item, declared);
    t.counts[item.action] += 1;
    for (const f of findings) t.findings[f.code] = (t.findings[f.code] ?? 0) + 1;
    if (item.payload && WRITES.has(item.action) && item.objectType === "user") {
      // Only what the uniqueness check needs is kept in memory (100k users must fit).
      const userName = Object.entries(item.payload).find(([k]) => k.toLowerCase() === "username")?.[1] ?? null;
      t.unique.push({ key: item.sourceId, identity: item.identity, payload: { userName } });
    }
    // "Preview the effect of this change": what the cycle would leave alone is counted, not listed.
    if (changesOnly && item.action === "skip") continue;
    rows.push({
      previewId, objectType: item.objectType, sourceId: item.sourceId, identity: item.identity, action: item.action, reason: item.reason,
      reasonText: typeof item.reasonText === "string" ? Prisma.DbNull : asJson(item.reasonText),
      targetId: item.targetId, changes: asJson(item.changes), findings: asJson(findings), findingCodes: [...new Set(findings.map((f) => f.code))],
    });
  }
  if (rows.length) await db.syncPreviewItem.createMany({ data: rows });
}

export async function runPreview(previewId: string): Promise<void> {
  const preview = await db.syncPreview.findUnique({ where: { id: previewId } });
  if (!preview || preview.status === "completed" || preview.status === "failed") return; // a retried job of a preview already done
  const appId = preview.appId;
  // The worker that ran it died: start over (the plan is recomputed, not resumed).
  if (preview.status === "running") await db.syncPreviewItem.deleteMany({ where: { previewId } });
  await db.syncPreview.update({ where: { id: previewId }, data: { status: "running", startedAt: new Date() } });
  const t: Tally = { counts: emptyPlanCounts(), findings: {}, processed: 0, unique: [], planned: { joining: new Set(), leaving: new Set() } };
  const progress = () => db.syncPreview.update({ where: { id: previewId }, data: { processed: t.processed, counts: asJson(t.counts), findings: asJson(t.findings) } });
  try {
    // Dry run: the client refuses to send anything but GETs, whatever the plan path does.
    const ctx = await loadAppContext(appId, { cycleId: null, dryRun: true });
    const total = (await countUsers()) + (await db.directoryGroup.count());
    const targetReadAt = new Date();
    const declared = await readDeclarations(ctx.client, ctx.template, ctx.users, ctx.groups);
    await db.syncPreview.update({ where: { id: previewId }, data: { total, targetReadAt, schemaSource: declared.source } });
    // Lookups or one pass over the target's list, chosen as a full cycle would choose.
    const listing = await readListing(ctx);
    log.info("preview reads the target", { appId, previewId, strategy: Object.fromEntries(Object.entries(listing.plan).map(([k, v]) => [k, v.strategy])), listRequests: listing.requests });
    const opts = { reconcile: true, plan: true, finder: listing.finder, finderComplete: true } as const;

    for (let after: string | null = null; ;) {
      const page = await iterateUsers({ afterId: after, limit: PAGE_SIZE });
      if (page.items.length) {
        await store(previewId, ctx, await writeUsers(ctx, page.items.map((u) => u.id), opts), declared, t, preview.changesOnly);
        t.processed += page.items.length;
        await progress();
      }
      if (!page.nextAfterId) break;
      after = page.nextAfterId;
    }
    for (const kind of ["user", "group"] as const) {
      if (kind === "group") {
        for (let after: string | null = null; ;) {
          const page = await iterateGroups({ afterId: after, limit: Math.max(20, PAGE_SIZE / 4) });
          if (page.items.length) {
            await store(previewId, ctx, await writeGroups(ctx, page.items.map((g) => g.id), opts), declared, t, preview.changesOnly);
            t.processed += page.items.length;
            await progress();
          }
          if (!page.nextAfterId) break;
          after = page.nextAfterId;
        }
      }
      for (let after = ""; ;) {
        const ids = await orphanIds(appId, kind, after);
        if (!ids.length) break;
        await store(previewId, ctx, await pool(ids, WRITE_CONCURRENCY, (id) => writeObject(ctx, kind, id, opts)), declared, t, preview.changesOnly);
        after = ids[ids.length - 1]!;
      }
    }

    // Two users of the plan given one userName: only one of them can have it.
    const clashes = checkUniqueness(t.unique, ["userName"], ctx.users.attributeMappings);
    for (const [sourceId, findings] of clashes) {
      const row = await db.syncPreviewItem.findFirst({ where: { previewId, objectType: "user", sourceId } });
      if (!row) continue;
      const all = [...(row.findings as Finding[]), ...findings];
      for (const f of findings) t.findings[f.code] = (t.findings[f.code] ?? 0) + 1;
      await db.syncPreviewItem.update({ where: { id: row.id }, data: { findings: asJson(all), findingCodes: [...new Set(all.map((f) => f.code))] } });
    }
    await db.syncPreview.update({ where: { id: previewId }, data: { status: "completed", finishedAt: new Date(), processed: t.processed, counts: asJson(t.counts), findings: asJson(t.findings) } });
  } catch (err) {
    const message = err instanceof CredentialsRejected || (err instanceof ScimError && err.kind === "auth")
      ? `The target rejected Provisio's credentials: ${(err as Error).message} Check them on the Provisioning page and run Test Connection.`
      : `The preview could not be completed: ${(err as Error).message}`;
    log.warn("preview failed", { appId, previewId, err: (err as Error).message });
    await db.syncPreview.update({ where: { id: previewId }, data: { status: "failed", finishedAt: new Date(), error: message, processed: t.processed, counts: asJson(t.counts) } });
  }
}
