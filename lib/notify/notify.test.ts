// Notification emails end to end against an in-process SMTP server (smtp-server):
// one email per state change, SMTP outages retried later without throwing, and
// nothing sent (rows wait) while SMTP is not configured.
import net from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { resetEnvCache } = await import("../env");
const { db, disconnectDb } = await import("../db");
const { composeEmail, deliverPendingEmails, queueNotification } = await import("./notify");

type Received = { to: string[]; from: string; subject: string; body: string };
const inbox: Received[] = [];
let server: SMTPServer;
let smtpUrl = "";

/** Enough MIME decoding for nodemailer's plain-text output (quoted-printable or 7bit). */
function decode(raw: string): Omit<Received, "to"> {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, " ");
  const h = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(headers)?.[1]?.trim() ?? "";
  let body = rest.join("\n\n");
  if (/quoted-printable/i.test(h("Content-Transfer-Encoding"))) body = Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16))), "latin1").toString("utf8");
  return { from: h("From"), subject: h("Subject"), body: body.replace(/\r\n/g, "\n") };
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function useSmtp(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
}

async function createApp(opts: { notificationEmail?: string | null; sendFailureEmails?: boolean } = {}) {
  return db.app.create({ data: { templateId: "scim", displayName: uniq("Notify app"), notificationEmail: opts.notificationEmail === undefined ? `${uniq("ops")}@example.com` : opts.notificationEmail, sendFailureEmails: opts.sendFailureEmails ?? false } });
}

const mailsTo = (addr: string) => inbox.filter((m) => m.to.includes(addr));

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), ...decode(Buffer.concat(chunks).toString("utf8")) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as net.AddressInfo).port}`;
});

beforeEach(() => useSmtp(smtpUrl));

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  useSmtp(undefined);
  await disconnectDb();
});

describe("notification emails", () => {
  it("sends one email per state change, with a useful body and the Sync details link", async () => {
    const app = await createApp();
    const to = app.notificationEmail!;
    const mail = composeEmail("quarantine", app, { reason: "The app rejected the secret token (401 Unauthorized)." });
    expect(await queueNotification({ appId: app.id, kind: "quarantine", stateKey: "credentials_rejected", ...mail })).toEqual({ queued: true });
    expect(await queueNotification({ appId: app.id, kind: "quarantine", stateKey: "credentials_rejected", ...mail })).toEqual({ queued: false, reason: "duplicate" });
    expect((await deliverPendingEmails()).sent).toBeGreaterThanOrEqual(1);
    expect(mailsTo(to)).toHaveLength(1);
    const got = mailsTo(to)[0]!;
    expect(got.subject).toBe(`Provisioning for ${app.displayName} is in quarantine`);
    expect(got.body).toContain("Reason: The app rejected the secret token (401 Unauthorized).");
    expect(got.body).toContain("What to do:");
    expect(got.body).toMatch(new RegExp(`Sync details: https?://[^\\s]+/apps/${app.id}/provisioning`));

    // the same state again (next cycle, another worker): still one email
    await queueNotification({ appId: app.id, kind: "quarantine", stateKey: "credentials_rejected", ...mail });
    await deliverPendingEmails();
    expect(mailsTo(to)).toHaveLength(1);

    // a new state (reason changed) → a second email
    const changed = composeEmail("quarantine", app, { reason: "Most operations failed (95 of 100)." });
    expect((await queueNotification({ appId: app.id, kind: "quarantine", stateKey: "most_failed", ...changed })).queued).toBe(true);
    await deliverPendingEmails();
    expect(mailsTo(to)).toHaveLength(2);
    expect(mailsTo(to)[1]!.body).toContain("Most operations failed (95 of 100).");
    const rows = await db.emailOutbox.findMany({ where: { to } });
    expect(rows.every((r) => r.sentAt && r.attempts === 1 && r.lastError === null)).toBe(true);
  });

  it("mails failures only when 'send an email when a failure occurs' is on, and nothing without an address", async () => {
    const quiet = await createApp({ sendFailureEmails: false });
    const mail = composeEmail("failures", quiet, { failed: 12, total: 300 });
    expect(await queueNotification({ appId: quiet.id, kind: "failures", stateKey: "cycle-1", ...mail })).toEqual({ queued: false, reason: "failure_emails_off" });
    const loud = await createApp({ sendFailureEmails: true });
    const m2 = composeEmail("failures", loud, { failed: 12, total: 300, cycleId: "cycle-1" });
    expect(m2.subject).toBe(`Provisioning cycle for ${loud.displayName} finished with 12 failures`);
    expect((await queueNotification({ appId: loud.id, kind: "failures", stateKey: "cycle-1", ...m2 })).queued).toBe(true);
    const none = await createApp({ notificationEmail: null });
    expect(await queueNotification({ appId: none.id, kind: "paused", stateKey: "c", ...composeEmail("paused", none, { threshold: 500, pendingDeletions: 812 }) })).toEqual({ queued: false, reason: "no_address" });
    expect(await queueNotification({ appId: "no-such-app", kind: "paused", stateKey: "c", subject: "s", text: "t" })).toEqual({ queued: false, reason: "app_not_found" });
    await deliverPendingEmails();
    expect(mailsTo(loud.notificationEmail!)).toHaveLength(1);
    expect(mailsTo(loud.notificationEmail!)[0]!.body).toContain("12 failed operations out of 300");
  });

  it("keeps rows and retries with backoff when the SMTP server is down, without throwing", async () => {
    const app = await createApp();
    const to = app.notificationEmail!;
    await queueNotification({ appId: app.id, kind: "paused", stateKey: "cycle-x", ...composeEmail("paused", app, { threshold: 500, pendingDeletions: 812 }) });
    useSmtp(`smtp://127.0.0.1:${await closedPort()}`);
    const r = await deliverPendingEmails();
    expect(r).toMatchObject({ configured: true, sent: 0 });
    expect(r.failed).toBeGreaterThanOrEqual(1);
    const row = await db.emailOutbox.findFirstOrThrow({ where: { to } });
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);

    // back up, but not due yet: nothing sent
    useSmtp(smtpUrl);
    await deliverPendingEmails();
    expect(mailsTo(to)).toHaveLength(0);
    // due: sent once
    await deliverPendingEmails({ now: new Date(row.nextAttemptAt.getTime() + 1000) });
    expect(mailsTo(to)).toHaveLength(1);
    expect(mailsTo(to)[0]!.subject).toBe(`Provisioning for ${app.displayName} is paused: deletions need your approval`);
    expect(mailsTo(to)[0]!.body).toContain("disable or delete 812 accounts, more than the accidental deletion threshold of 500");
    expect(await db.emailOutbox.findFirstOrThrow({ where: { to } })).toMatchObject({ attempts: 2, lastError: null, sentAt: expect.any(Date) });
  });

  it("leaves rows waiting while SMTP is not configured", async () => {
    useSmtp(undefined);
    const app = await createApp();
    await queueNotification({ appId: app.id, kind: "credentials", stateKey: "401", ...composeEmail("credentials", app, { reason: "401 Unauthorized" }) });
    expect(await deliverPendingEmails()).toEqual({ configured: false, sent: 0, failed: 0 });
    expect(await db.emailOutbox.findFirstOrThrow({ where: { to: app.notificationEmail! } })).toMatchObject({ sentAt: null, attempts: 0 });
    useSmtp(smtpUrl);
    await deliverPendingEmails();
    expect(mailsTo(app.notificationEmail!)).toHaveLength(1);
    expect(mailsTo(app.notificationEmail!)[0]!.subject).toBe(`Provisioning for ${app.displayName} cannot sign in to the app`);
  });
});
