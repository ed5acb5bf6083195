"use client";
import { LogOut, UserCircle2 } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useActor } from "./actor-context";
import { LanguageMenu } from "./language-menu";
import { MobileNavButton } from "./left-nav";

// Text on #0f6cbd is plain white (5.0:1): the translucent greys it used were 4.05:1 and 3.74:1.
/**
 * Sign out is a form posting to next-auth's sign-out endpoint, so it works before hydration (a
 * click on a slow machine used to do nothing); once hydrated, next-auth's client signOut() runs
 * instead and also clears its client state. Without the CSRF token next-auth asks to confirm.
 */
export function TopBar({ csrfToken }: { csrfToken?: string }) {
  const actor = useActor();
  const t = useTranslations("shell");
  const role = t(`role.${actor.role}`);
  return (
    <header className="flex h-10 min-w-0 shrink-0 items-center justify-between gap-2 bg-[#0f6cbd] px-4 text-white">
      <div className="flex min-w-0 items-center">
        <MobileNavButton />
        {/* eslint-disable-next-line i18n/no-literal-string -- the product's name */}
        <Link href="/" className="truncate text-sm font-semibold tracking-wide">Provisio <span className="hidden font-normal sm:inline">{t("tagline")}</span></Link>
      </div>
      <div className="flex min-w-0 items-center gap-3 text-sm">
        <LanguageMenu />
        <span className="flex min-w-0 items-center gap-1.5" data-testid="signed-in-admin" title={`${actor.email} (${role})`}>
          <UserCircle2 size={18} aria-hidden className="shrink-0" />
          <span className="hidden truncate sm:inline sm:max-w-[16rem]">{actor.email}</span>
          <span className="sr-only sm:hidden">{actor.email}</span>
          <span className="hidden md:inline">({role})</span>
        </span>
        <form
          method="post"
          action="/api/auth/signout"
          onSubmit={(e) => {
            e.preventDefault();
            void signOut({ callbackUrl: "/signin" });
          }}
        >
          {csrfToken ? <input type="hidden" name="csrfToken" value={csrfToken} /> : null}
          <input type="hidden" name="callbackUrl" value="/signin" />
          <button type="submit" className="flex shrink-0 items-center gap-1 rounded px-2 py-1 hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-white">
            <LogOut size={14} aria-hidden /> {t("signOut")}
          </button>
        </form>
      </div>
    </header>
  );
}
