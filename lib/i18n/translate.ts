// Translation outside React — API messages, Test Connection diagnoses, emails, log rendering, the
// worker — on next-intl's framework-agnostic core (use-intl/core; loads no Next.js code). A key
// missing from a catalogue (the catalogue test prevents it) reads in English rather than as its
// path; a message that fails to format reads as its key path, never throws.
import { _createCache, _createIntlFormatters, createTranslator, type _Translator } from "use-intl/core";
import { log } from "../log";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { loadMessages, type Messages, type Namespace } from "./messages";

export type { Locale } from "./locales";
export type { Messages, Namespace } from "./messages";

/** Server-side texts show times in UTC (they are read by admins in several time zones). */
export const SERVER_TIME_ZONE = "UTC";

const cache = _createCache();
const formatters = _createIntlFormatters(cache);
const made = new Map<string, unknown>();

export type Translate<NS extends Namespace> = _Translator<Messages, NS>;

function make<NS extends Namespace>(locale: Locale, namespace: NS | undefined): _Translator<Messages, NS> {
  return createTranslator<Messages, NS>({
    locale,
    messages: loadMessages(locale),
    namespace: namespace as NS,
    timeZone: SERVER_TIME_ZONE,
    _cache: cache,
    _formatters: formatters,
    onError: (error) => {
      if (locale === DEFAULT_LOCALE) log.warn("i18n: message error", { locale, code: error.code, detail: error.originalMessage });
    },
    getMessageFallback: ({ key, namespace: ns }) => {
      const path = ns ? `${ns}.${key}` : key;
      if (locale === DEFAULT_LOCALE) return path;
      return fallbackToDefault(path);
    },
  });
}

function fallbackToDefault(path: string): string {
  const t = translator(DEFAULT_LOCALE) as unknown as { has(k: string): boolean; (k: string): string };
  return t.has(path) ? t(path) : path;
}

/** A translator for one locale, optionally scoped to a namespace: `translator("zh-CN", "errors")("not_found")`. */
export function translator<NS extends Namespace = never>(locale: Locale, namespace?: NS): Translate<NS> {
  const id = `${locale}\u0000${namespace ?? ""}`;
  let t = made.get(id) as Translate<NS> | undefined;
  if (!t) {
    t = make<NS>(locale, namespace);
    made.set(id, t);
  }
  return t;
}

/**
 * A translator by dotted key path and loose values, for texts whose key is data (stored log
 * codes, error codes): `translate("zh-CN", "log.reason.scoped_out", { … })`. An unknown key path
 * answers `undefined`, so the caller can fall back to a stored English text.
 */
export function translateKey(locale: Locale, path: string, values?: Record<string, string | number | Date>): string | undefined {
  const t = translator(locale) as unknown as { has(k: string): boolean; (k: string, v?: Record<string, string | number | Date>): string };
  if (!t.has(path) && !(translator(DEFAULT_LOCALE) as unknown as { has(k: string): boolean }).has(path)) return undefined;
  return t(path, values);
}
