// Installs from before the PostgreSQL server kept their data in ./.data/pglite
// (PGlite). The start never reads or changes that directory; it says that the
// directory is there and that this version does not carry it over (README:
// "Data from the PGlite version").
import fs from "node:fs";
import path from "node:path";

/** The notice to print, or null when there is no PGlite data. */
export function pgliteNotice(dataDir) {
  const old = path.join(dataDir, "pglite");
  if (!fs.existsSync(path.join(old, "PG_VERSION"))) return null;
  return [
    "  ./.data/pglite holds data from an earlier Provisio version (the PGlite database).",
    "  This version runs PostgreSQL from ./.data/postgres, does not read PGlite data and has left",
    "  ./.data/pglite untouched. To keep using that data, run the earlier version on it; the",
    "  README (\"Data from the PGlite version\") says how. Delete ./.data/pglite when you no longer need it.",
  ].join("\n");
}
