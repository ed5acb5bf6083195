// Admin credentials of an app. Non-secret fields live in App.credentialsPublic;
// the secret fields (as one JSON object) are AES-256-GCM encrypted into
// App.credentialsSecret (lib/crypto, key id inside the ciphertext). Secrets never
// leave this module except to build a SCIM client: views and audit entries carry
// {set: boolean}, and a secret is "write-only": an empty or omitted value keeps
// the stored one, so it can be replaced but never read back.
// Server-only: loadCredentials/buildAppClient return decrypted secrets.
import type { Actor } from "../auth/roles";
import { buildClientForApp, parseCredentials, testConnectionForApp, type AppOverrides, type BuildOptions, type ConnectorTemplate, type Credentials } from "../connectors";
import { decryptSecret, encryptSecret } from "../crypto";
import { db } from "../db";
import type { App } from "../db/generated/client";
import { env } from "../env";
import { AppError, issueKey, joinedKeys, localized, notFound, type ErrorDetail } from "../errors";
import { fieldMessageKey } from "../i18n/field-messages";
import { DEFAULT_LOCALE } from "../i18n/locales";
import { translateKey } from "../i18n/translate";
import { credentialIssueCode } from "../connectors/templates/shared";
import type { Locale } from "../i18n/locales";
import { log } from "../log";
import { writeAudit } from "../logs/audit";
import { redactString, type ScimClient } from "../scim";
import { getAppOrThrow, templateOf } from "./apps";
import { provisioningChanged } from "./events";
import { assertNoPrivateTargets } from "./private-target";
import { assertNoDroppedSecretNeeded, mergeStoredSecrets, originsOf, SecretsMustBeReenteredError, type SecretMergeDecision } from "./secret-origin";
import type { CredentialsBody, CredentialsView, TestConnectionView } from "./schemas";

type Stored = Record<string, string>;

function publicOf(app: Pick<App, "credentialsPublic">): Stored {
  const v = app.credentialsPublic;
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function secretsOf(app: Pick<App, "credentialsSecret">): Stored {
  if (!app.credentialsSecret) return {};
  let plain: string;
  try {
    plain = decryptSecret(app.credentialsSecret);
  } catch (e) {
    // Never include the ciphertext or the error's data: the key id is enough to act on.
    throw localized(new AppError("unavailable", "The stored admin credentials cannot be decrypted with PROVISIO_ENCRYPTION_KEY. Restore the key they were saved with, or enter the credentials again.", undefined, (e as Error).message), "credentialsUndecryptable");
  }
  const parsed = JSON.parse(plain) as unknown;
  if (!parsed || typeof parsed !== "object") return {};
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** What GET …/provisioning/credentials returns: non-secret values, and {set} for every secret field. */
export function credentialsView(app: App): CredentialsView {
  const t = templateOf(app);
  const pub = publicOf(app);
  const secrets = secretsOf(app);
  const out: CredentialsView = {};
  for (const f of t.credentialFields) {
    if (f.secret) out[f.name] = { set: !!secrets[f.name] };
    else {
      const v = pub[f.name];
      if (v !== undefined) out[f.name] = v;
    }
  }
  return out;
}

export function hasSavedCredentials(app: Pick<App, "credentialsPublic" | "credentialsSecret">): boolean {
  return app.credentialsSecret != null || Object.keys(publicOf(app)).length > 0;
}

/**
 * Form values + stored secrets → the credentials to validate/test/save. Unknown fields are a 400.
 * Stored secrets follow only while every URL keeps its origin (lib/apps/secret-origin.ts).
 */
function mergeWithStored(t: ConnectorTemplate, app: App, raw: CredentialsBody): SecretMergeDecision {
  const known = new Set(t.credentialFields.map((f) => f.name));
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length) {
    throw localized(new AppError("validation_failed", `Unknown field${unknown.length > 1 ? "s" : ""} for ${t.name}: ${unknown.join(", ")}`, unknown.map((k) => ({ path: k, message: "unknown field" }))), "credentialsUnknownFields", { count: unknown.length, template: t.name, fields: unknown.join(", ") });
  }
  return mergeStoredSecrets(t, publicOf(app), secretsOf(app), raw);
}

/** Refuses (400 naming the fields) when a stored secret was dropped for a moved URL and is still needed. */
function assertSecretsReentered(t: ConnectorTemplate, d: SecretMergeDecision) {
  if (!d.dropped.length) return;
  const parsed = parseCredentials(t, d.merged);
  assertNoDroppedSecretNeeded(t, d, parsed.ok ? [] : parsed.issues.map((i) => i.field));
}

function savedCredentials(app: App): Credentials {
  return { ...publicOf(app), ...secretsOf(app) };
}

function overridesOf(app: Pick<App, "compatibility">): AppOverrides {
  // App.compatibility holds AppOverrides: { profile?: ProfileOverrides, baseUrl?: string }.
  const c = app.compatibility;
  if (!c || typeof c !== "object" || Array.isArray(c)) return {};
  const o = c as Record<string, unknown>;
  return {
    ...(o.profile && typeof o.profile === "object" ? { profile: o.profile as AppOverrides["profile"] } : {}),
    ...(typeof o.baseUrl === "string" ? { baseUrl: o.baseUrl } : {}),
  };
}

function validationError(t: ConnectorTemplate, issues: Array<{ field: string; message: string }>): AppError {
  const label = (f: string) => t.credentialFields.find((x) => x.name === f)?.label ?? f;
  const details: ErrorDetail[] = issues.map((i) => ({ path: i.field, message: `${label(i.field)}: ${i.message}` }));
  const err = new AppError("validation_failed", details.map((d) => d.message).join("; "), details);
  // The field as the form labels it (credentials.fields.<template>.<field>.label), and the check's own text by its code.
  const where = (f: string) => {
    const key = `credentials.fields.${t.id}.${f}.label`;
    return translateKey(DEFAULT_LOCALE, key) !== undefined ? { key } : label(f);
  };
  const what = (m: string) => {
    const code = credentialIssueCode(m);
    return code ? { key: `errors.credential.${code}`, values: {} } : fieldMessageKey(m);
  };
  err.i18n = joinedKeys("list", issues.map((i) => issueKey(where(i.field), i.message, what)));
  return err;
}

function split(t: ConnectorTemplate, c: Credentials): { pub: Stored; sec: Stored } {
  const pub: Stored = {};
  const sec: Stored = {};
  for (const f of t.credentialFields) {
    const v = c[f.name];
    if (v === undefined || v === "") continue;
    (f.secret ? sec : pub)[f.name] = v;
  }
  return { pub, sec };
}

const sameJson = (a: Stored, b: Stored) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * PUT …/provisioning/credentials. Validates with the template's schema; secret fields
 * left empty keep their stored value. Resets the last Test Connection result when anything changed.
 */
export async function saveCredentials(actor: Actor, appId: string, raw: CredentialsBody, opts: { ip?: string; force?: boolean; locale?: Locale } = {}): Promise<void> {
  if (!env().PROVISIO_ALLOW_PRIVATE_TARGETS) {
    const app = await getAppOrThrow(appId);
    const urlFields = templateOf(app).credentialFields.filter((f) => f.type === "url");
    await assertNoPrivateTargets(urlFields.map((f) => ({ name: f.name, value: (raw as Record<string, unknown>)[f.name] })));
  }
  const tested = await testBeforeSave(appId, raw, opts.force ?? false, opts.locale);
  const changed = await db.$transaction(async (tx) => {
    // Row lock: two concurrent saves must not merge against the same stale secrets.
    await tx.$queryRaw`SELECT id FROM app WHERE id = ${appId} FOR UPDATE`;
    const app = await tx.app.findUnique({ where: { id: appId } });
    if (!app) throw notFound("The application");
    const t = templateOf(app);
    const decision = mergeWithStored(t, app, raw);
    assertSecretsReentered(t, decision);
    const parsed = parseCredentials(t, decision.merged);
    if (!parsed.ok) throw validationError(t, parsed.issues);
    const { pub, sec } = split(t, parsed.credentials);
    if (sameJson(pub, publicOf(app)) && sameJson(sec, secretsOf(app))) return false;
    // The test result stands for what is saved only if nobody changed the credentials in between.
    const result = tested && JSON.stringify(tested.credentials) === JSON.stringify(parsed.credentials) ? tested : null;
    const after = await tx.app.update({
      where: { id: appId },
      data: { credentialsPublic: pub, credentialsSecret: Object.keys(sec).length ? encryptSecret(JSON.stringify(sec)) : null, lastTestOk: result?.ok ?? null, lastTestAt: result ? new Date() : null },
    });
    const test = result ? { test: { ok: result.ok, code: result.code }, ...(result.ok ? {} : { savedAnyway: true }) } : {};
    await writeAudit(actor, { action: "provisioning.credentials.update", targetType: "app", targetId: appId, targetName: app.displayName, before: credentialsView(app), after: { ...credentialsView(after), ...test } }, tx, opts.ip);
    return true;
  });
  if (changed) await provisioningChanged(appId, "credentials");
}

/** A failing Test Connection refused the save; `force` saves anyway. */
export class CredentialsTestFailed extends AppError {
  constructor(readonly result: { code: string; message: string }) {
    super(
      "unprocessable",
      `The new credentials were not saved: Test Connection failed. ${result.message} Correct them, or save them anyway (provisioning then fails until a Test Connection passes).`,
      [{ path: "credentials", message: result.message, test: result.code }],
    );
    localized(this, "credentialsTestFailed", { message: result.message });
  }
}

/**
 * Changed credentials of an app whose provisioning is On are tested before they are saved
 * (turning provisioning On tests them too): a failure refuses the save unless `force`.
 * Returns what was tested and the outcome, or null when nothing needed a test.
 */
async function testBeforeSave(appId: string, raw: CredentialsBody, force: boolean, locale?: Locale): Promise<{ credentials: Credentials; ok: boolean; code: string } | null> {
  const app = await getAppOrThrow(appId);
  if (app.status !== "on") return null;
  const t = templateOf(app);
  const decision = mergeWithStored(t, app, raw);
  assertSecretsReentered(t, decision);
  const parsed = parseCredentials(t, decision.merged);
  if (!parsed.ok) throw validationError(t, parsed.issues);
  const { pub, sec } = split(t, parsed.credentials);
  if (sameJson(pub, publicOf(app)) && sameJson(sec, secretsOf(app))) return null;
  const r = await testConnectionForApp(t, parsed.credentials, overridesOf(app), { allowPrivate: env().PROVISIO_ALLOW_PRIVATE_TARGETS, locale });
  const message = scrub(r.message, Object.values(sec));
  log.info("credentials tested before saving", { appId, ok: r.ok, code: r.code, force });
  if (!r.ok && !force) throw new CredentialsTestFailed({ code: r.code, message });
  return { credentials: parsed.credentials, ok: r.ok, code: r.code };
}

/** Server-only: the saved credentials, decrypted. */
export async function loadCredentials(appId: string): Promise<Credentials> {
  return savedCredentials(await getAppOrThrow(appId));
}

export type AppClientOptions = Partial<Omit<BuildOptions, "allowPrivate">>;

/** What the settings allow of outbound calls: private addresses, and how much of a response is read. */
function targetLimits() {
  const e = env();
  return { allowPrivate: e.PROVISIO_ALLOW_PRIVATE_TARGETS, maxResponseBytes: Math.round(e.PROVISIO_MAX_RESPONSE_MB * 1024 * 1024) };
}

/** Server-only: a ScimClient for the app from its saved credentials (what the sync engine uses). */
export async function buildAppClient(appId: string, opts: AppClientOptions = {}): Promise<ScimClient> {
  const app = await getAppOrThrow(appId);
  const t = templateOf(app);
  const parsed = parseCredentials(t, savedCredentials(app));
  if (!parsed.ok) {
    throw localized(new AppError("unprocessable", `The admin credentials of ${app.displayName} are missing or incomplete. Enter them on the Provisioning page and test the connection.`, parsed.issues.map((i) => ({ path: i.field, message: i.message }))), "credentialsIncomplete", { app: app.displayName });
  }
  // shared: every job of the process talks to this target through one limiter and one token.
  return buildClientForApp(t, parsed.credentials, overridesOf(app), { shared: true, ...opts, ...targetLimits() });
}

/** Replaces any secret value that could have slipped into a diagnosis (defence in depth: lib/scim redacts already). */
function scrub<T>(value: T, secrets: string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactString(v, secrets); // every common encoding, any case
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * POST …/provisioning/test-connection. With form values, tests them (empty secrets fall back to the
 * stored ones while the URLs keep their origin); without, tests the saved credentials. The result is
 * recorded on the app (lastTestOk/lastTestAt) only when what was tested is what is saved. Every
 * attempt is audited (who, app, URL origins, outcome; never a secret), refused ones too.
 */
export async function testAppConnection(appId: string, raw: CredentialsBody | undefined, opts: { actor?: Actor | null; ip?: string; locale?: Locale } = {}): Promise<TestConnectionView> {
  const app = await getAppOrThrow(appId);
  const t = templateOf(app);
  const saved = savedCredentials(app);
  const audit = (candidate: Credentials, outcome: Record<string, unknown>) =>
    writeAudit(opts.actor ?? null, { action: "provisioning.test_connection", targetType: "app", targetId: appId, targetName: app.displayName, after: { ...outcome, origins: Object.entries(originsOf(t, candidate)).map(([field, origin]) => ({ field, origin })) } }, db, opts.ip);
  let candidate = saved;
  if (raw && Object.keys(raw).length > 0) {
    const decision = mergeWithStored(t, app, raw);
    candidate = decision.merged;
    try {
      assertSecretsReentered(t, decision);
    } catch (e) {
      if (e instanceof SecretsMustBeReenteredError) await audit(candidate, { ok: false, code: "secrets_must_be_reentered", fields: e.fields });
      throw e;
    }
  }
  const parsed = parseCredentials(t, candidate);
  const isSaved = hasSavedCredentials(app) && parsed.ok && (() => {
    const a = split(t, parsed.credentials);
    return sameJson(a.pub, publicOf(app)) && sameJson(a.sec, secretsOf(app));
  })();
  const result = await testConnectionForApp(t, candidate, overridesOf(app), { ...targetLimits(), locale: opts.locale });
  const safe = scrub({ ok: result.ok, code: result.code, message: result.message, details: result.details }, Object.values(split(t, candidate).sec));
  if (isSaved) {
    await db.app.update({ where: { id: appId }, data: { lastTestOk: result.ok, lastTestAt: new Date() } });
    // Saved credentials that pass lift a credentials quarantine (the engine listens).
    if (result.ok) await provisioningChanged(appId, "credentials");
  }
  await audit(candidate, { ok: result.ok, code: result.code, saved: isSaved });
  log.info("test connection", { appId, ok: result.ok, code: result.code });
  return safe;
}
