// Installs from before the PostgreSQL server kept their data in ./.data/pglite
// (PGlite). The start never reads or changes that directory; it says that the
// directory is there and prints the exact command that carries it over
// (lib/cli/import-pglite.mjs; README: "Data from the PGlite version").
import fs from "node:fs";
import path from "node:path";

/** The versions the PGlite edition of Provisio used (its package.json) and the matching dump tool. */
export const IMPORT_COMMAND = "npm install --no-save @electric-sql/pglite@0.4.6 @electric-sql/pglite-tools@0.3.6 && npm run db:import-pglite";

/** The notice to print, or null when there is no PGlite data. */
export function pgliteNotice(dataDir) {
  const old = path.join(dataDir, "pglite");
  if (!fs.existsSync(path.join(old, "PG_VERSION"))) return null;
  return [
    "  ./.data/pglite holds data from an earlier Provisio version (the PGlite database).",
    "  This version runs PostgreSQL from ./.data/postgres, does not read PGlite data and has left",
    "  ./.data/pglite untouched. To carry that data over (once; verified by row counts; the",
    "  database started now is kept under another name), stop this npm start and run:",
    `    ${IMPORT_COMMAND}`,
    "  Delete ./.data/pglite when you no longer need it.",
  ].join("\n");
}
