// The Prisma client singleton (one pool per process; survives Next dev reloads).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

export * from "./generated/client";

const globalForPrisma = globalThis as unknown as { __provisioPrisma?: PrismaClient; __provisioPool?: pg.Pool };

/**
 * For every new pool connection (Prisma's and pg-boss's): a connection that Postgres drops while it
 * is checked out (terminated backend, restart) emits 'error' with no listener — pg-pool takes its
 * own off while the connection is lent — and an unheard 'error' ends the process. The statement
 * using the connection fails by itself, and the pool discards the connection, so hearing the
 * event is all that is needed to keep a worker alive through a database outage.
 */
export function hearConnectionErrors(client: { on(event: "error", fn: (err: Error) => void): unknown }): void {
  client.on("error", () => undefined);
}

function create(): PrismaClient {
  const e = env();
  // A bounded connect timeout: an unreachable database must fail requests (and /api/health) fast, not hang them.
  const pool = new pg.Pool({ connectionString: e.DATABASE_URL, max: e.PROVISIO_DB_POOL_SIZE, connectionTimeoutMillis: 5000 });
  pool.on("connect", hearConnectionErrors);
  globalForPrisma.__provisioPool = pool;
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

/** Lazily created so importing this module never needs configuration. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    globalForPrisma.__provisioPrisma ??= create();
    const value = Reflect.get(globalForPrisma.__provisioPrisma, prop);
    return typeof value === "function" ? value.bind(globalForPrisma.__provisioPrisma) : value;
  },
});

/** The pool under the Prisma client (same connections, same size): lib/db/sql.ts. */
export function dbPool(): pg.Pool {
  globalForPrisma.__provisioPrisma ??= create();
  return globalForPrisma.__provisioPool!;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function disconnectDb() {
  await globalForPrisma.__provisioPrisma?.$disconnect();
  globalForPrisma.__provisioPrisma = undefined;
}
