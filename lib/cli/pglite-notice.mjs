// Installs from before the PostgreSQL server kept their data in ./.data/pglite
// (PGlite). The start never reads or changes that directory: it says it is there
// and prints the command that carries it over (lib/cli/pglite-carry-over.mjs).
import fs from "node:fs";
import path from "node:path";

export const CARRY_OVER_COMMAND = "npm run db:carry-over-pglite";

/** The notice to print, or null when there is no PGlite data (or it was carried over already). */
export function pgliteCarryOverNotice(dataDir) {
  const old = path.join(dataDir, "pglite");
  if (!fs.existsSync(path.join(old, "PG_VERSION"))) return null;
  if (fs.existsSync(path.join(dataDir, "pglite-carried-over"))) return null;
  return [
    "  ./.data/pglite holds data from an earlier Provisio version (the PGlite database).",
    "  This version runs PostgreSQL from ./.data/postgres and has left ./.data/pglite untouched.",
    "  To carry that data over into this database, stop Provisio (Ctrl-C) and run:",
    `      ${CARRY_OVER_COMMAND}`,
    "  then npm start again. ./.data/pglite stays until you delete it.",
  ].join("\n");
}
