// Every CSV the product writes goes through csvRows(): cells that a spreadsheet would run as
// a formula (OWASP "CSV Injection": a leading = + - @, tab or carriage return) get a leading
// single quote, which Excel, LibreOffice and Google Sheets show as text. A cell that already
// starts with a quote gets one too, so the CSV import can take exactly one quote off and a
// user export imports back unchanged ("=1+1" → "'=1+1" → "=1+1"; "'x" → "''x" → "'x").
// JSON exports are not touched: nothing evaluates them.
import { stringify } from "csv-stringify/sync";

const NEEDS_QUOTE = /^[=+\-@\t\r']/;

export function neutraliseCell(value: string): string {
  return NEEDS_QUOTE.test(value) ? `'${value}` : value;
}

/** The inverse, for the CSV import: a quote followed by what neutraliseCell guards is taken off. */
export function restoreCell(value: string): string {
  return value.length > 1 && value[0] === "'" && NEEDS_QUOTE.test(value.slice(1)) ? value.slice(1) : value;
}

/** CSV text (RFC 4180 quoting, one line per row) with every cell neutralised. */
export function csvRows(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((r) => r.map(neutraliseCell)));
}
