// Accept-Language → one of the portal's locales (RFC 9110 §12.5.4): the highest-q range that
// names a supported language wins, ties keep header order; q=0 excludes; "*" means the default.
// Simplified Chinese is zh, zh-CN, zh-SG, zh-MY and zh-Hans(-…); Traditional (zh-TW, zh-HK,
// zh-MO, zh-Hant) is not offered and falls through to the next range. Pure.
import { DEFAULT_LOCALE, type Locale } from "./locales";

const MAX_HEADER = 4096;
const MAX_RANGES = 50;

function localeOf(range: string): Locale | null {
  const parts = range.toLowerCase().split("-");
  if (parts[0] === "*") return DEFAULT_LOCALE;
  if (parts[0] === "en") return "en";
  if (parts[0] !== "zh") return null;
  const rest = parts.slice(1);
  if (rest.includes("hant") || rest.some((p) => p === "tw" || p === "hk" || p === "mo")) return null;
  return "zh-CN";
}

export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges: { locale: Locale; q: number; i: number }[] = [];
  const items = acceptLanguage.slice(0, MAX_HEADER).split(",").slice(0, MAX_RANGES);
  items.forEach((item, i) => {
    const [tag, ...params] = item.trim().split(";");
    const name = tag?.trim() ?? "";
    if (!/^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$/.test(name)) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*(.*?)\s*$/i.exec(p);
      if (m) q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(m[1]!) ? Number(m[1]) : NaN;
    }
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    const locale = localeOf(name);
    if (locale) ranges.push({ locale, q, i });
  });
  ranges.sort((a, b) => b.q - a.q || a.i - b.i);
  return ranges[0]?.locale ?? DEFAULT_LOCALE;
}

/** The locale a request's Accept-Language asks for (API `message` fields, emails sent on a request). */
export function localeFromHeaders(headers: { get(name: string): string | null }): Locale {
  return negotiateLocale(headers.get("accept-language"));
}
