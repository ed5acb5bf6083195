// CSV import of users: header row of field names, one user per row. Rows are
// matched to existing users by userPrincipalName (case-insensitive) and update
// them; the others are created. Every row is validated on its own, so one bad
// row fails alone with its line number. Valid rows are written in batches of
// BATCH rows, one transaction each (multi-row INSERT/UPDATE over unnest, one
// change-feed reservation, one audit entry). If a batch fails in the database
// anyway, it is retried row by row so the bad row is isolated and named.
import { parse } from "csv-parse/sync";
import type { Actor } from "../auth/roles";
import { restoreCell } from "../csv/cells";
import { db, type Tx } from "../db";
import { AppError, localized } from "../errors";
import { writeAudit } from "../logs/audit";
import { bumpChangeSeq, directoryTx } from "./change-feed";
import { directoryChanged } from "./events";
import { MAX_IMPORT_ROWS, mapHeader, type Column } from "./csv-columns";
import { userCreateSchema, userUpdateSchema } from "./schemas";
import { upnKeyOf } from "./users";
import { zodDetails } from "./validate";

const BATCH = 1000;

export type ImportResult = { created: number; updated: number; unchanged: number; failed: { line: number; message: string }[] };

const TRUE = new Set(["true", "yes", "1", "enabled"]);
const FALSE = new Set(["false", "no", "0", "disabled"]);

type Row = { line: number; values: Record<string, unknown>; upnKey: string };
type Prepared = { line: number; upnKey: string; existingId: string | null; data: Record<string, unknown> };

/** Parses the CSV text into rows (header mapped); structural errors (bad quoting) fail the whole file. */
export function parseUsersCsv(text: string, lineOffset = 0): { rows: Row[]; failed: ImportResult["failed"]; columns: Column[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw localized(new AppError("validation_failed", `The file is not valid CSV${err.lines ? ` (line ${err.lines + lineOffset})` : ""}: ${err.message ?? "parse error"}`), "csvInvalid", { hasLine: err.lines ? "yes" : "no", line: err.lines ? err.lines + lineOffset : 0, detail: err.message ?? "parse error" });
  }
  const [head, ...body] = records;
  if (!head) throw localized(new AppError("validation_failed", "The file is empty: it needs a header row of field names and one row per user."), "csvEmpty");
  if (body.length > MAX_IMPORT_ROWS) throw localized(new AppError("payload_too_large", `The file has ${body.length.toLocaleString("en-US")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} per file.`), "rowsTooMany", { rows: body.length, max: MAX_IMPORT_ROWS });
  const columns = mapHeader(head.record);
  const failed: ImportResult["failed"] = [];
  const rows: Row[] = [];
  for (const { record, info } of body) {
    const line = info.lines + lineOffset;
    if (record.length !== columns.length) {
      failed.push({ line, message: `Expected ${columns.length} values (one per column) but found ${record.length}.` });
      continue;
    }
    const values: Record<string, unknown> = {};
    const ext: Record<string, string> = {};
    let bad: string | null = null;
    columns.forEach((c, i) => {
      // Our own exports quote formula-like cells (lib/csv/cells.ts); the quote comes off here.
      const cell = restoreCell(record[i] ?? "");
      // An empty cell means "not given": it leaves an existing user's value alone.
      if (cell === "" || c.kind === "ignore") return;
      if (c.kind === "ext") ext[c.key] = cell;
      else if (c.field === "accountEnabled") {
        const l = cell.toLowerCase();
        if (TRUE.has(l)) values.accountEnabled = true;
        else if (FALSE.has(l)) values.accountEnabled = false;
        else bad ??= `accountEnabled must be true or false, not "${cell}"`;
      } else values[c.field] = cell;
    });
    if (bad) {
      failed.push({ line, message: bad });
      continue;
    }
    if (Object.keys(ext).length) values.extensionAttributes = ext;
    const upn = typeof values.userPrincipalName === "string" ? values.userPrincipalName : "";
    rows.push({ line, values, upnKey: upnKeyOf(upn) });
  }
  return { rows, failed, columns };
}

/** Imports users from CSV text. `lineOffset` shifts reported line numbers (the portal sends a big file in chunks). */
export async function importUsersCsv(actor: Actor, text: string, opts: { lineOffset?: number; ip?: string } = {}): Promise<ImportResult> {
  const { rows, failed } = parseUsersCsv(text, opts.lineOffset ?? 0);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, failed };
  // A UPN twice in one file is ambiguous: the first row wins, later ones fail.
  const firstLine = new Map<string, number>();
  const unique: Row[] = [];
  for (const r of rows) {
    const prev = r.upnKey ? firstLine.get(r.upnKey) : undefined;
    if (prev !== undefined) result.failed.push({ line: r.line, message: `userPrincipalName ${String(r.values.userPrincipalName)} already appears on line ${prev}.` });
    else {
      if (r.upnKey) firstLine.set(r.upnKey, r.line);
      unique.push(r);
    }
  }
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    const r = await importBatch(actor, batch, opts.ip);
    result.created += r.created;
    result.updated += r.updated;
    result.unchanged += r.unchanged;
    result.failed.push(...r.failed);
  }
  result.failed.sort((a, b) => a.line - b.line);
  return result;
}

async function importBatch(actor: Actor, batch: Row[], ip?: string): Promise<ImportResult> {
  const out: ImportResult = { created: 0, updated: 0, unchanged: 0, failed: [] };
  const keys = batch.map((r) => r.upnKey).filter(Boolean);
  const existing = new Map(
    (await db.$queryRaw<{ id: string; upnKey: string }[]>`SELECT id, "upnKey" FROM directory_user WHERE "upnKey" = ANY(${keys}::text[])`).map((e) => [e.upnKey, e.id]),
  );
  const prepared: Prepared[] = [];
  for (const r of batch) {
    const existingId = existing.get(r.upnKey) ?? null;
    const parsed = (existingId ? userUpdateSchema : userCreateSchema).safeParse(r.values);
    if (!parsed.success) {
      const d = zodDetails(parsed.error)[0];
      out.failed.push({ line: r.line, message: d ? `${d.path ? `${d.path}: ` : ""}${d.message}` : "invalid row" });
      continue;
    }
    prepared.push({ line: r.line, upnKey: r.upnKey, existingId, data: parsed.data as Record<string, unknown> });
  }
  // managerId must name an existing user (checked here so the FK never aborts a batch).
  const managerIds = [...new Set(prepared.map((p) => p.data.managerId).filter((m): m is string => typeof m === "string"))];
  if (managerIds.length) {
    const found = new Set((await db.directoryUser.findMany({ where: { id: { in: managerIds } }, select: { id: true } })).map((m) => m.id));
    for (let i = prepared.length - 1; i >= 0; i--) {
      const p = prepared[i]!;
      const m = p.data.managerId;
      if (typeof m === "string" && (!found.has(m) || m === p.existingId)) {
        out.failed.push({ line: p.line, message: m === p.existingId ? "managerId: a user cannot be their own manager" : `managerId: no user with the id ${m}` });
        prepared.splice(i, 1);
      }
    }
  }
  if (prepared.length === 0) return out;
  try {
    const r = await directoryTx((tx) => writeBatch(tx, actor, prepared, ip));
    out.created += r.created.length;
    out.updated += r.updated.length;
    out.unchanged += prepared.length - r.created.length - r.updated.length - r.lost.length;
    for (const line of r.lost) out.failed.push({ line, message: "A user with this userPrincipalName was created at the same time by someone else; import the row again to update it." });
    const ids = [...r.created, ...r.updated];
    if (ids.length) await directoryChanged({ objectType: "user", ids });
  } catch (e) {
    if (prepared.length === 1) {
      const p = prepared[0]!;
      out.failed.push({ line: p.line, message: e instanceof AppError ? e.message : "The database rejected this row (a value has the wrong format or is too long)." });
      return out;
    }
    // Isolate the row the database rejects: the rest of the batch still goes in.
    for (const p of prepared) {
      const single = await importBatch(actor, [batch.find((b) => b.line === p.line)!], ip);
      out.created += single.created;
      out.updated += single.updated;
      out.unchanged += single.unchanged;
      out.failed.push(...single.failed);
    }
  }
  return out;
}

const col = (rows: Prepared[], k: string) => rows.map((r) => (r.data[k] === undefined ? null : (r.data[k] as string | null)));

async function writeBatch(tx: Tx, actor: Actor, rows: Prepared[], ip?: string): Promise<{ created: string[]; updated: string[]; lost: number[] }> {
  const creates = rows.filter((r) => !r.existingId);
  const updates = rows.filter((r) => r.existingId);
  // Rows are written once, with their change-feed seq. Order matters: lock the rows to update first,
  // then take the counter (held to commit), then write. Seqs are reserved for every row; unchanged
  // rows leave gaps, which the feed allows (seqs need only be unique and increase in commit order).
  const updateIds = updates.map((r) => r.existingId!);
  if (updateIds.length) await tx.$queryRaw`SELECT id FROM directory_user WHERE id = ANY(${updateIds}::text[]) ORDER BY id FOR NO KEY UPDATE`;
  const first = await bumpChangeSeq(tx, rows.length);
  let created: { id: string; upnKey: string; userPrincipalName: string }[] = [];
  if (creates.length) {
    created = await tx.$queryRaw`
      INSERT INTO directory_user (id, "userPrincipalName", "upnKey", "displayName", "givenName", surname, mail, "mailNickname", "jobTitle", department,
                                  "employeeId", "accountEnabled", "managerId", "extensionAttributes", "changeSeq", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, t.upn, t.upnkey, t.dn, t.gn, t.sn, t.mail, t.nick, t.title, t.dept, t.emp, coalesce(t.enabled, true), t.mgr,
             coalesce(t.ext, '{}'::jsonb), ${first}::bigint + t.ord - 1, now(), now()
        FROM unnest(${col(creates, "userPrincipalName")}::text[], ${creates.map((r) => r.upnKey)}::text[], ${col(creates, "displayName")}::text[],
                    ${col(creates, "givenName")}::text[], ${col(creates, "surname")}::text[], ${col(creates, "mail")}::text[], ${col(creates, "mailNickname")}::text[],
                    ${col(creates, "jobTitle")}::text[], ${col(creates, "department")}::text[], ${col(creates, "employeeId")}::text[],
                    ${creates.map((r) => (r.data.accountEnabled as boolean | undefined) ?? null)}::boolean[], ${col(creates, "managerId")}::text[],
                    ${creates.map((r) => (r.data.extensionAttributes ? JSON.stringify(r.data.extensionAttributes) : null))}::jsonb[])
             WITH ORDINALITY AS t(upn, upnkey, dn, gn, sn, mail, nick, title, dept, emp, enabled, mgr, ext, ord)
      ON CONFLICT ("upnKey") DO NOTHING
      RETURNING id, "upnKey", "userPrincipalName"`;
  }
  const createdKeys = new Set(created.map((c) => c.upnKey));
  const lost = creates.filter((c) => !createdKeys.has(c.upnKey)).map((c) => c.line);
  let updated: { id: string; userPrincipalName: string }[] = [];
  if (updates.length) {
    // Empty cells arrived as null: coalesce keeps the stored value. Only rows where something differs are written.
    updated = await tx.$queryRaw`
      UPDATE directory_user u SET
        "userPrincipalName" = coalesce(t.upn, u."userPrincipalName"), "displayName" = coalesce(t.dn, u."displayName"),
        "givenName" = coalesce(t.gn, u."givenName"), surname = coalesce(t.sn, u.surname), mail = coalesce(t.mail, u.mail),
        "mailNickname" = coalesce(t.nick, u."mailNickname"), "jobTitle" = coalesce(t.title, u."jobTitle"), department = coalesce(t.dept, u.department),
        "employeeId" = coalesce(t.emp, u."employeeId"), "accountEnabled" = coalesce(t.enabled, u."accountEnabled"), "managerId" = coalesce(t.mgr, u."managerId"),
        "extensionAttributes" = u."extensionAttributes" || coalesce(t.ext, '{}'::jsonb), "updatedAt" = now(),
        "changeSeq" = ${first + BigInt(creates.length)}::bigint + t.ord - 1
      FROM unnest(${updates.map((r) => r.existingId!)}::text[], ${col(updates, "userPrincipalName")}::text[], ${col(updates, "displayName")}::text[],
                  ${col(updates, "givenName")}::text[], ${col(updates, "surname")}::text[], ${col(updates, "mail")}::text[], ${col(updates, "mailNickname")}::text[],
                  ${col(updates, "jobTitle")}::text[], ${col(updates, "department")}::text[], ${col(updates, "employeeId")}::text[],
                  ${updates.map((r) => (r.data.accountEnabled as boolean | undefined) ?? null)}::boolean[], ${col(updates, "managerId")}::text[],
                  ${updates.map((r) => (r.data.extensionAttributes ? JSON.stringify(r.data.extensionAttributes) : null))}::jsonb[])
           WITH ORDINALITY AS t(id, upn, dn, gn, sn, mail, nick, title, dept, emp, enabled, mgr, ext, ord)
      WHERE u.id = t.id AND (
        u."userPrincipalName" IS DISTINCT FROM coalesce(t.upn, u."userPrincipalName")
        OR u."displayName" IS DISTINCT FROM coalesce(t.dn, u."displayName") OR u."givenName" IS DISTINCT FROM coalesce(t.gn, u."givenName")
        OR u.surname IS DISTINCT FROM coalesce(t.sn, u.surname) OR u.mail IS DISTINCT FROM coalesce(t.mail, u.mail)
        OR u."mailNickname" IS DISTINCT FROM coalesce(t.nick, u."mailNickname") OR u."jobTitle" IS DISTINCT FROM coalesce(t.title, u."jobTitle")
        OR u.department IS DISTINCT FROM coalesce(t.dept, u.department) OR u."employeeId" IS DISTINCT FROM coalesce(t.emp, u."employeeId")
        OR u."accountEnabled" IS DISTINCT FROM coalesce(t.enabled, u."accountEnabled") OR u."managerId" IS DISTINCT FROM coalesce(t.mgr, u."managerId")
        OR u."extensionAttributes" IS DISTINCT FROM u."extensionAttributes" || coalesce(t.ext, '{}'::jsonb))
      RETURNING u.id, u."userPrincipalName"`;
  }
  if (created.length + updated.length === 0) return { created: [], updated: [], lost };
  // One audit entry per batch (naming every user) rather than one per row: a 100k-row import stays fast and the log readable.
  await writeAudit(actor, {
    action: "user.import", targetType: "user", targetName: `${created.length} created, ${updated.length} updated`,
    after: { created: created.map((c) => c.userPrincipalName), updated: updated.map((u) => u.userPrincipalName) },
  }, tx, ip);
  return { created: created.map((c) => c.id), updated: updated.map((u) => u.id), lost };
}
