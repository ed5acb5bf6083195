// Locale-aware formatting of dates, numbers and durations. Pure and framework-free: usable from
// client components, the API, emails and the worker. English output matches what the portal
// printed before localization ("1,234", "12 s", "2 min 5 s", "1 h 3 min").
import type { Locale } from "./locales";

export type DateStyle = "full" | "long" | "medium" | "short";

export function formatNumber(locale: Locale, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale === "en" ? "en-US" : locale, options).format(n);
}

export function formatDateTime(locale: Locale, date: Date | string | number, options: Intl.DateTimeFormatOptions & { timeZone?: string } = { dateStyle: "medium", timeStyle: "short" }): string {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return String(date);
  return new Intl.DateTimeFormat(locale === "en" ? "en-US" : locale, options).format(d);
}

const UNITS: Record<Locale, { ms: string; s: string; min: string; h: string; sep: string }> = {
  en: { ms: " ms", s: " s", min: " min", h: " h", sep: " " },
  "zh-CN": { ms: " 毫秒", s: " 秒", min: " 分钟", h: " 小时", sep: " " },
};

/** A duration in milliseconds: "350 ms", "12 s", "2 min 5 s", "1 h 3 min" (zh-CN: "12 秒", "2 分钟 5 秒"). */
export function formatDuration(locale: Locale, ms: number): string {
  const u = UNITS[locale];
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}${u.ms}`;
  return formatSecondsIn(locale, Math.round(ms / 1000));
}

/** A whole number of seconds: "12 s", "2 min 5 s", "1 h 3 min". */
export function formatSecondsIn(locale: Locale, s: number): string {
  const u = UNITS[locale];
  if (s < 60) return `${s}${u.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}${u.min}${u.sep}${s % 60}${u.s}`;
  return `${Math.floor(m / 60)}${u.h}${u.sep}${m % 60}${u.min}`;
}
