// Provisioning log writer/readers against real Postgres: redaction on write,
// filters, keyset paging (each row once), and the CSV/JSON export streams.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { db, disconnectDb } = await import("../db");
const { CSV_COLUMNS, getProvisioningLog, listProvisioningLogs, redact, streamProvisioningLogs, writeProvisioningLogs } = await import("./provisioning-log");

const appId = uniq("app-logs");
const cycleA = uniq("cyc-a");
const cycleB = uniq("cyc-b");

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeAll(async () => {
  const base = Date.now() - 60 * 60_000;
  const entries = Array.from({ length: 23 }, (_, i) => ({
    at: new Date(base + i * 60_000),
    appId,
    appName: "Logs test app",
    cycleId: i < 10 ? cycleA : cycleB,
    objectType: "user" as const,
    action: (i % 3 === 0 ? "create" : i % 3 === 1 ? "update" : "disable") as "create" | "update" | "disable",
    status: (i % 5 === 0 ? "failure" : "success") as "failure" | "success",
    sourceId: `src-${appId}-${i}`,
    sourceIdentity: `User${i}@Contoso.example`,
    targetId: `tgt-${appId}-${i}`,
    steps: [{ name: "Import from source", status: "success" as const }],
    modifiedProperties: [{ name: "displayName", oldValue: `Old ${i}`, newValue: `New ${i}` }],
    errorCode: i % 5 === 0 ? "scim_409" : null,
    reason: i % 5 === 0 ? "The target app said the user already exists." : null,
  }));
  await writeProvisioningLogs(entries);
});

afterAll(async () => {
  await db.provisioningLog.deleteMany({ where: { appId } });
  await disconnectDb();
});

describe("redact", () => {
  it("masks secret keys, secret-named properties and bearer strings", () => {
    const out = redact({
      request: { method: "POST", headers: { Authorization: "Bearer abc.def", "Content-Type": "application/scim+json" }, body: { userName: "a", password: "hunter2" } },
      ops: [{ op: "replace", path: "password", value: "x" }],
      modified: [{ name: "password", oldValue: "a", newValue: "b" }, { name: "displayName", oldValue: "a", newValue: "b" }],
      raw: "GET /Users HTTP/1.1\nauthorization: Bearer s3cr3t-token",
    }) as Record<string, never>;
    expect(JSON.stringify(out)).not.toMatch(/hunter2|abc\.def|s3cr3t/);
    expect(out).toMatchObject({
      request: { headers: { Authorization: "[redacted]", "Content-Type": "application/scim+json" }, body: { userName: "a", password: "[redacted]" } },
      ops: [{ path: "password", value: "[redacted]" }],
      modified: [{ name: "password", oldValue: "[redacted]", newValue: "[redacted]" }, { name: "displayName", oldValue: "a", newValue: "b" }],
    });
  });

  it("stores the exchange redacted and returns it with the detail", async () => {
    const id = uniq("redact");
    await writeProvisioningLogs([{ appId, objectType: "user", action: "create", status: "success", sourceId: id, exchange: { request: { headers: { authorization: "Bearer topsecret" }, body: { password: "pw1" } }, response: { status: 201 } } }]);
    const row = await db.provisioningLog.findFirstOrThrow({ where: { sourceId: id } });
    expect(JSON.stringify(row.exchange)).not.toMatch(/topsecret|pw1/);
    const detail = await getProvisioningLog(row.id.toString());
    expect(detail.exchange).toMatchObject({ request: { headers: { authorization: "[redacted]" } }, response: { status: 201 } });
    await expect(getProvisioningLog("999999999999")).rejects.toMatchObject({ status: 404 });
    await expect(getProvisioningLog("abc")).rejects.toMatchObject({ status: 404 });
    await db.provisioningLog.deleteMany({ where: { sourceId: id } });
  });
});

describe("listProvisioningLogs", () => {
  it("pages newest first with a keyset cursor, each row exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listProvisioningLogs>> = await listProvisioningLogs({ appId }, { limit: 5, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
      // a row written between pages lands above the cursor and does not shift later pages
      if (pages === 2) await writeProvisioningLogs([{ appId, objectType: "group", action: "other", status: "skipped", sourceId: uniq("late") }]);
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const asNumbers = seen.map(Number);
    expect([...asNumbers].sort((a, b) => b - a)).toEqual(asNumbers);
    await db.provisioningLog.deleteMany({ where: { appId, objectType: "group" } });
  });

  it("filters by cycle, status, action, identity and time", async () => {
    expect((await listProvisioningLogs({ appId, cycleId: cycleA }, { limit: 100 })).items).toHaveLength(10);
    const failures = (await listProvisioningLogs({ appId, status: "failure" }, { limit: 100 })).items;
    expect(failures.map((f) => f.sourceId).sort()).toEqual([0, 5, 10, 15, 20].map((i) => `src-${appId}-${i}`).sort());
    expect(failures[0]).toMatchObject({ errorCode: "scim_409", reason: expect.stringContaining("already exists"), appName: "Logs test app" });
    expect((await listProvisioningLogs({ appId, action: "create" }, { limit: 100 })).items).toHaveLength(8);
    expect((await listProvisioningLogs({ appId, status: "failure", action: "create" }, { limit: 100 })).items).toHaveLength(2); // 0, 15
    // identity: case-insensitive prefix, or an exact id on either side
    expect((await listProvisioningLogs({ appId, q: "user1" }, { limit: 100 })).items).toHaveLength(11); // 1, 10-19
    expect((await listProvisioningLogs({ appId, q: "USER22@contoso" }, { limit: 100 })).items).toHaveLength(1);
    expect((await listProvisioningLogs({ appId, q: `tgt-${appId}-7` }, { limit: 100 })).items.map((i) => i.sourceIdentity)).toEqual(["User7@Contoso.example"]);
    expect((await listProvisioningLogs({ appId, q: `src-${appId}-3` }, { limit: 100 })).items).toHaveLength(1);
    expect((await listProvisioningLogs({ appId, q: "user_" }, { limit: 100 })).items).toHaveLength(0); // "_" is not a wildcard
    const all = (await listProvisioningLogs({ appId }, { limit: 100 })).items;
    const mid = new Date(all[10]!.at);
    expect((await listProvisioningLogs({ appId, from: mid }, { limit: 100 })).items).toHaveLength(11);
    expect((await listProvisioningLogs({ appId, to: mid }, { limit: 100 })).items).toHaveLength(13);
    await expect(listProvisioningLogs({ appId }, { limit: 5, cursor: "nope" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("streamProvisioningLogs", () => {
  it("streams the filtered set as CSV with a header row", async () => {
    const text = await readAll(streamProvisioningLogs({ appId, status: "failure" }, "csv"));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ appId, status: "failure", errorCode: "scim_409" });
    expect(JSON.parse(rows[0]!.modifiedProperties!)).toEqual([expect.objectContaining({ name: "displayName" })]);
  });

  it("streams JSON as one array, also empty and across batch boundaries", async () => {
    // the export's entries are exactly the list API's entries
    const listed = (await listProvisioningLogs({ appId, status: "failure" }, { limit: 100 })).items;
    expect(JSON.parse(await readAll(streamProvisioningLogs({ appId, status: "failure" }, "json")))).toEqual(listed);
    expect(JSON.parse(await readAll(streamProvisioningLogs({ appId, cycleId: "no-such-cycle" }, "json")))).toEqual([]);
    const csvEmpty = await readAll(streamProvisioningLogs({ appId, cycleId: "no-such-cycle" }, "csv"));
    expect(csvEmpty.trim().split("\n")).toHaveLength(1);
    const bigApp = uniq("app-big");
    await db.$executeRaw`
      INSERT INTO provisioning_log ("appId", "objectType", action, status, "sourceId", "sourceIdentity", at)
      SELECT ${bigApp}, 'user', 'update', 'success', 'big-' || g, 'big' || g || '@example.com', now() FROM generate_series(1, 10001) g`;
    const items = JSON.parse(await readAll(streamProvisioningLogs({ appId: bigApp }, "json"))) as { id: string; sourceId: string }[];
    expect(items).toHaveLength(10001);
    expect(new Set(items.map((i) => i.id)).size).toBe(10001);
    const csv = parse(await readAll(streamProvisioningLogs({ appId: bigApp }, "csv")), { columns: true }) as unknown[];
    expect(csv).toHaveLength(10001);
    await db.provisioningLog.deleteMany({ where: { appId: bigApp } });
  });
});
