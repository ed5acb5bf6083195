// The embedded Postgres: a PGlite wire-protocol server (real Postgres in Wasm)
// as a child process, so the web process and workers share one database.
// Shared by `npm start` and `npm test`.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: "127.0.0.1" }, () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

/** Starts pglite-server on dataDir ("memory://" for a throwaway database). Resolves once it accepts connections. */
export async function startEmbeddedPostgres({ dataDir, port, maxConnections = 60, log = () => {} }) {
  port ??= await freePort();
  // The package's exports map does not expose package.json (Node 20 refuses it): resolve the entry, dist/ holds the server script.
  const script = path.join(path.dirname(require.resolve("@electric-sql/pglite-socket")), "scripts/server.js");
  const child = spawn(process.execPath, [script, `--db=${dataDir}`, `--port=${port}`, "--host=127.0.0.1", `--max-connections=${maxConnections}`], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => { output += d; log(String(d)); });
  child.stderr.on("data", (d) => { output += d; log(String(d)); });
  const deadline = Date.now() + 60_000;
  // Polling the port is the only readiness signal pglite-server gives.
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`The embedded database exited during start-up:\n${output}`);
    if (Date.now() > deadline) { child.kill("SIGKILL"); throw new Error(`The embedded database did not start within 60 s:\n${output}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    url, port, child,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 10_000).unref();
    }),
  };
}
