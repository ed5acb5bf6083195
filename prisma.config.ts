// Prisma 6.19 CLI config: the Wasm schema engine over a driver adapter, so
// migrations run fully offline. Three upstream workarounds live here (see
// ../shared/docs/stack-notes.md §1b); the app itself never loads this file.
process.env.DATABASE_URL ??= "postgresql://placeholder@127.0.0.1:5432/placeholder"; // else `generate` tries to download the native engine
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

type Fields = { dataTypeID: number }[];
// (1) prisma/orm#27403: adapter-pg cannot read pg_catalog types; present them as text.
const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 22: 25, 24: 25, 28: 25, 30: 25, 194: 25, 2205: 25, 2206: 25, 1002: 1009, 1003: 1009 };
const resultProto = (pg as unknown as { Result: { prototype: { addFields: (f: Fields) => void } } }).Result.prototype;
const addFields = resultProto.addFields;
resultProto.addFields = function (this: unknown, fields: Fields) {
  for (const f of fields) if (AS_TEXT[f.dataTypeID]) f.dataTypeID = AS_TEXT[f.dataTypeID]!;
  return addFields.call(this, fields);
};
// (3) The Wasm engine leaves 10–60 s timers pending; unref them so the CLI exits when done.
const setTimeout_ = globalThis.setTimeout;
(globalThis as unknown as { setTimeout: unknown }).setTimeout = (fn: () => void, ms?: number, ...a: unknown[]) => {
  const t = setTimeout_(fn, ms, ...a);
  if ((ms ?? 0) >= 5000) (t as unknown as { unref?: () => void }).unref?.();
  return t;
};

function pgConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname, port: Number(u.port || 5432), database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), allowExitOnIdle: true,
  };
}

// (2) Own shadow-database handling: adapter-pg ignores the shadow database name.
function migrationAdapter(url: string) {
  const cfg = pgConfig(url);
  const base = new PrismaPg(cfg);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    async connectToShadowDb() {
      const admin = new pg.Client(cfg);
      await admin.connect();
      const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      const ad = await new PrismaPg({ ...cfg, database: name }).connect();
      const d = ad.dispose.bind(ad);
      ad.dispose = async () => { await d(); await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); await admin.end(); };
      return ad;
    },
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => migrationAdapter(process.env.DATABASE_URL!) as never,
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
