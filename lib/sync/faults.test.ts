// Faults the engine must ride out, against real Postgres and a local SCIM target:
// a target outage (escrow, quarantine with growing backoff, then convergence once it is back)
// and SMTP down (a quarantine's email waits in the outbox; the cycle neither fails nor waits).
// The database restart lives in db-restart.test.ts (it needs a database of its own).
import net from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { actor, assign, db, findTargetUser, newUser, runCycle, scimApp, targetUsers, uniq } from "../test/sync-fixture";
const { saveCredentials } = await import("../apps/credentials");
const { updateUser } = await import("../directory/users");
const { runAppSlice } = await import("./cycle");
const { deliverPendingEmails } = await import("../notify/notify");
const { resetEnvCache } = await import("../env");

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/**
 * A TCP relay in front of the target on a fixed port: down() closes the listener and cuts live
 * connections (the target's host refuses connections, as during a real outage); up() listens on
 * the same port again. The target keeps its state, as a real app would across its outage.
 */
async function relay(to: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(Number(to.port), to.hostname);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on("close", () => sockets.delete(sock));
          sock.on("error", () => sock.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve((s.address() as net.AddressInfo).port));
      server = s;
    });
  const port = await listen(0);
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  return { port, down, up: () => listen(port).then(() => undefined) };
}

const newUsers = async (n: number) => {
  const out: Awaited<ReturnType<typeof newUser>>[] = [];
  for (let i = 0; i < n; i++) out.push(await newUser());
  return out;
};

describe("[SYNC][FAULTS] target outage", () => {
  it("escrows failed objects, quarantines with growing backoff, then converges once the target is back", async () => {
    const { app, target, token } = await scimApp();
    cleanups.push(() => target.close());
    const gate = await relay(new URL(target.baseUrl));
    cleanups.push(() => gate.down());
    const tenantUrl = target.baseUrl.replace(/:\d+\//, `:${gate.port}/`);
    await saveCredentials(actor, app.id, { tenantUrl, secretToken: token });
    const first = await newUsers(20);
    for (const u of first) await assign(app.id, u.id);
    await runCycle(app.id);
    expect(targetUsers(target)).toHaveLength(20);

    // The target goes down; meanwhile 10 users change and 5 new ones are assigned.
    await gate.down();
    for (const u of first.slice(0, 10)) await updateUser(actor, u.id, { jobTitle: "Changed during the outage" });
    const late = await newUsers(5);
    for (const u of late) await assign(app.id, u.id);

    // Each object exhausts the client's retries (connection refused, backoff with jitter) and
    // lands in escrow; 15 of 15 failing operations dominate the cycle, so the app is quarantined.
    // Delays the engine chooses are checked exactly: between (time before the run + delay) and
    // (time after the run + delay). A one-day delay where an hour is due fails; load does not.
    const window = (before: number, after: number, delayMs: number) => ({ min: before + delayMs, max: after + delayMs });
    const within = (t: Date, w: { min: number; max: number }) => {
      expect(t.getTime()).toBeGreaterThanOrEqual(w.min);
      expect(t.getTime()).toBeLessThanOrEqual(w.max);
    };
    let before = Date.now();
    const failedCycleId = await runCycle(app.id, { force: false });
    let after = Date.now();
    const failedCycle = await db.syncCycle.findUniqueOrThrow({ where: { id: failedCycleId! } });
    expect(failedCycle.status).toBe("failed");
    let state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
    expect(state).toMatchObject({ state: "quarantined", reasonCode: "failures", quarantineLevel: 0 });
    within(state.nextRunAt!, window(before, after, 3600_000)); // quarantine level 0: an hour
    let escrow = await db.syncEscrow.findMany({ where: { appId: app.id } });
    expect(escrow).toHaveLength(15);
    expect(escrow.every((e) => e.attempts === 1 && e.errorCode?.startsWith("transient:"))).toBe(true);
    for (const e of escrow) within(e.nextAttemptAt, window(before, after, 60_000)); // first retry: a minute
    const failureLogs = await db.provisioningLog.findMany({ where: { appId: app.id, cycleId: failedCycleId!, status: "failure" } });
    expect(failureLogs).toHaveLength(15);
    expect(failureLogs[0]!.recommendation).toMatch(/retries this object automatically/);

    // Backoff: while quarantined and not due, a slice does nothing (no cycle, no requests).
    const idle = await runAppSlice(app.id, { workerId: "fault-test" });
    expect(idle.result).toBe("idle");
    expect(idle.nextRunAt?.getTime()).toBe(state.nextRunAt!.getTime());

    // Time is compressed, honestly: rather than sleeping through an outage of several minutes,
    // the due times the engine chose are moved to now, as if the wait had passed.
    const advance = async () => {
      await db.syncState.update({ where: { appId: app.id }, data: { nextRunAt: new Date() } });
      await db.syncEscrow.updateMany({ where: { appId: app.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    };
    // Still down an hour later: the escrowed objects are retried and fail again; delays grow.
    await advance();
    before = Date.now();
    await runCycle(app.id, { force: false });
    after = Date.now();
    state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
    expect(state).toMatchObject({ state: "quarantined", quarantineLevel: 1 });
    within(state.nextRunAt!, window(before, after, 6 * 3600_000)); // level 1: six hours
    escrow = await db.syncEscrow.findMany({ where: { appId: app.id } });
    expect(escrow).toHaveLength(15);
    for (const e of escrow) {
      expect(e.attempts).toBe(2);
      within(e.nextAttemptAt, window(before, after, 5 * 60_000)); // second retry: five minutes
    }
    expect(targetUsers(target)).toHaveLength(20); // nothing reached the target while it was down

    // The target is back (same address, state intact). At the next due run everything converges.
    await gate.up();
    await advance();
    const okCycleId = await runCycle(app.id, { force: false });
    expect((await db.syncCycle.findUniqueOrThrow({ where: { id: okCycleId! } })).status).toBe("completed");
    state = await db.syncState.findUniqueOrThrow({ where: { appId: app.id } });
    expect(state).toMatchObject({ state: "idle", quarantineLevel: 0, quarantinedAt: null, reason: null });
    expect(await db.syncEscrow.count({ where: { appId: app.id } })).toBe(0);
    const names = targetUsers(target).map((u) => String(u.userName).toLowerCase());
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    for (const u of first.slice(0, 10)) expect(findTargetUser(target, u.userPrincipalName)!.title).toBe("Changed during the outage");
    for (const u of late) expect(findTargetUser(target, u.userPrincipalName)).toMatchObject({ active: true });
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
  }, 90_000);
});

describe("[SYNC][FAULTS] SMTP down", () => {
  it("a quarantine with SMTP unreachable neither fails nor slows the cycle; the email goes out once SMTP is back", async () => {
    // A port with nothing listening: SMTP refuses connections.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    resetEnvCache();
    cleanups.push(async () => {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      resetEnvCache();
    });

    const ops = `${uniq("ops")}@provisio.test`;
    const { app, target } = await scimApp({ notificationEmail: ops });
    cleanups.push(() => target.close());
    for (const u of await newUsers(3)) await assign(app.id, u.id);
    await runCycle(app.id);

    // The target starts rejecting the token: the next cycle quarantines the app and queues an email.
    target.inject({ kind: "status", status: 401 }, { times: 1000 });
    const u = await newUser();
    await assign(app.id, u.id);
    const cycleId = await runCycle(app.id, { force: false });
    const cycle = await db.syncCycle.findUniqueOrThrow({ where: { id: cycleId! } });
    expect(cycle.status).toBe("failed"); // the quarantine, not an SMTP problem
    expect(cycle.error).toMatch(/rejected Provisio's credentials/);
    expect((await db.syncState.findUniqueOrThrow({ where: { appId: app.id } })).state).toBe("quarantined");
    const outbox = () => db.emailOutbox.findMany({ where: { to: ops } });
    // The engine only writes to the outbox; SMTP is never on the cycle's path (no delivery attempted).
    expect(await outbox()).toMatchObject([{ sentAt: null, attempts: 0, lastError: null }]);

    // The worker's delivery pass with SMTP down: no throw, the row records the failure and backs off.
    const beforeDelivery = Date.now();
    const down = await deliverPendingEmails({ limit: 1000 }); // the outbox is shared with other test files: take all that is due
    const afterDelivery = Date.now();
    expect(down.configured).toBe(true);
    expect(down.failed).toBeGreaterThanOrEqual(1);
    const [row] = await outbox();
    expect(row).toMatchObject({ sentAt: null, attempts: 1 });
    expect(row!.lastError).toMatch(/ECONNREFUSED|connect/i);
    // First email retry: a minute after the failed attempt (not an hour, not immediately).
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(beforeDelivery + 60_000);
    expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(afterDelivery + 60_000);

    // SMTP comes back on the same address. At the next due delivery (time moved, not slept) it goes out once.
    const inbox: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(port, "127.0.0.1", r));
    cleanups.push(() => new Promise<void>((r) => smtp.close(() => r())));
    const later = new Date(row!.nextAttemptAt.getTime() + 1000);
    await deliverPendingEmails({ now: later, limit: 1000 });
    await deliverPendingEmails({ now: new Date(later.getTime() + 3600_000), limit: 1000 });
    const mine = inbox.filter((m) => m.to.includes(ops));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.raw).toMatch(/in quarantine|cannot sign in/);
    expect(await outbox()).toMatchObject([{ attempts: 2, lastError: null }]);
    expect((await outbox())[0]!.sentAt).not.toBeNull();
    await db.app.update({ where: { id: app.id }, data: { status: "off" } });
  }, 60_000);
});
