// CSV column names → user fields. Pure (no database): the import dialog uses it
// for its column-mapping preview, the server for the import itself.
import { AppError, localized } from "../errors";
import { USER_FIELDS, type UserField } from "./schemas";

export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Columns export writes that import accepts and ignores, so an export can be edited and re-imported. */
export const IGNORED_COLUMNS = new Set(["id", "externalid", "createdat", "updatedat"]);


export type Column = { kind: "field"; field: UserField } | { kind: "ext"; key: string } | { kind: "ignore" };

/** Maps header cells to fields (case-insensitive). Unknown or repeated columns fail the whole file: every row would be wrong. */
export function mapHeader(header: string[]): Column[] {
  const byLower = new Map(USER_FIELDS.map((f) => [f.toLowerCase(), f] as const));
  const seen = new Set<string>();
  const cols = header.map((raw): Column => {
    const h = raw.trim();
    const lower = h.toLowerCase();
    if (seen.has(lower)) throw localized(new AppError("validation_failed", `The column ${h} appears twice in the header row.`, [{ path: "header", message: `duplicate column ${h}` }]), "csvDuplicateColumn", { column: h });
    seen.add(lower);
    const field = byLower.get(lower);
    if (field) return { kind: "field", field };
    const numbered = /^extensionAttribute([1-9]|1[0-5])$/i.exec(h);
    if (numbered) return { kind: "ext", key: `extensionAttribute${numbered[1]}` };
    const named = /^extensionAttributes\.([A-Za-z0-9_]{1,64})$/i.exec(h);
    if (named) return { kind: "ext", key: named[1]! };
    if (IGNORED_COLUMNS.has(lower)) return { kind: "ignore" };
    throw localized(new AppError(
      "validation_failed",
      `Unknown column "${h}" in the header row. Columns are the user fields (${USER_FIELDS.join(", ")}) and extensionAttribute1…15 or extensionAttributes.<name>.`,
      [{ path: "header", message: `unknown column ${h}` }],
    ), "csvUnknownColumn", { column: h, fields: USER_FIELDS.join(", "), named: "extensionAttributes.<name>" });
  });
  if (!cols.some((c) => c.kind === "field" && c.field === "userPrincipalName")) {
    throw localized(new AppError("validation_failed", "The header row needs a userPrincipalName column (it identifies each user).", [{ path: "header", message: "userPrincipalName column missing" }]), "csvNoUpn");
  }
  return cols;
}

/** One header cell as the preview shows it: the field it maps to, or why it cannot be imported. */
export function describeColumn(raw: string): { ok: boolean; target: string } {
  try {
    const [c] = mapHeader([raw, ...(raw.trim().toLowerCase() === "userprincipalname" ? [] : ["userPrincipalName"])]);
    if (!c) return { ok: false, target: "" };
    return { ok: true, target: c.kind === "field" ? c.field : c.kind === "ext" ? `extension attribute ${c.key}` : "ignored (read-only)" };
  } catch {
    return { ok: false, target: "unknown column" };
  }
}
