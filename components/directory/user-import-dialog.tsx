"use client";
import { useQueryClient } from "@tanstack/react-query";
import { parse } from "csv-parse/browser/esm/sync";
import { stringify } from "csv-stringify/browser/esm/sync";
import { useFormatter, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Banner, Badge, ProgressBar } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { api } from "@/lib/api/client";
import { describeColumn, MAX_IMPORT_ROWS } from "@/lib/directory/csv-columns";
import { dirKeys } from "./keys";

type Parsed = { name: string; header: string[]; records: { record: string[]; line: number }[] };
type Result = { created: number; updated: number; unchanged: number; failed: { line: number; message: string }[] };

// The file is sent in chunks so the progress bar moves and no request is huge;
// each chunk repeats the header and says where its lines start (lineOffset).
const CHUNK = 2000;

const TEMPLATE_ROWS = [
  ["userPrincipalName", "displayName", "givenName", "surname", "mail", "mailNickname", "jobTitle", "department", "employeeId", "accountEnabled", "managerId", "extensionAttribute1"],
  ["ada.lovelace@contoso.com", "Ada Lovelace", "Ada", "Lovelace", "ada.lovelace@contoso.com", "ada", "Engineer", "Engineering", "E1001", "true", "", ""],
];

/** A file the import reads as it is: the same header names it maps. */
function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([stringify(TEMPLATE_ROWS)], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "provisio-users-template.csv";
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function UserImportDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations("directory.import");
  const tc = useTranslations("common");
  const format = useFormatter();
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [running, setRunning] = useState(false);

  async function onFile(file: File | undefined) {
    setParsed(null); setResult(null); setFileError(null);
    if (!file) return;
    try {
      const text = await file.text();
      const rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
      const [head, ...body] = rows;
      if (!head) throw new Error(t("empty"));
      if (body.length > MAX_IMPORT_ROWS) throw new Error(t("tooMany", { rows: body.length, max: MAX_IMPORT_ROWS }));
      setParsed({ name: file.name, header: head.record.map((h) => h.trim()), records: body.map((r) => ({ record: r.record, line: r.info.lines })) });
    } catch (e) {
      setFileError(t("notCsv", { error: (e as Error).message }));
    }
  }

  const mapping = parsed?.header.map((h) => ({ column: h, ...describeColumn(h) })) ?? [];
  const hasUpn = mapping.some((m) => m.target === "userPrincipalName");
  const blocking = parsed && (!hasUpn || mapping.some((m) => !m.ok));

  async function run() {
    if (!parsed) return;
    setRunning(true);
    const total: Result = { created: 0, updated: 0, unchanged: 0, failed: [] };
    setProgress({ done: 0, total: parsed.records.length });
    try {
      for (let i = 0; i < parsed.records.length; i += CHUNK) {
        const chunk = parsed.records.slice(i, i + CHUNK);
        const body = stringify([parsed.header, ...chunk.map((c) => c.record)]);
        // In the chunk the first record is on line 2; map it back to its line in the file.
        const offset = chunk[0]!.line - 2;
        const r = await api<Result>(`/api/v1/users/import?lineOffset=${Math.max(0, offset)}`, { method: "POST", rawBody: body, contentType: "text/csv" });
        total.created += r.created; total.updated += r.updated; total.unchanged += r.unchanged; total.failed.push(...r.failed);
        setProgress({ done: Math.min(parsed.records.length, i + CHUNK), total: parsed.records.length });
      }
      setResult(total);
      toast[total.failed.length ? "warning" : "success"](t("finished", { created: total.created, updated: total.updated, failed: total.failed.length }));
    } catch (e) {
      setResult(total);
      toast.error((e as Error).message);
      setFileError(t("stopped", { error: (e as Error).message }));
    } finally {
      setRunning(false);
      qc.invalidateQueries({ queryKey: dirKeys.all });
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && !running && onClose()} title={t("title")} wide
      description={t("description")}>
      <div className="space-y-4">
        <div>
          <label htmlFor="csv-file" className="block text-sm font-semibold">{t("file")}</label>
          <input id="csv-file" ref={fileRef} type="file" accept=".csv,text/csv" disabled={running} onChange={(e) => onFile(e.target.files?.[0])} className="mt-1 text-sm" />
          <p className="mt-1 text-xs"><button type="button" className="link" onClick={downloadTemplate}>{t("template")}</button> {t("templateNote")}</p>
        </div>
        {fileError && <Banner tone="error">{fileError}</Banner>}
        {parsed && !result && (
          <section aria-label={t("mapping")}>
            <h3 className="mb-1 text-sm font-semibold">{t("mappingTitle", { rows: parsed.records.length, name: parsed.name })}</h3>
            <Table>
              <THead><Tr><Th>{t("col.column")}</Th><Th>{t("col.target")}</Th><Th>{t("col.first")}</Th></Tr></THead>
              <TBody>
                {mapping.map((m, i) => (
                  <Tr key={i}><Td>{m.column}</Td><Td>{m.ok ? m.target : <Badge tone="bad">{m.target}</Badge>}</Td><Td className="text-gray-600">{parsed.records[0]?.record[i] ?? ""}</Td></Tr>
                ))}
              </TBody>
            </Table>
            {!hasUpn && <p className="mt-2 text-sm text-[#c50f1f]">{t("needsUpn")}</p>}
            {mapping.some((m) => !m.ok) && <p className="mt-2 text-sm text-[#c50f1f]">{t("unknownColumns")}</p>}
          </section>
        )}
        {progress && <ProgressBar value={progress.done} max={progress.total} label={t("progress")} />}
        {result && (
          <section aria-label={t("results")} className="space-y-2">
            <p className="text-sm" data-testid="import-summary">{t.rich("summary", { created: result.created, updated: result.updated, unchanged: result.unchanged, failed: result.failed.length, b: (chunks) => <strong>{chunks}</strong> })}</p>
            {result.failed.length > 0 && (
              <div className="max-h-60 overflow-auto">
                <Table aria-label={t("failedRows")}>
                  <THead><Tr><Th>{t("col.line")}</Th><Th>{t("col.why")}</Th></Tr></THead>
                  <TBody>{result.failed.slice(0, 1000).map((f) => <Tr key={f.line}><Td>{f.line}</Td><Td>{f.message}</Td></Tr>)}</TBody>
                </Table>
                {result.failed.length > 1000 && <p className="text-xs text-gray-600">{t("firstFailures", { count: format.number(1000) })}</p>}
              </div>
            )}
          </section>
        )}
        <div className="flex justify-end gap-2">
          {!result && <Button variant="primary" disabled={!parsed || !!blocking || parsed.records.length === 0} busy={running} onClick={run}>{t("import")}</Button>}
          <Button onClick={onClose} disabled={running}>{result ? t("done") : tc("cancel")}</Button>
        </div>
      </div>
    </Dialog>
  );
}
