// zod's built-in issue messages in a portal language (zod ships the translations). A schema's own
// custom messages take precedence and stay as written. Used per parse, never globally.
import { z } from "zod";
import type { Locale } from "./locales";

const MAPS: Partial<Record<Locale, z.core.$ZodErrorMap>> = {};

export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap | undefined {
  if (locale === "en") return undefined;
  return (MAPS[locale] ??= z.locales.zhCN().localeError);
}
