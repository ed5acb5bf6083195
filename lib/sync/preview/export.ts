// The plan as a download: CSV (one row per object, changes and findings in readable cells)
// or JSON (the items as the API returns them), streamed page by page.
import { csvRows } from "../../csv/cells";
import { previewItemsForExport, type ItemQuery, type PreviewItemView } from "./service";

const show = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

const row = (i: PreviewItemView) => [
  i.objectType, i.identity ?? "", i.sourceId, i.action, i.reason ?? "", i.targetId ?? "",
  i.changes.map((c) => `${c.name}: ${show(c.oldValue)} → ${show(c.newValue)}`).join("; "),
  i.findings.map((f) => `${f.code} (${f.attribute}): ${f.message}`).join("; "),
].map(String);

async function* csv(appId: string, id: string, q: Omit<ItemQuery, "cursor" | "limit">): AsyncGenerator<string> {
  yield csvRows([["objectType", "identity", "sourceId", "action", "reason", "targetId", "changes", "findings"]]);
  for await (const i of previewItemsForExport(appId, id, q)) yield csvRows([row(i)]);
}

async function* json(appId: string, id: string, q: Omit<ItemQuery, "cursor" | "limit">): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const i of previewItemsForExport(appId, id, q)) {
    yield `${first ? "" : ","}\n${JSON.stringify(i)}`;
    first = false;
  }
  yield "\n]\n";
}

export function previewExportResponse(appId: string, id: string, q: Omit<ItemQuery, "cursor" | "limit">, format: "csv" | "json"): Response {
  const gen = format === "csv" ? csv(appId, id, q) : json(appId, id, q);
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
  const type = format === "csv" ? "text/csv; charset=utf-8" : "application/json";
  return new Response(stream, { headers: { "content-type": type, "content-disposition": `attachment; filename="preview-${id}.${format}"`, "cache-control": "no-store" } });
}
