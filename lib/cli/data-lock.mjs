// One `npm start` per ./.data: a pid file taken with O_EXCL. A second start on
// the same directory refuses with a sentence instead of starting a second
// server on the same data (PostgreSQL would refuse too, less clearly).
import fs from "node:fs";
import path from "node:path";

export class DataLockError extends Error {
  constructor(message) { super(message); this.name = "DataLockError"; }
}

function isStartProcess(pid) {
  try { process.kill(pid, 0); } catch (e) { if (e.code !== "EPERM") return false; }
  // A recycled pid belongs to something else: on Linux, check it is a start script.
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("start.mjs") || fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("import-pglite.mjs"); } catch { return true; }
}

/** Takes the lock on dataDir or throws DataLockError; returns the release function. */
export function acquireDataLock(dataDir) {
  const file = path.join(dataDir, "npm-start.pid");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
      return () => {
        try { if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file); } catch { /* already gone */ }
      };
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isStartProcess(pid)) {
      throw new DataLockError(`Another npm start or db:import-pglite (pid ${pid}) is already running on ${dataDir}. Stop it first (Ctrl-C in its terminal, or kill ${pid}): two servers on one data directory would corrupt it.`);
    }
    fs.rmSync(file, { force: true }); // left by a start that was killed
  }
  throw new DataLockError(`Could not take the lock ${file}; another npm start keeps taking it.`);
}
