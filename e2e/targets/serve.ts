// Runs a strict SCIM target as its own process (benchmarks: the target must not share a
// CPU-bound event loop with the engine it measures). Prints one JSON line {baseUrl, token};
// answers "count" on stdin with {"count": <requests served so far>}.
import readline from "node:readline";
import { startScimTarget } from "./scim-target";

async function main() {
  const token = process.argv[2] ?? "bench-token";
  const t = await startScimTarget({ auth: { type: "bearer", token }, record: false, maxResults: 1000 });
  process.stdout.write(JSON.stringify({ baseUrl: t.baseUrl, url: t.url, token }) + "\n");
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "count") process.stdout.write(JSON.stringify({ count: t.requests.length, users: t.state.users.size, groups: t.state.groups.size }) + "\n");
    if (line.trim() === "clear") t.requests.length = 0;
  });
  process.on("SIGTERM", () => void t.close().then(() => process.exit(0)));
}

void main();
