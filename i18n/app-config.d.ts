// Typed catalogue keys (issue 18): t("…") with a key missing from the English catalogue, or a
// locale that is not the portal's, fails to type-check.
import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
