// CSV export of users, streamed: pages of EXPORT_PAGE users by id (keyset), so
// memory stays flat at 100k users. Columns are the import columns (plus id,
// which import ignores) so an edited export can be imported back.
import { csvRows } from "../csv/cells";
import { db } from "../db";
import { USER_FIELDS } from "./schemas";
import { iterateUsers } from "./users";

const EXPORT_PAGE = 2000;

/** Extension attribute names in use (one index-less pass over a jsonb column; cheap next to the export itself). */
async function extensionKeys(): Promise<string[]> {
  const rows = await db.$queryRaw<{ k: string }[]>`SELECT DISTINCT jsonb_object_keys("extensionAttributes") AS k FROM directory_user ORDER BY 1 LIMIT 200`;
  return rows.map((r) => r.k);
}

export async function* exportUsersCsv(): AsyncGenerator<string> {
  const ext = await extensionKeys();
  const extColumn = (k: string) => (/^extensionAttribute([1-9]|1[0-5])$/.test(k) ? k : `extensionAttributes.${k}`);
  yield csvRows([["id", ...USER_FIELDS, ...ext.map(extColumn)]]);
  let afterId: string | null = null;
  for (;;) {
    const { items, nextAfterId } = await iterateUsers({ afterId, limit: EXPORT_PAGE });
    if (items.length) {
      yield csvRows(items.map((u) => [u.id, ...USER_FIELDS.map((f) => (f === "accountEnabled" ? String(u.accountEnabled) : String(u[f] ?? ""))), ...ext.map((k) => String(u.extensionAttributes[k] ?? ""))]));
    }
    if (!nextAfterId) return;
    afterId = nextAfterId;
  }
}

export function exportUsersResponse(): Response {
  const gen = exportUsersCsv();
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await gen.next();
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="users-${stamp}.csv"`, "cache-control": "no-store" } });
}
