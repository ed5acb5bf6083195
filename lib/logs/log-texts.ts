// Provisioning-log texts in the reader's language (issue 18). The engine hands the log writer its
// texts language-neutral (text.ts: catalogue key + values); the writer stores that form in the
// "texts" column and the English rendering in the text columns. Readers get the English columns
// as stored, or every text rendered from its key in their language. A text without a key (foreign
// text, rows written before the texts column) reads as stored.
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translateKey } from "../i18n/translate";
import { english, isMsg, renderText, type Msg, type StepCode, type Text } from "./text";

/** A step as stored and shown: its name and details in one language. */
export type StoredStep = { name: string; status: string; details?: string; at?: string };
/** A step as the engine records it: the step's code and what it says. */
export type StepInput = { code: StepCode; status: "success" | "failure" | "skipped"; text?: Text | null; at?: string };
/** The neutral form of an entry's texts (provisioning_log.texts). */
export type LogTexts = { steps?: Array<{ code?: string; msg?: Msg } | null>; reason?: Msg; recommendation?: Msg };

export const isStepInput = (s: unknown): s is StepInput => !!s && typeof s === "object" && typeof (s as StepInput).code === "string";

export function stepName(locale: Locale, code: string): string | undefined {
  return translateKey(locale, `log.step.${code}`);
}

/** A step in a language (English: the stored form). */
export function renderStep(s: StepInput, locale: Locale = DEFAULT_LOCALE): StoredStep & { status: StepInput["status"] } {
  const details = s.text === undefined || s.text === null ? undefined : renderText(locale, s.text, english(s.text));
  return { name: stepName(locale, s.code) ?? s.code, status: s.status, ...(details !== undefined && details !== null ? { details } : {}), ...(s.at ? { at: s.at } : {}) };
}

/** The stored English of an entry's texts, and their neutral form (null when none has a key). */
export function storedTexts(e: { steps?: (StepInput | StoredStep)[] | null; reason?: Text | null; recommendation?: Text | null }): {
  steps: StoredStep[]; reason: string | null; recommendation: string | null; texts: LogTexts | null;
} {
  const steps = (e.steps ?? []).map((s) => (isStepInput(s) ? renderStep(s) : s));
  const neutralSteps = (e.steps ?? []).map((s) => (isStepInput(s) ? { code: s.code, ...(isMsg(s.text) ? { msg: s.text } : {}) } : null));
  const reason = isMsg(e.reason) ? e.reason : undefined;
  const recommendation = isMsg(e.recommendation) ? e.recommendation : undefined;
  const any = neutralSteps.some(Boolean) || reason || recommendation;
  return {
    steps,
    reason: english(e.reason ?? null),
    recommendation: english(e.recommendation ?? null),
    texts: any ? { ...(neutralSteps.some(Boolean) ? { steps: neutralSteps } : {}), ...(reason ? { reason } : {}), ...(recommendation ? { recommendation } : {}) } : null,
  };
}

/**
 * The entry's human texts in a language: step names, step details, reason, recommendation.
 * English answers the stored English as is; a text without a neutral form reads as stored.
 */
export function localizeEntry<E extends { steps: StoredStep[]; reason: string | null; recommendation: string | null }>(entry: E, texts: LogTexts | null | undefined, locale: Locale): E {
  if (locale === DEFAULT_LOCALE || !texts) return entry;
  const steps = entry.steps.map((s, i) => {
    const known = texts.steps?.[i];
    const name = known?.code ? stepName(locale, known.code) ?? s.name : s.name;
    const details = known?.msg ? renderText(locale, known.msg, s.details) : s.details;
    return { ...s, name, ...(details !== undefined && details !== null ? { details } : {}) };
  });
  return {
    ...entry,
    steps,
    reason: renderText(locale, texts.reason, entry.reason),
    recommendation: renderText(locale, texts.recommendation, entry.recommendation),
  };
}
