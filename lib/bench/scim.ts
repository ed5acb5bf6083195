// npm run bench:scim -- --requests 2000
// Requests/s the SCIM client sustains against the local strict target at concurrency
// 1, 8 and 32 (mix: GET filter, POST, PATCH), next to the target's own ceiling for the
// same mix measured with autocannon in the same run; writes bench-results/scim.json.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { startScimTarget } from "@/e2e/targets/scim-target";
import { ScimClient, scimFilter, SCHEMAS } from "@/lib/scim";

type AutocannonResult = { requests: { average: number; total: number }; non2xx: number; errors: number; duration: number };
type AutocannonRequest = { method: string; path: string; headers?: Record<string, string>; body?: string; setupRequest?: (r: AutocannonRequest) => AutocannonRequest };
type AutocannonFn = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)("autocannon") as AutocannonFn;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const TOKEN = "bench-token";
const SEED_USERS = 500;

async function main() {
  const total = arg("requests", 2000);
  const concurrencies = [1, 8, 32];
  const target = await startScimTarget({ auth: { type: "bearer", token: TOKEN }, record: false, maxResults: 100 });
  const basePath = new URL(target.baseUrl).pathname;
  const seedClient = new ScimClient({ baseUrl: target.baseUrl, auth: { type: "bearer", token: TOKEN }, allowPrivate: true });
  const seeded: Array<{ id: string; userName: string }> = [];
  for (let i = 0; i < SEED_USERS; i++) {
    const u = await seedClient.createFromFlat("Users", { userName: `seed${i}@bench.io`, displayName: `Seed ${i}`, active: true });
    seeded.push({ id: u.id!, userName: `seed${i}@bench.io` });
  }
  seedClient.close();
  let uniq = 0;
  const pick = (i: number) => seeded[i % seeded.length]!;

  const rows: Array<{ concurrency: number; clientRps: number; targetRps: number; ratio: number; clientErrors: number; targetNon2xx: number }> = [];
  const seedIds = new Set(seeded.map((u) => u.id));
  // every run starts from the same 500 users, so filter scans cost the same for client and ceiling
  const trim = () => {
    for (const id of target.state.users.keys()) if (!seedIds.has(id)) target.state.users.delete(id);
  };
  for (const c of concurrencies) {
    trim();
    // --- client
    const client = new ScimClient({
      baseUrl: target.baseUrl,
      auth: { type: "bearer", token: TOKEN },
      allowPrivate: true,
      profile: { maxConcurrency: c },
      retry: { maxRetries: 0 },
    });
    let next = 0;
    let errors = 0;
    const started = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const u = pick(i);
        try {
          if (i % 3 === 0) await client.list("Users", { filter: scimFilter.eq("userName", u.userName), count: 1 });
          else if (i % 3 === 1) await client.createFromFlat("Users", { userName: `c${c}-${uniq++}@bench.io`, displayName: "Bench", active: true });
          else await client.patch("Users", u.id, { schemas: [SCHEMAS.patchOp], Operations: [{ op: "replace", path: "displayName", value: `D${i}` }] });
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: c }, worker));
    const clientRps = total / ((performance.now() - started) / 1000);
    client.close();

    trim();
    // --- target ceiling, same mix, same connection count
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json", accept: "application/scim+json" };
    let k = 0;
    const acStart = performance.now();
    const result = await autocannon({
      url: target.url,
      connections: c,
      amount: total,
      requests: [
        {
          method: "GET",
          headers,
          setupRequest: (r: AutocannonRequest) => ({ ...r, path: `${basePath}/Users?${new URLSearchParams({ filter: scimFilter.eq("userName", pick(k++).userName), count: "1" }).toString().replace(/\+/g, "%20")}` }),
        },
        {
          method: "POST",
          path: `${basePath}/Users`,
          headers,
          setupRequest: (r: AutocannonRequest) => ({ ...r, body: JSON.stringify({ schemas: [SCHEMAS.user], userName: `a${c}-${uniq++}@bench.io`, displayName: "Bench", active: true }) }),
        },
        {
          method: "PATCH",
          headers,
          setupRequest: (r: AutocannonRequest) => ({
            ...r,
            path: `${basePath}/Users/${pick(k++).id}`,
            body: JSON.stringify({ schemas: [SCHEMAS.patchOp], Operations: [{ op: "replace", path: "displayName", value: `A${k}` }] }),
          }),
        },
      ],
    });
    // autocannon's own duration is whole seconds; time it ourselves
    const targetRps = result.requests.total / ((performance.now() - acStart) / 1000);
    rows.push({ concurrency: c, clientRps: round(clientRps), targetRps: round(targetRps), ratio: round(clientRps / targetRps, 2), clientErrors: errors, targetNon2xx: result.non2xx + result.errors });
    target.requests.length = 0;
  }
  await target.close();

  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log(`\nSCIM client vs local target — ${total} requests per run (mix: GET filter / POST / PATCH), ${SEED_USERS} seeded users\n`);
  console.log(`${pad("concurrency", 11)} ${pad("client req/s", 13)} ${pad("target req/s", 13)} ${pad("ratio", 6)} ${pad("client err", 10)} ${pad("target non2xx", 13)}`);
  for (const r of rows) console.log(`${pad(r.concurrency, 11)} ${pad(r.clientRps, 13)} ${pad(r.targetRps, 13)} ${pad(r.ratio, 6)} ${pad(r.clientErrors, 10)} ${pad(r.targetNon2xx, 13)}`);
  const out = { benchmark: "scim", requests: total, mix: ["GET filter", "POST", "PATCH"], node: process.version, at: new Date().toISOString(), rows };
  fs.mkdirSync(path.join(process.cwd(), "bench-results"), { recursive: true });
  fs.writeFileSync(path.join(process.cwd(), "bench-results", "scim.json"), `${JSON.stringify(out, null, 2)}\n`);
  console.log("\nwritten: bench-results/scim.json");
}

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
