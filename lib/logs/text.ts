// Engine texts, language-neutral at the source (issue 18): the engine says what happened as a
// catalogue key and its values (`lt("created", { kind, id })`), never as English prose. The log
// writer stores that form (provisioning_log.texts) next to its English rendering (the text
// columns, for old readers, search and CSV), and readers render it in their own language. Values
// are data (ids, names, attribute names, what a target answered) or texts themselves; they are
// never translated. A plain string where a text is expected is foreign text (a target's error
// message) and reads as written in every language. Framework-free: the worker uses it.
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import type { Messages } from "../i18n/messages";
import { translateKey } from "../i18n/translate";

/** A language-neutral text: a catalogue key and its values (a value may itself be a text). */
export type Msg = { key: string; values?: Record<string, string | Msg> };
/** What the engine says: a catalogue text, or foreign text (a target's or a library's message) kept as written. */
export type Text = Msg | string;

export type StepCode = keyof Messages["log"]["step"];
export type LogTextKey = keyof Messages["log"]["text"];
export type QuarantineReasonKey = keyof Messages["quarantine"]["reason"];

type Values = Record<string, string | number | Msg | null | undefined>;

export const isMsg = (v: unknown): v is Msg => !!v && typeof v === "object" && typeof (v as Msg).key === "string";

function msg(key: string, values?: Values): Msg {
  if (!values) return { key };
  const out: Record<string, string | Msg> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null) out[k] = typeof v === "number" ? String(v) : v;
  return Object.keys(out).length ? { key, values: out } : { key };
}

/** A provisioning-log text (log.text.*). Numbers are stored as written ("3"), like every value. */
export const lt = (key: LogTextKey, values?: Values): Msg => msg(`log.text.${key}`, values);

/** A quarantine or pause reason (quarantine.reason.*): Sync details, emails, held-back entries. */
export const qt = (key: QuarantineReasonKey, values?: Values): Msg => msg(`quarantine.reason.${key}`, values);

/** Texts one after another, as sentences ("A. B. C."): each language joins them its own way. */
export function sentences(...parts: (Text | null | undefined | false)[]): Text {
  const list = parts.filter((p): p is Text => !!p);
  if (list.length === 0) return "";
  return list.reduceRight((rest, first) => lt("sentences", { first, rest }));
}

/** Texts as a list ("a; b; c"). */
export function list(parts: Text[]): Text {
  if (parts.length === 0) return "";
  return parts.reduceRight((rest, first) => lt("list", { first, rest }));
}

/** Whether a text is the catalogue text `key` (typed, never by comparing English). */
export const isText = (t: Text | null | undefined, key: LogTextKey): boolean => isMsg(t) && t.key === `log.text.${key}`;

/** A text in a language; nested texts first. Foreign text as written; a key no catalogue knows answers undefined. */
export function renderMsg(locale: Locale, t: Text): string | undefined {
  if (typeof t === "string") return t;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.values ?? {})) {
    const r = renderMsg(locale, v);
    if (r === undefined) return undefined;
    values[k] = r;
  }
  return translateKey(locale, t.key, values);
}

/** The English of a text (the text columns, search, CSV, and everything that still reads English). */
export function english(t: Text): string;
export function english(t: Text | null | undefined): string | null;
export function english(t: Text | null | undefined): string | null {
  if (t === null || t === undefined) return null;
  return renderMsg(DEFAULT_LOCALE, t) ?? (isMsg(t) ? t.key : t);
}

/** A text in a language, null for none. */
export function inLocale(locale: Locale, t: Text | null | undefined): string | null {
  if (t === null || t === undefined) return null;
  return renderMsg(locale, t) ?? english(t);
}

/** A stored text (the neutral form, else the English as stored) in a language. */
export function renderText(locale: Locale, neutral: unknown, stored: string | null | undefined): string | null {
  if (isMsg(neutral) && locale !== DEFAULT_LOCALE) return renderMsg(locale, neutral) ?? stored ?? null;
  return stored ?? (isMsg(neutral) ? english(neutral) : null);
}
