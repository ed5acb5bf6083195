// Which language a portal page renders in (issue 18): the signed-in admin's stored choice, else
// the `locale` cookie (the language menu's choice on this browser, kept after sign-out), else the
// browser's Accept-Language, else English. Pure: i18n/request.ts does the reading.
import { isLocale, type Locale } from "./locales";
import { negotiateLocale } from "./negotiate";

/** The cookie the language menu writes (also read on the sign-in page, before anyone is signed in). */
export const LOCALE_COOKIE = "locale";

export function chooseLocale(input: { stored?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.stored)) return input.stored;
  if (isLocale(input.cookie)) return input.cookie;
  return negotiateLocale(input.acceptLanguage);
}
