// GET /api/health – liveness and database reachability (503 when the database is unreachable)
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { handle, methods } from "@/lib/api/route";
import { healthRoute } from "@/lib/api/specs-core";

export const dynamic = "force-dynamic";

async function databaseOk(): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000).unref());
  const probe = db.$queryRaw`SELECT 1`.then(() => true, () => false);
  return Promise.race([probe, timeout]);
}

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(healthRoute, async () => {
    const ok = await databaseOk();
    return NextResponse.json(ok ? { status: "ok", database: "ok" } : { status: "unavailable", database: "unreachable" }, { status: ok ? 200 : 503 });
  }),
});
