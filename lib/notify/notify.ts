// Notification emails through a transactional outbox: the engine queues one row
// per state change (dedupeKey = appId:kind:stateKey is unique, so queueing the
// same state again is a no-op), and deliverPendingEmails() — called by the
// worker — sends due rows over SMTP with retry and backoff. Nothing here throws
// into the engine: a notification problem must never fail a sync cycle.
import nodemailer from "nodemailer";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { effectiveFromAddress } from "../logs/settings";
import { inLocale, type Text } from "../logs/text";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../i18n/locales";
import { translator } from "../i18n/translate";

export type NotificationKind = "quarantine" | "paused" | "credentials" | "failures";

/**
 * Kinds that also need "send an email notification when a failure occurs".
 * Quarantine, paused and credential problems stop provisioning until someone
 * acts, so they go to the notification address whenever one is set.
 */
export const FAILURE_KINDS: ReadonlySet<NotificationKind> = new Set(["failures"]);

export type QueueResult = { queued: boolean; reason?: "no_address" | "failure_emails_off" | "duplicate" | "app_not_found" | "error" };

/** Inserts one outbox row for this state change, if the app wants it and it is not queued already. */
export async function queueNotification(n: { appId: string; kind: NotificationKind; stateKey: string; subject: string; text: string; inLocale?: Email["inLocale"] }): Promise<QueueResult> {
  try {
    const app = await db.app.findUnique({ where: { id: n.appId }, select: { notificationEmail: true, sendFailureEmails: true } });
    if (!app) return { queued: false, reason: "app_not_found" };
    const to = app.notificationEmail?.trim();
    if (!to) return { queued: false, reason: "no_address" };
    if (FAILURE_KINDS.has(n.kind) && !app.sendFailureEmails) return { queued: false, reason: "failure_emails_off" };
    const dedupeKey = `${n.appId}:${n.kind}:${n.stateKey}`;
    const locale = n.inLocale ? await recipientLocale(to) : DEFAULT_LOCALE;
    const mail = locale === DEFAULT_LOCALE || !n.inLocale ? { subject: n.subject, text: n.text } : n.inLocale(locale);
    const inserted = await db.$executeRaw`
      INSERT INTO email_outbox (id, "to", subject, body, "dedupeKey", "nextAttemptAt", "createdAt")
      VALUES (gen_random_uuid()::text, ${to}, ${mail.subject}, ${mail.text}, ${dedupeKey}, ${new Date()}::timestamp, ${new Date()}::timestamp)
      ON CONFLICT ("dedupeKey") DO NOTHING`;
    return inserted ? { queued: true } : { queued: false, reason: "duplicate" };
  } catch (err) {
    log.error("could not queue a notification email", { appId: n.appId, kind: n.kind, err });
    return { queued: false, reason: "error" };
  }
}

// ───── composing ─────

export type EmailDetails = {
  /** a neutral text reads in the recipient's language; a plain string as written */
  reason?: Text | null;
  reasonCode?: string | null;
  cycleId?: string | null;
  failed?: number;
  total?: number;
  threshold?: number;
  pendingDeletions?: number;
  at?: Date;
};

export function syncDetailsUrl(appId: string): string {
  const e = env();
  const base = (e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return `${base}/apps/${encodeURIComponent(appId)}/provisioning`;
}

/** Plain text an admin can act on from a phone: what happened, why, what to do, and the link. */
export function composeEmail(kind: NotificationKind, app: { id: string; displayName: string }, d: EmailDetails = {}, locale: Locale = DEFAULT_LOCALE): Email {
  const t = translator(locale, "email");
  const name = app.displayName;
  const when = (d.at ?? new Date()).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const reason = inLocale(locale, typeof d.reason === "string" ? d.reason.trim() || null : d.reason);
  let subject: string;
  let what: string[];
  let todo: string[];
  switch (kind) {
    case "quarantine":
      subject = t("quarantine.subject", { name });
      what = [t("quarantine.what", { name, when }), reason ? t("reason", { reason }) : t("quarantine.noReason"), t("quarantine.slow")];
      todo = [t("quarantine.todo")];
      break;
    case "paused":
      subject = t("paused.subject", { name });
      what = [
        t("paused.what", { name, when, hasCount: d.pendingDeletions != null ? "yes" : "no", count: String(d.pendingDeletions ?? ""), hasThreshold: d.threshold != null ? "yes" : "no", threshold: String(d.threshold ?? "") }),
        ...(reason ? [t("reason", { reason })] : []),
      ];
      todo = [t("paused.todo")];
      break;
    case "credentials":
      subject = t("credentials.subject", { name });
      what = [t("credentials.what", { name, when }), ...(reason ? [t("reason", { reason })] : []), t("credentials.stopped")];
      todo = [t("credentials.todo")];
      break;
    case "failures": {
      const failed = d.failed != null ? String(d.failed) : t("some");
      const isOne = d.failed === 1 ? "yes" : "no";
      subject = t("failures.subject", { name, failed, isOne });
      what = [t("failures.what", { name, when, failed, isOne, hasTotal: d.total != null ? "yes" : "no", total: String(d.total ?? "") }), ...(reason ? [t("failures.mostCommon", { reason })] : []), t("failures.retried")];
      todo = [t("failures.todo")];
      break;
    }
  }
  const lines = [
    ...what,
    "",
    t("whatToDo"),
    ...todo,
    "",
    t("syncDetails", { url: syncDetailsUrl(app.id) }),
    ...(d.cycleId ? [t("cycle", { id: d.cycleId })] : []),
    "",
    t("footer"),
  ];
  const email: Email = { subject, text: lines.join("\n") };
  // The recipient's language is known only when the email is queued: carry how to say it again.
  if (locale === DEFAULT_LOCALE) Object.defineProperty(email, "inLocale", { value: (l: Locale) => composeEmail(kind, app, d, l), enumerable: true });
  return email;
}

export type Email = { subject: string; text: string; inLocale?: (locale: Locale) => Email };

/**
 * The language of the admin whose email address receives the notification (issue 18: their
 * choice in the portal's language menu), English when the address is not an admin's or they chose none.
 */
export async function recipientLocale(to: string): Promise<Locale> {
  const l = (await db.admin.findUnique({ where: { email: to.trim().toLowerCase() }, select: { locale: true } }))?.locale;
  return isLocale(l) ? l : DEFAULT_LOCALE;
}

// ───── delivery ─────

export const MAX_ATTEMPTS = 15;
const CLAIM_MS = 5 * 60_000;
const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60_000);

export type DeliveryResult = { configured: boolean; sent: number; failed: number };

type Claimed = { id: string; to: string; subject: string; body: string; attempts: number };

/**
 * Sends due outbox rows. Rows are claimed first (nextAttemptAt pushed ahead,
 * FOR UPDATE SKIP LOCKED), so several workers never send the same email and no
 * transaction stays open during SMTP. Without SMTP_URL rows simply wait.
 */
export async function deliverPendingEmails(opts: { now?: Date; limit?: number } = {}): Promise<DeliveryResult> {
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl) return { configured: false, sent: 0, failed: 0 };
  const now = opts.now ?? new Date();
  let claimed: Claimed[];
  try {
    claimed = await db.$queryRaw<Claimed[]>`
      UPDATE email_outbox SET "nextAttemptAt" = ${new Date(now.getTime() + CLAIM_MS)}::timestamp
       WHERE id IN (SELECT id FROM email_outbox
                     WHERE "sentAt" IS NULL AND "nextAttemptAt" <= ${now}::timestamp AND attempts < ${MAX_ATTEMPTS}
                     ORDER BY "nextAttemptAt" LIMIT ${opts.limit ?? 50} FOR UPDATE SKIP LOCKED)
      RETURNING id, "to", subject, body, attempts`;
  } catch (err) {
    log.error("could not read the email outbox", { err });
    return { configured: true, sent: 0, failed: 0 };
  }
  if (claimed.length === 0) return { configured: true, sent: 0, failed: 0 };

  const from = await effectiveFromAddress().catch(() => "Provisio <provisio@localhost>");
  const transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  let sent = 0;
  let failed = 0;
  try {
    for (const m of claimed) {
      try {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.body });
        await db.emailOutbox.update({ where: { id: m.id }, data: { sentAt: new Date(), attempts: m.attempts + 1, lastError: null } });
        sent++;
      } catch (err) {
        failed++;
        const attempts = m.attempts + 1;
        // the SMTP error text can echo the server's banner, never our credentials (they live in SMTP_URL, not in messages)
        const message = (err as Error)?.message?.slice(0, 500) ?? String(err);
        log.warn("notification email not sent; will retry", { id: m.id, attempts, err: message });
        await db.emailOutbox
          .update({ where: { id: m.id }, data: { attempts, lastError: message, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) } })
          .catch((e: unknown) => log.error("could not record an email failure", { id: m.id, err: e }));
      }
    }
  } finally {
    transport.close();
  }
  return { configured: true, sent, failed };
}
