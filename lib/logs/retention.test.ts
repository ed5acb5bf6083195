// Retention deletes provisioning log rows older than the setting (default 30 days), and only those.
import { afterAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { db, disconnectDb } = await import("../db");
const { writeProvisioningLogs } = await import("./provisioning-log");
const { enforceRetention } = await import("./retention");
const { SETTING_RETENTION_DAYS } = await import("./settings");

const DAY = 24 * 60 * 60_000;

afterAll(async () => {
  await db.setting.deleteMany({ where: { key: SETTING_RETENTION_DAYS } });
  await disconnectDb();
});

async function seed(appId: string, now: Date, ages: number[]) {
  await writeProvisioningLogs(ages.map((days, i) => ({ appId, at: new Date(now.getTime() - days * DAY), objectType: "user", action: "update", status: "success", sourceId: `${appId}-${days}-${i}` })));
}

describe("enforceRetention", () => {
  it("deletes only rows older than 30 days by default, in batches", async () => {
    const appId = uniq("ret");
    const now = new Date();
    await db.setting.deleteMany({ where: { key: SETTING_RETENTION_DAYS } });
    await seed(appId, now, [45, 40, 31, 30.5, 29.9, 10, 1, 0]);
    const deleted = await enforceRetention(now, { batchSize: 2 });
    expect(deleted).toBeGreaterThanOrEqual(4);
    const left = await db.provisioningLog.findMany({ where: { appId }, select: { sourceId: true } });
    expect(left.map((r) => r.sourceId?.split("-").slice(-2, -1)[0]).sort()).toEqual(["0", "1", "10", "29.9"].sort());
    await db.provisioningLog.deleteMany({ where: { appId } });
  });

  it("follows the retention setting", async () => {
    const appId = uniq("ret7");
    const now = new Date();
    await db.setting.upsert({ where: { key: SETTING_RETENTION_DAYS }, create: { key: SETTING_RETENTION_DAYS, value: 7 }, update: { value: 7 } });
    await seed(appId, now, [8, 6]);
    await enforceRetention(now);
    const left = await db.provisioningLog.findMany({ where: { appId }, select: { sourceId: true } });
    expect(left).toHaveLength(1);
    expect(left[0]!.sourceId).toContain("-6-");
    await db.provisioningLog.deleteMany({ where: { appId } });
  });
});
