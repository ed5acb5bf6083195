// The Prisma client singleton (one pool per process; survives Next dev reloads).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

export * from "./generated/client";

const globalForPrisma = globalThis as unknown as { __provisioPrisma?: PrismaClient };

function create(): PrismaClient {
  const e = env();
  // A bounded connect timeout: an unreachable database must fail requests (and /api/health) fast, not hang them.
  const adapter = new PrismaPg({ connectionString: e.DATABASE_URL, max: e.PROVISIO_DB_POOL_SIZE, connectionTimeoutMillis: 5000 });
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

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function disconnectDb() {
  await globalForPrisma.__provisioPrisma?.$disconnect();
  globalForPrisma.__provisioPrisma = undefined;
}
