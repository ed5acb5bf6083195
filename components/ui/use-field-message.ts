"use client";
// A schema's validation message ("mail must be an email address") in the page's language; the
// field names in it stay as they are (lib/i18n/field-messages.ts). Unknown shapes read as written.
import { useTranslations } from "next-intl";
import { translateFieldMessage } from "@/lib/i18n/field-messages";

export function useFieldMessage(): (message: string | undefined) => string | undefined {
  const t = useTranslations() as unknown as { (key: string, values?: Record<string, string>): string; has(key: string): boolean };
  return (message) => (message ? translateFieldMessage(message, (key, values) => (t.has(key) ? t(key, values) : undefined)) : message);
}
