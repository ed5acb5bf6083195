// A second Provisio web server on the same build and database as the e2e server, with its own
// environment: the e2e server allows private targets (lib/cli/test.mjs), so the SSRF guard is
// exercised through REST on one started here without PROVISIO_ALLOW_PRIVATE_TARGETS.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export type SecondServer = { url: string; output: () => string; close: () => Promise<void> };

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function startSecondServer(overrides: Record<string, string | undefined>): Promise<SecondServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, PORT: String(port), NEXTAUTH_URL: url, E2E_SERVER_LOG: undefined, ...overrides })) if (v !== undefined) env[k] = v;
  // its own process group, so close() stops next and whatever it started
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid!, "SIGTERM"); } catch { /* already gone */ }
      await exited;
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(`${url}/api/health`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`the second server did not start:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250)); // poll interval while it boots
  }
  return { url, output: () => out, close };
}
