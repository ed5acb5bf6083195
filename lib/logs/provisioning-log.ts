// Provisioning log: one row per action on one object. The engine writes in
// batches (one multi-row INSERT); the portal reads with keyset paging on id
// (newest first) and exports the filtered set as a stream of keyset batches,
// so neither a deep page nor a million-row download grows with the table.
import { csvRows } from "../csv/cells";
import { db, Prisma, type Tx } from "../db";
import { likePrefix } from "../db/like";
import { AppError, notFound } from "../errors";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { localizeEntry, storedTexts, type LogTexts, type StepInput } from "./log-texts";
import type { Text } from "./text";

export type LogAction = "create" | "update" | "disable" | "enable" | "delete" | "skip" | "other";
export type LogStatus = "success" | "failure" | "skipped";
export const LOG_ACTIONS: readonly LogAction[] = ["create", "update", "disable", "enable", "delete", "skip", "other"];
export const LOG_STATUSES: readonly LogStatus[] = ["success", "failure", "skipped"];

/** One step of the per-object pipeline (import, scope, match, action), as Azure shows them. */
export type LogStep = { name: string; status: "success" | "failure" | "skipped"; details?: string; at?: string };
export type ModifiedProperty = { name: string; oldValue?: unknown; newValue?: unknown };

/** What the engine hands to writeProvisioningLogs (mirrors the provisioning_log table). */
export type ProvisioningLogInput = {
  at?: Date;
  appId: string;
  appName?: string | null;
  cycleId?: string | null;
  objectType: "user" | "group";
  action: LogAction;
  status: LogStatus;
  sourceId?: string | null;
  sourceIdentity?: string | null;
  targetId?: string | null;
  /** the engine's steps (code + text); a plain step (name + details) is foreign text, stored as is */
  steps?: (StepInput | LogStep)[];
  modifiedProperties?: ModifiedProperty[];
  errorCode?: string | null;
  /** language-neutral texts (text.ts); stored as English in the text columns and as keys in "texts" */
  reason?: Text | null;
  recommendation?: Text | null;
  durationMs?: number | null;
  /** SCIM request/response exchanged; redacted before it is stored */
  exchange?: unknown;
};

// ───── redaction ─────

const SECRET = /pass(word)?|secret|token|authorization|api[-_]?key|cookie|credential|bearer/i;
const REDACTED = "[redacted]";

/**
 * Masks secrets in anything headed for the log table: values under secret-looking
 * keys, and the value of {name|path: "password", value|oldValue|newValue} shapes
 * (modified properties, SCIM PATCH operations), plus Bearer/Basic credentials
 * inside strings (e.g. a raw header line).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 12) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    if (value instanceof Date) return value.toISOString();
    const obj = value as Record<string, unknown>;
    const label = typeof obj.name === "string" ? obj.name : typeof obj.path === "string" ? obj.path : null;
    const secretShape = label !== null && SECRET.test(label);
    return Object.fromEntries(
      Object.entries(obj).map(([k, v]) => {
        if (SECRET.test(k) && v != null && v !== "") return [k, REDACTED];
        if (secretShape && (k === "value" || k === "oldValue" || k === "newValue") && v != null && v !== "") return [k, REDACTED];
        return [k, redact(v, depth + 1)];
      }),
    );
  }
  if (typeof value === "string") return value.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`);
  return value;
}


// ───── writer ─────

const ROWS_PER_TURN = 25;

function toRow(e: ProvisioningLogInput, now: string) {
  const t = storedTexts(e);
  return {
    at: (e.at ?? null)?.toISOString() ?? now,
    appId: e.appId,
    appName: e.appName ?? null,
    cycleId: e.cycleId ?? null,
    objectType: e.objectType,
    action: e.action,
    status: e.status,
    sourceId: e.sourceId ?? null,
    sourceIdentity: e.sourceIdentity ?? null,
    targetId: e.targetId ?? null,
    steps: redact(t.steps),
    modifiedProperties: redact(e.modifiedProperties ?? []),
    errorCode: e.errorCode ?? null,
    reason: t.reason,
    recommendation: t.recommendation,
    durationMs: e.durationMs ?? null,
    exchange: e.exchange === undefined || e.exchange === null ? null : redact(e.exchange),
    // the same texts, language-neutral (issue 18): key + values, redacted like the English
    texts: t.texts && redact(t.texts),
  };
}

/**
 * One INSERT for a batch of entries (the engine batches per page of objects). The rows
 * travel as a single JSON parameter that Postgres expands (jsonb_to_recordset): a page of
 * 200 entries costs one round trip and almost no client-side query building, which matters
 * on the engine's hot path.
 */
export async function writeProvisioningLogs(entries: ProvisioningLogInput[], tx: Tx = db): Promise<number> {
  if (entries.length === 0) return 0;
  const now = new Date().toISOString();
  // A page's entries take tens of ms of rendering (hundreds on a loaded machine, the first time):
  // built a slice at a time, so the requests of the next page, in flight meanwhile (sync/stream.ts),
  // are not held up by a blocked event loop.
  const rows: ReturnType<typeof toRow>[] = [];
  for (let i = 0; i < entries.length; i += ROWS_PER_TURN) {
    if (i > 0) await new Promise<void>((r) => setImmediate(r));
    for (const e of entries.slice(i, i + ROWS_PER_TURN)) rows.push(toRow(e, now));
  }
  return tx.$executeRaw`
    INSERT INTO provisioning_log (at, "appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId",
                                  steps, "modifiedProperties", "errorCode", reason, recommendation, "durationMs", exchange, texts)
    SELECT at, "appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId",
           coalesce(steps, '[]'::jsonb), coalesce("modifiedProperties", '[]'::jsonb), "errorCode", reason, recommendation, "durationMs", exchange, texts
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
      at timestamp, "appId" text, "appName" text, "cycleId" text, "objectType" text, action text, status text, "sourceId" text,
      "sourceIdentity" text, "targetId" text, steps jsonb, "modifiedProperties" jsonb, "errorCode" text, reason text,
      recommendation text, "durationMs" int, exchange jsonb, texts jsonb)`;
}

// ───── readers ─────

export type ProvisioningLogFilters = {
  appId?: string;
  cycleId?: string;
  status?: LogStatus;
  action?: LogAction;
  objectType?: "user" | "group";
  /** identity: name/UPN prefix (case-insensitive), or an exact source or target id */
  q?: string;
  from?: Date;
  to?: Date;
};

export type ProvisioningLogEntry = {
  id: string;
  at: string;
  appId: string;
  appName: string | null;
  cycleId: string | null;
  objectType: string;
  action: string;
  status: string;
  sourceId: string | null;
  sourceIdentity: string | null;
  targetId: string | null;
  steps: LogStep[];
  modifiedProperties: ModifiedProperty[];
  errorCode: string | null;
  reason: string | null;
  recommendation: string | null;
  durationMs: number | null;
};
export type ProvisioningLogDetail = ProvisioningLogEntry & { exchange: unknown };

type Row = Omit<ProvisioningLogEntry, "id" | "at"> & { id: bigint; at: Date; exchange?: unknown; texts?: LogTexts | null };

const LIST_COLUMNS = Prisma.sql`id, at, "appId", "appName", "cycleId", "objectType", action, status, "sourceId", "sourceIdentity", "targetId", steps, "modifiedProperties", "errorCode", reason, recommendation, "durationMs", texts`;

/** Escapes LIKE wildcards so a search for "a_b" means those characters. */

// Each filter has an index that leads with it and ends in id (see migrations
// init and logs_filters), so "WHERE f = x AND id < cursor ORDER BY id DESC"
// is an index range scan whatever the depth. Identity search ORs three small
// index lookups (lower(sourceIdentity) prefix, sourceId, targetId).
function whereOf(f: ProvisioningLogFilters, beforeId?: bigint | null): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  if (f.appId) c.push(Prisma.sql`"appId" = ${f.appId}`);
  if (f.cycleId) c.push(Prisma.sql`"cycleId" = ${f.cycleId}`);
  if (f.status) c.push(Prisma.sql`status = ${f.status}`);
  if (f.action) c.push(Prisma.sql`action = ${f.action}`);
  if (f.objectType) c.push(Prisma.sql`"objectType" = ${f.objectType}`);
  const q = f.q?.trim();
  if (q) c.push(Prisma.sql`(lower("sourceIdentity") LIKE ${likePrefix(q)} OR "sourceId" = ${q} OR "targetId" = ${q})`);
  if (f.from) c.push(Prisma.sql`at >= ${f.from}::timestamp`);
  if (f.to) c.push(Prisma.sql`at <= ${f.to}::timestamp`);
  if (beforeId != null) c.push(Prisma.sql`id < ${beforeId}`);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

/** A row as the API shows it; its human texts in `locale` (English: the stored text as is). */
function toEntry(r: Row, locale: Locale = DEFAULT_LOCALE): ProvisioningLogEntry {
  const entry: ProvisioningLogEntry = {
    id: r.id.toString(), at: r.at.toISOString(), appId: r.appId, appName: r.appName, cycleId: r.cycleId, objectType: r.objectType,
    action: r.action, status: r.status, sourceId: r.sourceId, sourceIdentity: r.sourceIdentity, targetId: r.targetId,
    steps: (r.steps ?? []) as LogStep[], modifiedProperties: (r.modifiedProperties ?? []) as ModifiedProperty[],
    errorCode: r.errorCode, reason: r.reason, recommendation: r.recommendation, durationMs: r.durationMs,
  };
  return localizeEntry(entry, r.texts, locale);
}

function parseCursor(cursor: string | null | undefined): bigint | null {
  if (!cursor) return null;
  if (!/^\d{1,19}$/.test(cursor)) throw new AppError("validation_failed", "cursor is not valid; use the nextCursor of a previous page.", [{ path: "cursor", message: "invalid cursor" }]);
  return BigInt(cursor);
}

/** The page query itself (exported for the benchmark's EXPLAIN). */
export function provisioningLogPageSql(filters: ProvisioningLogFilters, beforeId: bigint | null, limit: number): Prisma.Sql {
  return Prisma.sql`SELECT ${LIST_COLUMNS} FROM provisioning_log ${whereOf(filters, beforeId)} ORDER BY id DESC LIMIT ${limit}`;
}

/** Condition of a filter set, for counts and deep cursors (benchmark). */
export const provisioningLogWhere = (filters: ProvisioningLogFilters, beforeId: bigint | null = null) => whereOf(filters, beforeId);

async function fetchBatch(filters: ProvisioningLogFilters, beforeId: bigint | null, limit: number): Promise<Row[]> {
  return db.$queryRaw<Row[]>(provisioningLogPageSql(filters, beforeId, limit));
}

/** Newest first, keyset-paged on id: each row appears once across pages even while the engine keeps writing. */
export async function listProvisioningLogs(
  filters: ProvisioningLogFilters,
  { limit, cursor, locale }: { limit: number; cursor?: string | null; locale?: Locale },
): Promise<{ items: ProvisioningLogEntry[]; nextCursor: string | null }> {
  const rows = await fetchBatch(filters, parseCursor(cursor), limit + 1);
  const hasMore = rows.length > limit;
  const items = (hasMore ? rows.slice(0, limit) : rows).map((r) => toEntry(r, locale));
  return { items, nextCursor: hasMore && items.length ? items[items.length - 1]!.id : null };
}

export async function getProvisioningLog(id: string, locale: Locale = DEFAULT_LOCALE): Promise<ProvisioningLogDetail> {
  if (!/^\d{1,19}$/.test(id)) throw notFound("The log entry");
  const rows = await db.$queryRaw<Row[]>`SELECT ${LIST_COLUMNS}, exchange FROM provisioning_log WHERE id = ${BigInt(id)}`;
  const r = rows[0];
  if (!r) throw notFound("The log entry");
  // Stored redacted; redacting again on the way out costs nothing and covers rows written by older code.
  return { ...toEntry(r, locale), exchange: redact(r.exchange ?? null) };
}

// ───── export ─────

export const CSV_COLUMNS = [
  "id", "at", "appId", "appName", "cycleId", "objectType", "action", "status", "sourceId", "sourceIdentity", "targetId",
  "errorCode", "reason", "recommendation", "durationMs", "modifiedProperties", "steps",
] as const;

const EXPORT_BATCH = 5000;
const ISO_AT = Prisma.sql`to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const jsonCell = (col: Prisma.Sql) => Prisma.sql`CASE WHEN jsonb_typeof(${col}) = 'array' AND jsonb_array_length(${col}) = 0 THEN '' ELSE ${col}::text END`;

// Postgres renders each exported row as text (one JSON object, or the CSV cells),
// so the export does no per-field work in JS.
async function exportBatch(filters: ProvisioningLogFilters, beforeId: bigint | null, format: "csv" | "json"): Promise<{ id: bigint; cells: string[] }[]> {
  const where = whereOf(filters, beforeId);
  if (format === "json") {
    const rows = await db.$queryRaw<{ id: bigint; j: string }[]>`
      SELECT id, json_build_object('id', id::text, 'at', ${ISO_AT}, 'appId', "appId", 'appName', "appName", 'cycleId', "cycleId", 'objectType', "objectType",
        'action', action, 'status', status, 'sourceId', "sourceId", 'sourceIdentity', "sourceIdentity", 'targetId', "targetId", 'steps', steps,
        'modifiedProperties', "modifiedProperties", 'errorCode', "errorCode", 'reason', reason, 'recommendation', recommendation, 'durationMs', "durationMs")::text AS j
        FROM provisioning_log ${where} ORDER BY id DESC LIMIT ${EXPORT_BATCH}`;
    return rows.map((r) => ({ id: r.id, cells: [r.j] }));
  }
  const rows = await db.$queryRaw<{ id: bigint; c: string[] }[]>`
    SELECT id, ARRAY[id::text, ${ISO_AT}, "appId", coalesce("appName", ''), coalesce("cycleId", ''), "objectType", action, status,
      coalesce("sourceId", ''), coalesce("sourceIdentity", ''), coalesce("targetId", ''), coalesce("errorCode", ''), coalesce(reason, ''),
      coalesce(recommendation, ''), coalesce("durationMs"::text, ''), ${jsonCell(Prisma.sql`"modifiedProperties"`)}, ${jsonCell(Prisma.sql`steps`)}] AS c
      FROM provisioning_log ${where} ORDER BY id DESC LIMIT ${EXPORT_BATCH}`;
  return rows.map((r) => ({ id: r.id, cells: r.c }));
}

/**
 * The whole filtered set as a byte stream: CSV with a header row, or one JSON
 * array. Pull-based: the next keyset batch is read only when the consumer asks,
 * so a slow client holds back the database instead of filling memory.
 */
export function streamProvisioningLogs(filters: ProvisioningLogFilters, format: "csv" | "json"): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let beforeId: bigint | null = null;
  let started = false;
  let done = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      let out = "";
      if (!started) {
        started = true;
        out += format === "csv" ? csvRows([CSV_COLUMNS]) : "[";
      }
      const rows = await exportBatch(filters, beforeId, format);
      if (rows.length) {
        beforeId = rows[rows.length - 1]!.id;
        if (format === "csv") out += csvRows(rows.map((r) => r.cells));
        else {
          out += (first ? "\n" : ",\n") + rows.map((r) => r.cells[0]).join(",\n");
          first = false;
        }
      }
      if (rows.length < EXPORT_BATCH) {
        done = true;
        if (format === "json") out += first ? "]\n" : "\n]\n";
      }
      if (out) controller.enqueue(enc.encode(out));
      if (done) controller.close();
    },
  }, { highWaterMark: 1 });
}

export function provisioningLogsDownload(filters: ProvisioningLogFilters, format: "csv" | "json"): Response {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return new Response(streamProvisioningLogs(filters, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="provisioning-logs-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
