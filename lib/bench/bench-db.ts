// Shared by the engine benchmarks: a throwaway database on DATABASE_URL's server (default the
// local Postgres), migrated and seeded with `seed:demo`, and this process's environment pointed
// at it (so lib/db and workers started from here use it). `drop()` removes it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";

export const root = process.cwd();
export const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

export function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, args, { env, stdio: ["ignore", "inherit", "inherit"] });
    c.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

export async function createBenchDatabase(name: string, opts: { poolSize: number }) {
  const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `provisio_bench_${name}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const env = {
    ...process.env, DATABASE_URL: u.toString(), NEXTAUTH_SECRET: randomBytes(32).toString("hex"), PROVISIO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PROVISIO_ALLOW_PRIVATE_TARGETS: "true", PROVISIO_LOG_LEVEL: "warn", PROVISIO_DB_POOL_SIZE: String(opts.poolSize),
  };
  Object.assign(process.env, env);
  return {
    dbName,
    env,
    /** migrate deploy + seed:demo; returns the seeding time in ms */
    async prepare(users: number, groups: number): Promise<number> {
      await run([path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], env);
      const t = Date.now();
      await run([tsx, "prisma/seed-demo.ts", "--users", String(users), "--groups", String(groups)], env);
      return Date.now() - t;
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
  };
}
