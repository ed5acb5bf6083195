// next-intl's per-request configuration, without locale-prefixed routes (issue 18): the language
// comes from the admin's stored choice, else the `locale` cookie, else Accept-Language, else English.
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { getRequestConfig } from "next-intl/server";
import { chooseLocale, LOCALE_COOKIE } from "@/lib/i18n/choose-locale";
import { loadMessages } from "@/lib/i18n/messages";
import { sessionLocale } from "@/lib/i18n/session-locale";

export default getRequestConfig(async () => {
  const store = await cookies();
  const h = await headers();
  const locale = chooseLocale({
    stored: await sessionLocale(store as unknown as NextRequest["cookies"]),
    cookie: store.get(LOCALE_COOKIE)?.value,
    acceptLanguage: h.get("accept-language"),
  });
  return { locale, messages: loadMessages(locale) };
});
