"use client";
import * as DM from "@radix-ui/react-dropdown-menu";
import { Check, ChevronDown, Languages } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import { api } from "@/lib/api/client";
import { LOCALE_COOKIE } from "@/lib/i18n/choose-locale";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

/**
 * The top bar's language menu (English / 简体中文): stores the choice on the admin (PATCH /api/v1/me)
 * and in the `locale` cookie (so the sign-in page keeps it after sign-out), then re-renders the
 * page in the new language without a full reload.
 */
export function LanguageMenu() {
  const t = useTranslations("shell.language");
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  async function choose(next: string) {
    if (!isLocale(next) || next === locale) return;
    try {
      await api("/api/v1/me", { method: "PATCH", body: { locale: next } });
    } catch {
      toast.error(t("saveFailed"));
      return;
    }
    document.cookie = `${LOCALE_COOKIE}=${encodeURIComponent(next)}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  }

  return (
    <DM.Root>
      <DM.Trigger
        aria-label={t("label", { language: LOCALE_NAMES[locale] })}
        data-testid="language-menu"
        aria-busy={pending || undefined}
        className="flex shrink-0 items-center gap-1 rounded px-2 py-1 hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-white"
      >
        <Languages size={14} aria-hidden />
        <span className="hidden sm:inline" lang={locale}>{LOCALE_NAMES[locale]}</span>
        <ChevronDown size={12} aria-hidden />
      </DM.Trigger>
      <DM.Portal>
        <DM.Content align="end" sideOffset={4} className="z-50 min-w-[10rem] rounded border border-gray-200 bg-white py-1 text-sm text-gray-900 shadow-lg">
          <DM.Label className="px-3 py-1 text-xs font-semibold text-gray-700">{t("heading")}</DM.Label>
          <DM.RadioGroup value={locale} onValueChange={(v) => void choose(v)}>
            {LOCALES.map((l) => (
              <DM.RadioItem key={l} value={l} lang={l} className="flex cursor-pointer items-center gap-2 px-3 py-1.5 outline-none data-[highlighted]:bg-gray-100">
                <span className="w-4">
                  <DM.ItemIndicator><Check size={14} aria-hidden /></DM.ItemIndicator>
                </span>
                {LOCALE_NAMES[l]}
              </DM.RadioItem>
            ))}
          </DM.RadioGroup>
        </DM.Content>
      </DM.Portal>
    </DM.Root>
  );
}
