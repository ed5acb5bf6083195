// Provisioning-log texts, language-neutral (issue 18). The engine writes English sentences; on the
// way into the table each is also stored as a catalogue key + values (the "texts" column), and on
// the way out an entry is rendered in the reader's language. English readers get the stored
// English columns unchanged; rows written before this (no "texts") are recognised when read.
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { loadMessages } from "../i18n/messages";
import { isMsg, Recogniser, renderMsg, type Msg } from "../i18n/recognise";
import { translateKey } from "../i18n/translate";

export type StoredStep = { name: string; status: string; details?: string; at?: string };
export type LogTexts = { steps?: Array<{ code?: string; msg?: Msg } | null>; reason?: Msg; recommendation?: Msg };

// Texts whose value is itself a sentence (the cause of a deprovisioning, a quarantine reason).
const NESTED = new Set(["why"]);

// The engine's sentences (log.text.*) and its quarantine reasons (quarantine.reason.*, nested in
// held-back entries and shown in Sync details and emails).
const recogniser = new Recogniser(() => {
  const m = loadMessages("en");
  const text = m.log.text as Record<string, string>;
  const reasons = m.quarantine.reason as Record<string, string>;
  return {
    ...Object.fromEntries(Object.entries(text).filter(([k]) => k !== "sentences").map(([k, v]) => [`log.text.${k}`, v])),
    ...Object.fromEntries(Object.entries(reasons).map(([k, v]) => [`quarantine.reason.${k}`, v])),
  };
}, NESTED);

let stepCodes: Map<string, string> | null = null;
function stepCode(name: string): string | undefined {
  stepCodes ??= new Map(Object.entries(loadMessages("en").log.step as Record<string, string>).map(([code, en]) => [en, code]));
  return stepCodes.get(name);
}

// Texts repeat (the same reason for thousands of objects): remember the recent ones.
const CACHE_MAX = 2000;
const cache = new Map<string, Msg | null>();
function recognise(text: string | null | undefined): Msg | undefined {
  if (!text) return undefined;
  let hit = cache.get(text);
  if (hit === undefined) {
    const r = recogniser.recognise(text);
    hit = typeof r === "string" ? null : r;
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(text, hit);
  }
  return hit ?? undefined;
}

/** The language-neutral form of an entry's texts (null when nothing was recognised). */
export function neutralTexts(e: { steps?: StoredStep[] | null; reason?: string | null; recommendation?: string | null }): LogTexts | null {
  const steps = (e.steps ?? []).map((s) => {
    const code = stepCode(s.name);
    const msg = recognise(s.details);
    return code || msg ? { ...(code ? { code } : {}), ...(msg ? { msg } : {}) } : null;
  });
  const reason = recognise(e.reason);
  const recommendation = recognise(e.recommendation);
  if (!steps.some(Boolean) && !reason && !recommendation) return null;
  return { ...(steps.some(Boolean) ? { steps } : {}), ...(reason ? { reason } : {}), ...(recommendation ? { recommendation } : {}) };
}

const render = (locale: Locale, msg: Msg | undefined, english: string | null | undefined): string | null | undefined => {
  if (!msg || !isMsg(msg)) return english;
  return renderMsg(locale, msg) ?? english;
};

/**
 * The entry's human texts in a language: step names, step details, reason, recommendation.
 * English (or no texts known) answers the stored English as is.
 */
export function localizeEntry<E extends { steps: StoredStep[]; reason: string | null; recommendation: string | null }>(entry: E, texts: LogTexts | null | undefined, locale: Locale): E {
  if (locale === DEFAULT_LOCALE) return entry;
  const t = texts ?? neutralTexts(entry);
  const steps = entry.steps.map((s, i) => {
    const known = t?.steps?.[i];
    const code = known?.code ?? stepCode(s.name);
    const name = code ? translateKey(locale, `log.step.${code}`) ?? s.name : s.name;
    const details = render(locale, known?.msg, s.details);
    return { ...s, name, ...(details !== undefined && details !== null ? { details } : {}) };
  });
  return {
    ...entry,
    steps,
    reason: render(locale, t?.reason, entry.reason) ?? null,
    recommendation: render(locale, t?.recommendation, entry.recommendation) ?? null,
  };
}

/** One engine text (a quarantine reason, a log reason) in a language; unknown texts as written. */
export function localizeText(text: string | null | undefined, locale: Locale): string | null | undefined {
  if (!text || locale === DEFAULT_LOCALE) return text;
  return render(locale, recognise(text), text);
}
